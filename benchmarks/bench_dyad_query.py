"""Dyad-series latency (``detente.relations.dyad_series``) on a store of 10^7 synthetic events.

    python benchmarks/bench_dyad_query.py [--events 10000000] [--runs 25] [--db /tmp/detente-bench-dyad.duckdb]

The store is generated in DuckDB with SQL (``range()``), not through the NLP pipeline: N events, two reports
per happening (N/2 clusters, one ``cluster_events`` row per event), 200 actor codes, dates over 30 years,
and one busy dyad, AZE-RUS (one cluster in 250, either direction). The ``cluster_dyads`` table is filled
with the statement ``build_clusters`` uses. The events, clusters and cluster_events tables have the store's
columns but not its key indexes (the series does not use them; building ART indexes over 10^7 keys takes
many minutes on the shared 2-core machine). The file is kept and reused when it has the asked-for size
(``--rebuild`` to start again).

Prints the median (wall clock, and CPU time of the process) of ``--runs`` calls of
``dyad_series(store, "AZE", "RUS", by=...)`` for each period unit, the share of the store queries and of
the Python baseline (alerts), and ratios against baselines measured in the same process: a plain full scan of one column of the
clusters table (``SELECT sum(score) FROM clusters``), and the reference path that reads every cluster of
the dyad into Python (a few runs: it is slow). The target (50 ms) is printed as a ratio, not asserted.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time

import _common as c

ROOT = c.ROOT
TARGET_MS = 50.0
TYPES = [("AGREE", 2.5, "VERBAL_COOP"), ("CONSULT", 4.0, "VERBAL_COOP"), ("SUPPORT", 5.0, "VERBAL_COOP"),
         ("COOPERATE", 9.5, "MATERIAL_COOP"), ("AID", 8.0, "MATERIAL_COOP"), ("REQUEST", -1.0, "VERBAL_CONFLICT"),
         ("ACCUSE", -2.0, "VERBAL_CONFLICT"), ("THREATEN", -4.4, "VERBAL_CONFLICT"),
         ("SANCTION", -6.0, "MATERIAL_CONFLICT"), ("ASSAULT", -9.0, "MATERIAL_CONFLICT")]


def generate(con, n_events: int) -> None:
    """Fill an empty, migrated store with ``n_events`` events in ``n_events // 2`` clusters."""
    from detente.store.migrations import CLUSTER_DYADS_FILL, fill_network_days

    n_clusters = n_events // 2
    t0 = [time.perf_counter()]

    def step(name):
        print(f"  {name}: {time.perf_counter() - t0[0]:.1f} s", flush=True)
        t0[0] = time.perf_counter()

    for table in ("events", "clusters", "cluster_events"):  # the same columns, without the key indexes
        con.execute(f"CREATE TABLE {table}_bench AS FROM {table} LIMIT 0")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE {table}_bench RENAME TO {table}")
    con.execute("CREATE TEMP TABLE kinds (k INTEGER, event VARCHAR, score DOUBLE, quad VARCHAR)")
    con.executemany("INSERT INTO kinds VALUES (?, ?, ?, ?)", [(i, *t) for i, t in enumerate(TYPES)])
    # One row per happening: its dyad (AZE-RUS every 250th), type, date, precision, modality.
    con.execute(f"""
        CREATE TEMP TABLE happenings AS
        SELECT j, CASE WHEN j % 250 = 0 THEN (CASE WHEN j % 500 = 0 THEN 'AZE' ELSE 'RUS' END)
                       ELSE 'C' || lpad(CAST(hash(j) % 200 AS VARCHAR), 3, '0') END AS s,
                  CASE WHEN j % 250 = 0 THEN (CASE WHEN j % 500 = 0 THEN 'RUS' ELSE 'AZE' END)
                       ELSE 'C' || lpad(CAST(hash(j * 7 + 1) % 200 AS VARCHAR), 3, '0') END AS t,
               CAST(hash(j * 3 + 2) % {len(TYPES)} AS INTEGER) AS k,
               DATE '1995-01-01' + CAST(hash(j * 5 + 3) % 11000 AS INTEGER) AS d,
               CASE WHEN j % 97 = 0 THEN 'month' WHEN j % 389 = 0 THEN 'year' ELSE 'day' END AS precision,
               j % 10 <> 3 AS happened, 0.5 + (hash(j * 11) % 50) / 100.0 AS confidence
        FROM range({n_clusters}) r(j)""")
    con.execute("""
        INSERT INTO clusters (cluster_id, event, quad, mode, source, target, source_codes, target_codes, date,
                              date_value, date_precision, score, confidence, happened, modality, mentions,
                              articles, sources, first_reported, sentence, rule)
        SELECT printf('%016x', j), kinds.event, kinds.quad, NULL, s, t, [s], [t],
               CASE precision WHEN 'month' THEN date_trunc('month', d) WHEN 'year' THEN date_trunc('year', d)
                              ELSE d END,
               CASE precision WHEN 'month' THEN strftime(d, '%Y-%m') WHEN 'year' THEN strftime(d, '%Y')
                              ELSE strftime(d, '%Y-%m-%d') END,
               precision, kinds.score, confidence, happened, CASE WHEN happened THEN 'asserted' ELSE 'hypothetical' END,
               2, 2, 2, d, 'Synthetic report ' || j || ' of ' || kinds.event || '.', 'cluster-rule@1'
        FROM happenings JOIN kinds USING (k)""")
    step("clusters")
    con.execute("""
        INSERT INTO events (key, article_id, event, score, modality, happened, confidence, date, date_value,
                            date_precision, sentence, sentence_index, source_codes, target_codes, coder)
        SELECT printf('%020x', 2 * j + x), printf('%016x', (2 * j + x) // 3), kinds.event, kinds.score,
               CASE WHEN happened THEN 'asserted' ELSE 'hypothetical' END, happened, confidence,
               d, CAST(d AS VARCHAR), precision, 'Synthetic report ' || j || '.', 0, [s], [t], 'bench@1'
        FROM happenings JOIN kinds USING (k), range(2) r(x)""")
    step("events")
    con.execute("""
        INSERT INTO cluster_events (cluster_id, event_key, article_id, outlet, similarity, rank)
        SELECT printf('%016x', j), printf('%020x', 2 * j + x), printf('%016x', (2 * j + x) // 3),
               'Outlet ' || ((2 * j + x) % 7), 1.0, x
        FROM happenings, range(2) r(x)""")
    step("cluster_events")
    con.execute(CLUSTER_DYADS_FILL)
    step("cluster_dyads")
    fill_network_days(con)
    step("dyad_days, cluster_days")
    con.execute("CHECKPOINT")
    step("checkpoint")


def timed(fn, runs: int) -> tuple[float, float]:
    """Median wall-clock and median process CPU time (all threads) of ``runs`` calls, in ms."""
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--reference-runs", type=int, default=3, help="runs of the slow reference path (0: skip)")
    ap.add_argument("--db", default="/tmp/detente-bench-dyad.duckdb")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--units", default="month,year,week,day", help="period units to time, comma-separated")
    ap.add_argument("--smoke", action="store_true", help="20,000 events in a temporary store, 3 runs")
    a = ap.parse_args(argv)
    if a.smoke:
        import tempfile

        a.events, a.runs, a.reference_runs, a.rebuild = 20_000, 3, 1, True
        a.db = os.path.join(tempfile.mkdtemp(prefix="detente-dyad-smoke-"), "dyad.duckdb")
    from detente.relations import IndexSettings, dyad_series
    from detente.relations.baseline import baseline
    from detente.relations.index import periods_in_python, periods_in_sql
    from detente.store import Store

    store = Store(a.db) if os.path.exists(a.db) else None
    if store and (a.rebuild or store.con.execute("SELECT count(*) FROM events").fetchone()[0] != a.events):
        store.close()
        store = None
        os.remove(a.db)
    if store is None:
        store = Store(a.db)
        t0 = time.perf_counter()
        generate(store.con, a.events)
        print(f"generated {a.events:,} events in {time.perf_counter() - t0:.1f} s -> {a.db}")
    con = store.con
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("events", "clusters", "cluster_events", "cluster_dyads")}
    print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items())
          + f"; DuckDB threads {con.execute('SELECT current_setting(' + repr('threads') + ')').fetchone()[0]}")

    scan, scan_cpu = timed(lambda: con.execute("SELECT sum(score) FROM clusters").fetchone(), a.runs)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores; medians over "
          f"{a.runs} runs, wall clock (CPU time of the process)")
    print(f"baseline: full scan of clusters.score          {scan:8.1f} ms ({scan_cpu:6.1f} ms CPU)")
    results = {}
    for by in a.units.split(","):
        dyad_series(store, "AZE", "RUS", by=by)  # warm: plan cache, file pages
        wall, cpu = results[by] = timed(lambda: dyad_series(store, "AZE", "RUS", by=by), a.runs)
        data = dyad_series(store, "AZE", "RUS", by=by)
        c.ratio(f"dyad series by {by} target/median", TARGET_MS / wall, f"{TARGET_MS:.0f} ms target; >= 1 meets it")
        print(f"dyad_series AZE-RUS by {by:<5} {wall:8.1f} ms ({cpu:6.1f} ms CPU); x{wall / scan:.2f} of the full "
              f"scan; target {TARGET_MS:.0f} ms / median = {TARGET_MS / wall:.2f}   "
              f"[{data['clusters']:,} happenings, {len(data['series']):,} periods]")
    wall, cpu = timed(lambda: dyad_series(store, "RUS", "AZE", directed=True), a.runs)
    print(f"dyad_series RUS->AZE directed, by month  {wall:8.1f} ms ({cpu:6.1f} ms CPU)")
    counts_points = periods_in_sql(store, "AZE", "RUS", "month", False)
    sql, sql_cpu = timed(lambda: periods_in_sql(store, "AZE", "RUS", "month", False), a.runs)
    base, base_cpu = timed(lambda: baseline([dict(p) for p in counts_points[1]], IndexSettings()), a.runs)
    print(f"  of which, by month: store queries (periods_in_sql) {sql:8.1f} ms ({sql_cpu:6.1f} ms CPU); "
          f"alerts.baseline over {len(counts_points[1])} periods {base:8.1f} ms ({base_cpu:6.1f} ms CPU)")
    if a.reference_runs:
        ref, ref_cpu = timed(lambda: periods_in_python(store, "AZE", "RUS", "month", False), a.reference_runs)
        print(f"reference path (every cluster into Python), by month: {ref:8.1f} ms ({ref_cpu:6.1f} ms CPU) over "
              f"{a.reference_runs} runs; its store part is x{ref / sql:.1f} the fast path's")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
