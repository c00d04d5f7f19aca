"""The REST API on a store of 10^7 synthetic events: start-up time, RSS and every endpoint's median latency.

    python benchmarks/bench_server.py [--events 10000000] [--runs 7] [--db /tmp/detente-bench-server.duckdb]
    python benchmarks/bench_server.py --smoke        # 20,000 events in a temporary store

The store is generated in DuckDB SQL (``bench_dyad_query.generate``: events, clusters, cluster_events,
cluster_dyads), plus one article per three events (a short synthetic title and text), two event_actors rows per
event, actor mentions and stance rows; it is kept and reused when it has the asked-for size. Then `detente serve`
is started on loopback (after the search index beside the store is brought up to date, as a first `serve`
does in the background) and timed until /api answers (its peak RSS read from /proc), and each endpoint is called
``--runs`` times after one warm-up call: the median wall time per endpoint (a request timing out counts as its
timeout) is printed as a Markdown table (the one in benchmarks/README.md), with each endpoint's ratio to the
300 ms target.
"""
from __future__ import annotations

import argparse
import math
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import _common as c

TARGET_MS = 300.0
ENDPOINTS = [  # (name, path): every route of the app (detente/web/app.py) but the POST of an article
    ("dashboard", "/"),
    ("static file", "/static/app.js"),
    ("openapi", "/openapi.json"),
    ("meta", "/api"),
    ("articles", "/api/articles?limit=100"),
    ("articles deep page", "/api/articles?limit=100&after={article_after}"),
    ("articles deep offset", "/api/articles?limit=100&offset=1000000"),
    ("article", "/api/articles/{article}"),
    ("events", "/api/events?limit=100"),
    ("events deep page", "/api/events?limit=100&after={event_after}"),
    ("events deep offset", "/api/events?limit=100&offset=1000000"),
    ("events last offset", "/api/events?limit=100&offset=9999950"),
    ("events type deep offset", "/api/events?type=ACCUSE&limit=100&offset=500000"),
    ("events csv", "/api/events?limit=100&format=csv"),
    ("events places", "/api/events?format=places"),
    ("events places dyad", "/api/events?dyad=AZE,RUS&format=places"),
    ("events dyad", "/api/events?dyad=AZE,RUS&limit=100"),
    ("events actor+type", "/api/events?actor=C042&type=ACCUSE&limit=100"),
    ("events text", "/api/events?q=report&limit=100"),
    ("event", "/api/events/{event}"),
    ("actors", "/api/actors"),
    ("dyads", "/api/dyads"),
    ("series month", "/api/dyads/AZE/RUS/series?by=month"),
    ("series day", "/api/dyads/AZE/RUS/series?by=day"),
    ("series week", "/api/dyads/AZE/RUS/series?by=week"),
    ("series year", "/api/dyads/AZE/RUS/series?by=year"),
    ("clusters", "/api/clusters?a=AZE&b=RUS&limit=100"),
    ("clusters all", "/api/clusters?limit=100"),
    ("network", "/api/network?from=2020-01-01&to=2020-12-31"),
    ("network all years", "/api/network"),
    ("stance", "/api/stance"),
    ("search common", "/api/search?q=report"),
    ("search rare", "/api/search?q=AZE"),
    ("alerts", "/api/alerts?actor=AZE"),
    ("alerts all dyads", "/api/alerts"),
]


def generate(con, n_events: int) -> None:
    import bench_dyad_query

    bench_dyad_query.generate(con, n_events)
    t0 = time.perf_counter()
    con.execute("UPDATE events SET sentence_start = 0, trigger_start = 10, trigger_end = 16, trigger_text = 'report'")
    con.execute("""
        INSERT INTO articles (id, title, url, author, outlet, published, language, reader, source, status, text,
                              coder, analysed_at)
        SELECT article_id, 'Synthetic article ' || article_id, 'https://example.org/' || article_id, NULL,
               'Outlet ' || (hash(article_id) % 7), min(date), 'en', 'jsonl', 'bench', 'ok',
               string_agg(sentence, ' ') || ' The report names ' || min(source_codes[1]) || ' and '
                   || min(target_codes[1]) || '.', 'bench@1', TIMESTAMP '2024-01-01'
        FROM events GROUP BY article_id""")
    con.execute("""
        INSERT INTO event_actors (event_key, role, idx, code, sector, name, actor_id, text, start, "end")
        SELECT key, 'source', 0, source_codes[1], 'GOV', source_codes[1], NULL, source_codes[1], 0, 3 FROM events
        UNION ALL
        SELECT key, 'target', 0, target_codes[1], 'GOV', target_codes[1], NULL, target_codes[1], 5, 8 FROM events""")
    con.execute("""
        INSERT INTO actors (article_id, start, "end", text, code, sector, name, actor_id)
        SELECT DISTINCT ON (article_id) article_id, 0, 3, source_codes[1], source_codes[1], 'GOV', source_codes[1], NULL
        FROM events""")
    con.execute("""
        INSERT INTO stance (article_id, actor, polarity, mentions)
        SELECT id, 'C' || lpad(CAST(hash(id) % 200 AS VARCHAR), 3, '0'), (CAST(hash(id) % 200 AS INTEGER) - 100) / 100.0, 1
        FROM articles""")
    from detente.store import aggregates
    from detente.store.migrations import DYAD_STATS_SELECT, EVENT_PAIRS_FILL, sort_articles, sort_events

    con.execute("DELETE FROM dyad_stats")
    con.execute("DELETE FROM event_pairs")
    con.execute(EVENT_PAIRS_FILL)
    con.execute("INSERT INTO dyad_stats " + DYAD_STATS_SELECT.format(source="event_pairs"))
    aggregates.refill(con)  # what the write path keeps current (m009, m012)
    aggregates.refill_days(con)
    from detente.relations.alerts import keep
    from detente.store import kept

    kept.refill_places(con)  # what the write path keeps (m014) and the clusters' rewrite writes (m015, m016)
    kept.fill_ranks(con)
    keep(con)
    sort_events(con)  # the order migrations m008 and m010 give a store
    sort_articles(con)
    con.execute("CHECKPOINT")
    print(f"  articles, event_actors, actors, stance, event_pairs, aggregates, kept tables, order: "
          f"{time.perf_counter() - t0:.1f} s", flush=True)


def real_indexes(con) -> None:
    """The key indexes a real store has (the generated tables lack them: bench_dyad_query): events by key and
    by article, clusters by id, so single-event and article pages and a dyad's clusters are measured as a real
    store answers them."""
    t0 = time.perf_counter()
    have = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'events'").fetchall()}
    pk = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'events' "
                     "AND constraint_type = 'PRIMARY KEY'").fetchone()[0]
    if not pk and "events_key" not in have:
        con.execute("CREATE UNIQUE INDEX events_key ON events (key)")
    if "events_article" not in have:
        con.execute("CREATE INDEX events_article ON events (article_id)")
    con.execute("CREATE INDEX IF NOT EXISTS event_actors_key ON event_actors (event_key)")  # m010's
    keyed = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'clusters' "
                        "AND constraint_type = 'PRIMARY KEY'").fetchone()[0]
    if not keyed:  # m003's primary key: a dyad's clusters are read by id (detente.store.relations.clusters)
        con.execute("CREATE UNIQUE INDEX IF NOT EXISTS clusters_key ON clusters (cluster_id)")
    con.execute("CHECKPOINT")
    print(f"  key indexes: {time.perf_counter() - t0:.1f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float) -> tuple[int, float]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, TimeoutError, OSError):
        return 0, timeout * 1000
    return status, (time.perf_counter() - t0) * 1000


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (with few runs, p95 is the slowest run)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * q / 100) - 1))]


def peak_rss_mib(pid: int) -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    ap.add_argument("--db", default="/tmp/detente-bench-server.duckdb")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--only", default="", help="endpoint names to time, comma-separated")
    ap.add_argument("--smoke", action="store_true", help="20,000 events in a temporary store, 2 runs")
    a = ap.parse_args(argv)
    if a.smoke:
        a.events, a.runs, a.rebuild, a.timeout = 20_000, 2, True, 120.0
        a.db = os.path.join(tempfile.mkdtemp(prefix="detente-server-smoke-"), "server.duckdb")
    from detente.store import Store

    if a.rebuild and os.path.exists(a.db):
        os.remove(a.db)
    store = Store(a.db)
    if store.con.execute("SELECT count(*) FROM events").fetchone()[0] != a.events:
        store.close()
        os.remove(a.db)
        store = Store(a.db)
        t0 = time.perf_counter()
        generate(store.con, a.events)
        print(f"generated {a.events:,} events in {time.perf_counter() - t0:.1f} s -> {a.db}", flush=True)
    from detente.store.search import SearchIndex, index_path

    t0, index = time.perf_counter(), SearchIndex(index_path(a.db))  # built once, as a first `serve` would
    size = index.update(store.con)
    index.close()
    print(f"search index up to date in {time.perf_counter() - t0:.1f} s: {size}", flush=True)
    real_indexes(store.con)
    article = store.con.execute("SELECT min(id) FROM articles").fetchone()[0]
    event = store.con.execute("SELECT min(key) FROM events").fetchone()[0]
    # the cursors of the rows a page at offset 1,000,000 starts after (keyset pagination, detente.store.paging)
    from detente.store.paging import article_cursor, event_cursor
    from detente.store.queries import rows

    deep = min(1_000_000, a.events // 3)
    article_after = article_cursor(rows(store.con, "SELECT published, id FROM articles ORDER BY published NULLS LAST, "
                                                   "id LIMIT 1 OFFSET ?", [deep - 1])[0])
    event_after = event_cursor(rows(store.con, "SELECT date, article_id, sentence_index, trigger_start, key FROM events "
                                               "ORDER BY date NULLS LAST, article_id, sentence_index, trigger_start, key "
                                               "LIMIT 1 OFFSET ?", [deep - 1])[0])
    store.close()
    if a.generate_only:
        return 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(a.db + ".serve.log", "w")
    t0 = time.perf_counter()
    server = subprocess.Popen([*c.DETENTE, "serve", "--db", a.db, "--host", "127.0.0.1", "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        while get(base + "/api", 5)[0] != 200:
            if server.poll() is not None or time.perf_counter() - t0 > 600:
                raise SystemExit(f"the server did not start; see {a.db}.serve.log")
            time.sleep(0.2)
        startup = time.perf_counter() - t0
        rss_start = peak_rss_mib(server.pid)
        print(f"load average {c.load()}; {a.events:,} events; server answered /api after {startup:.1f} s, "
              f"peak RSS {rss_start:.0f} MiB", flush=True)
        only = {x for x in a.only.split(",") if x}
        print(f"\n| endpoint | request | median ms (of {a.runs}) | p95 ms | target/median |\n|---|---|---:|---:|---:|")
        worst = 0.0
        for name, path in ENDPOINTS:
            if only and name not in only:
                continue
            url = base + path.format(article=article, event=event, article_after=article_after,
                                     event_after=event_after)
            status, _ = get(url, a.timeout)  # warm-up
            times = []
            for _ in range(a.runs):  # once a request has timed out, the rest count as timeouts unsent (the server
                # would still be computing the abandoned ones side by side)
                times.append(get(url, a.timeout) if status and (not times or times[-1][0]) else (0, a.timeout * 1000))
            med = statistics.median(t for _, t in times)
            p95 = percentile([t for _, t in times], 95)
            statuses = {s for s, _ in times} | {status}
            worst = max(worst, med)
            flag = "" if statuses == {200} else f" (status {sorted(statuses)})"
            print(f"| {name} | `{path.format(article='ID', event='KEY', article_after='CURSOR', event_after='CURSOR')}` | {med:.0f}{flag} | {p95:.0f} | {TARGET_MS / med:.2f} |",
                  flush=True)
        rss = peak_rss_mib(server.pid)
        # SIGTERM during a long request (every dyad's alerts by day): seconds until the server has exited
        import threading

        threading.Thread(target=get, args=(base + "/api/alerts?by=day&limit=1", 600), daemon=True).start()
        time.sleep(1.0)
        t_term = time.perf_counter()
        server.terminate()
        try:
            server.wait(timeout=120)
            stopped = time.perf_counter() - t_term
        except subprocess.TimeoutExpired:
            stopped = float("inf")
        print(f"SIGTERM during a long request: the server exited after {stopped:.1f} s", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    print(f"\nserver peak RSS {rss:.0f} MiB (at start-up {rss_start:.0f} MiB); start-up {startup:.1f} s")
    c.ratio("server 300 ms/slowest endpoint median", TARGET_MS / worst, ">= 1: every endpoint under 300 ms")
    c.ratio("server 5 s/start-up", 5.0 / startup, ">= 1: start-up under 5 s")
    c.ratio("server 1 GiB/peak RSS", 1024 / rss, ">= 1: under 1 GiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
