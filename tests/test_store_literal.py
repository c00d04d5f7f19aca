"""SQL literals (detente.store.literal): every value reads back exactly, and the write path needs no pandas."""
import datetime
import math
import os
import subprocess
import sys
import textwrap

import duckdb
import pytest

from detente.store.literal import in_list, inline, json_columns, literal, rows

TRICKY_TEXTS = ["plain", "", "it's a 'quote'", "back\\slash \\n not a newline", "tab\tand\nnewline",
                "nul\x00inside", "Ümlaut – dash, 東京, emoji 🙂", "?", "-- not a comment", "/* nor this */",
                '"double" quotes']
FLOATS = [0.0, -0.0, 0.1, 1.5, -7.0, 2.0 ** 60, 1e-300, 5e-324, 0.30000000000000004, 123456789.12345678,
          -179.99999999999997, float("inf"), float("-inf")]


@pytest.fixture
def con():
    c = duckdb.connect()
    yield c
    c.close()


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_strings_read_back_unchanged(con, text):
    assert con.execute(f"SELECT {literal(text)}").fetchone()[0] == text


def test_floats_read_back_bit_for_bit(con):
    got = [r[0] for r in con.execute(f"SELECT x FROM (VALUES {rows([(f,) for f in FLOATS])}) t(x)").fetchall()]
    assert [math.copysign(1, g) for g in got] == [math.copysign(1, f) for f in FLOATS]
    assert got == FLOATS
    assert math.isnan(con.execute(f"SELECT {literal(float('nan'))}").fetchone()[0])
    assert con.execute(f"SELECT typeof({literal(1.5)})").fetchone()[0] == "DOUBLE"  # not DECIMAL(2,1)


def test_other_types(con):
    values = [None, True, False, 0, -12, 2 ** 62, datetime.date(2024, 2, 29),
              datetime.datetime(2024, 2, 29, 23, 59, 58, 123456), ["a", "it's", None], ()]
    got = con.execute("SELECT " + ", ".join(map(literal, values))).fetchone()
    assert list(got) == [None, True, False, 0, -12, 2 ** 62, datetime.date(2024, 2, 29),
                         datetime.datetime(2024, 2, 29, 23, 59, 58, 123456), ["a", "it's", None], []]
    with pytest.raises(TypeError, match="no SQL literal"):
        literal(object())


def test_in_list_matches_exactly_the_given_ids(con):
    con.execute("CREATE TABLE t (id VARCHAR)")
    con.execute("INSERT INTO t VALUES ('a'), ('it''s'), ('c')")
    wanted = ["a", "it's"]
    assert sorted(r[0] for r in con.execute(f"SELECT id FROM t WHERE id IN ({in_list(wanted)})").fetchall()) == wanted
    assert con.execute(f"SELECT count(*) FROM t WHERE id IN ({in_list([])})").fetchone()[0] == 0


def test_inline_fills_placeholders_outside_quotes_and_comments(con):
    sql = "SELECT ? AS a, '?' AS b, \"?\" AS c, ? AS d -- ?\n"
    con.execute("CREATE TABLE x (\"?\" INTEGER)")
    con.execute("INSERT INTO x VALUES (7)")
    filled = inline(sql + "FROM x /* ? */", ["it's", 2.5])
    assert con.execute(filled).fetchone() == ("it's", "?", 7, 2.5)
    assert inline("SELECT 1", []) == "SELECT 1"
    with pytest.raises(ValueError):
        inline("SELECT ?, ?", [1])
    with pytest.raises(ValueError):
        inline("SELECT ?", [1, 2])


def test_json_columns_append_typed_rows(con):
    con.execute("CREATE TABLE t (s VARCHAR, f DOUBLE, b BOOLEAN, d DATE, ts TIMESTAMP, l VARCHAR[], i INTEGER)")
    given = [(text, f, i % 2 == 0, "2024-01-0%d" % (1 + i % 9), datetime.datetime(2024, 1, 1, 0, 0, i),
              [text, None], i) for i, (text, f) in enumerate(zip(TRICKY_TEXTS, FLOATS))]
    given.append((None, None, None, None, None, None, None))
    con.execute("INSERT INTO t " + json_columns(given, ["VARCHAR", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP",
                                                       "VARCHAR[]", "INTEGER"]))
    got = con.execute("SELECT * FROM t").fetchall()  # one statement's rows keep their order
    assert [r[0] for r in got] == [g[0] for g in given]
    assert [r[1] for r in got] == [g[1] for g in given]
    assert [r[5] for r in got] == [g[5] for g in given]
    assert got[3][3] == datetime.date(2024, 1, 4) and got[3][4] == datetime.datetime(2024, 1, 1, 0, 0, 3)


def test_the_write_path_imports_no_pandas(tmp_path):
    """Migrations, a batch write (re-written by another coder), a quarantined input and the clusters with their
    alerts and their evidence: DuckDB's Python client would import pandas (about 0.35 CPU-s) at the first bound parameter or
    scanned Python object."""
    tests = os.path.dirname(__file__)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {tests!r})
        from detente.store import Store
        from detente.intake import refresh_clusters
        from detente.store.relations import worst_clusters
        from records import sample_analysis, TEXT
        with Store({str(tmp_path / "s.duckdb")!r}) as store:
            store.write_batch([sample_analysis(), sample_analysis(TEXT.replace("Baku", "Ganja"))], "c1")
            store.write_batch([sample_analysis()], "c2")
            store.quarantine("somewhere.txt", "unreadable: it's broken", "text", stage="read")
            refresh_clusters(store, True)
            assert store.counts()["articles"] == 2
            worst_clusters(store, [("AZE", "RUS", 1), ("RUS", "UKR", 2)])  # the alerts' evidence for picks
        assert "pandas" not in sys.modules, "the write path imported pandas"
        """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.dirname(tests), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.slow
def test_analyze_imports_no_pandas(tmp_path):
    """The whole ``analyze`` (read, quarantine, detect languages, parse, every stage, store, clusters) on the
    project's own test articles, in a fresh process: pandas is never imported."""
    root = os.path.dirname(os.path.dirname(__file__))
    script = textwrap.dedent(f"""
        import sys
        import detente
        report = detente.analyze([{os.path.join(root, "tests", "data", "articles.jsonl")!r}],
                                 db={str(tmp_path / "a.duckdb")!r})
        assert report.analysed == 3 and len(report.quarantined) == 2, report  # two broken records: quarantined
        assert "pandas" not in sys.modules, "analyze imported pandas"
        """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
