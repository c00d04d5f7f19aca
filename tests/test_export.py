"""Exporters over the hand-built sample store: GDELT 2.0 events and mentions, POLECAT JSONL, Parquet, CSV."""
import json

import duckdb
import pytest
from typer.testing import CliRunner

from browser import sample
from detente.errors import UsageError
from detente.export import export
from detente.export.tone import tone
from detente.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, goldstein_of, quad_class
from detente.store import Store
from detente.store.queries import EventFilter

HAPPENED = 17  # of the sample's 20 events, 17 are asserted or historical


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("export") / "sample.duckdb")
    s = sample.build(path)
    yield s
    s.close()


def read_tsv(path, columns):
    return duckdb.connect().execute(
        "SELECT * FROM read_csv(?, delim='\t', header=false, names=?, quote='', escape='')",
        [str(path), columns])


def test_gdelt_loads_in_duckdb_with_gdelt_columns(store, tmp_path):
    out = tmp_path / "events.tsv"
    result = export(store, "gdelt", str(out))
    assert result.rows == HAPPENED and len(EVENT_COLUMNS) == 61
    cur = read_tsv(out, EVENT_COLUMNS)
    assert [d[0] for d in cur.description] == EVENT_COLUMNS
    rows = [dict(zip(EVENT_COLUMNS, r)) for r in cur.fetchall()]
    assert len(rows) == HAPPENED == len({r["GLOBALEVENTID"] for r in rows})
    raid = next(r for r in rows if r["SOURCEURL"] == "https://example.org/a/6")
    assert (raid["Actor1Code"], raid["Actor1CountryCode"], raid["Actor1Type1Code"]) == ("AZECOP", "AZE", "COP")
    assert (raid["Actor2Code"], raid["Actor2Type1Code"]) == ("RUSJRN", "JRN")
    assert (str(raid["EventCode"]), str(raid["EventRootCode"]), raid["QuadClass"]) == ("1711", "17", 4)
    assert raid["GoldsteinScale"] == goldstein_of("1711")
    assert (raid["SQLDATE"], raid["MonthYear"], raid["Year"]) == (20250701, 202507, 2025)
    assert raid["ActionGeo_FullName"] == "Baku" and raid["ActionGeo_Lat"] == pytest.approx(40.4093)
    assert (raid["NumMentions"], raid["NumSources"], raid["NumArticles"], raid["IsRootEvent"]) == (1, 1, 1, 1)
    text = store.con.execute("SELECT text FROM articles WHERE url = ?", [raid["SOURCEURL"]]).fetchone()[0]
    assert raid["AvgTone"] == pytest.approx(tone(text), abs=1e-3)


def test_tone_counts_valenced_words_as_gdelt_does():
    assert tone("Police raided the office and arrested two reporters.") < 0
    assert tone("The ministers welcomed the agreement and praised the cooperation.") > 0
    assert tone("The ministers met on Tuesday.") == 0.0
    assert tone("") is None and tone("12 34") is None


def test_gdelt_header_and_filters(store, tmp_path):
    out = tmp_path / "h.tsv"
    export(store, "gdelt", str(out), EventFilter(dyad=("AZE", "RUS")), header=True)
    lines = out.read_text().splitlines()
    assert lines[0].split("\t") == EVENT_COLUMNS
    assert all(len(line.split("\t")) == 61 for line in lines)
    none = export(store, "gdelt", str(out), EventFilter(modalities=("negated",)))
    assert none.rows == 0 and out.read_text() == ""


def test_goldstein_and_quads():
    assert goldstein_of("042") == 1.9 and goldstein_of("0211") == 3.4
    assert goldstein_of("1999") == goldstein_of("19")  # an unknown leaf falls back to its root
    assert [quad_class(c) for c in ("042", "061", "112", "1711", "20")] == [1, 2, 3, 4, 4]


def test_mentions_offsets_point_at_the_text(store, tmp_path):
    out = tmp_path / "mentions.tsv"
    assert export(store, "mentions", str(out)).rows == HAPPENED
    rows = [dict(zip(MENTION_COLUMNS, r)) for r in read_tsv(out, MENTION_COLUMNS).fetchall()]
    events = {e["key"]: e for e in store.events(limit=100)}
    for r in rows:
        key = r["Extras"].split("<EventKey>")[1].split("<")[0]
        e = events[key]
        text = store.con.execute("SELECT text FROM articles WHERE id = ?", [e["article_id"]]).fetchone()[0]
        assert r["SentenceID"] == e["sentence_index"] + 1
        assert text[r["ActionCharOffset"]:].startswith(e["trigger_text"])
        assert r["MentionDocLen"] == len(text)
        assert r["MentionDocTone"] == pytest.approx(tone(text), abs=1e-3)
    gdelt_ids = {r[0] for r in read_tsv(_gdelt(store, tmp_path), EVENT_COLUMNS).fetchall()}
    assert {r["GLOBALEVENTID"] for r in rows} == gdelt_ids


def _gdelt(store, tmp_path):
    out = tmp_path / "events.tsv"
    export(store, "gdelt", str(out))
    return out


def test_polecat_tsv_has_the_release_columns_in_order(store, tmp_path):
    from detente.export.polecat import COLUMNS

    out = tmp_path / "polecat.tsv"
    assert export(store, "polecat", str(out)).rows == 20
    lines = out.read_text().splitlines()
    assert lines[0].split("\t") == COLUMNS and len(COLUMNS) == len(set(COLUMNS)) == 40
    assert COLUMNS[:7] == ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
                           "Contexts"]
    assert COLUMNS[-3:] == ["Story Locations", "Language", "Version"]
    rows = [dict(zip(COLUMNS, line.split("\t"))) for line in lines[1:]]
    assert len(rows) == 20 and all(len(line.split("\t")) == len(COLUMNS) for line in lines)
    raid = next(r for r in rows if r["Event Type"] == "COERCE" and r["Source"] == "Baku Ledger")
    assert (raid["Actor Country"], raid["Primary Recipient Sector"]) == ("AZE", "JRN")
    assert raid["Quad Code"] == "MATERIAL CONFLICT" and raid["Event Date"][:4].isdigit()


def test_polecat_jsonl(store, tmp_path):
    out = tmp_path / "polecat.jsonl"
    assert export(store, "polecat-jsonl", str(out)).rows == 20
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 20
    for key in ("event_type", "mode", "context", "source_actor", "source_country", "source_sector", "target_actor",
                "target_country", "target_sector", "event_date", "placename", "latitude", "sentence", "coder",
                "version", "modality"):
        assert key in records[0]
    raid = next(r for r in records if r["trigger"] == "raided" and r["publisher"] == "Baku Ledger")
    assert (raid["event_type"], raid["mode"], raid["source_country"], raid["target_sector"]) == \
        ("COERCE", "seize", "AZE", "JRN")
    s, e = raid["trigger_offsets"]
    assert raid["sentence"][s - raid["sentence_start"]:e - raid["sentence_start"]] == "raided"


def test_parquet_partitioned_by_month(store, tmp_path):
    out = tmp_path / "pq"
    assert export(store, "parquet", str(out)).rows == 20
    months = sorted(p.name for p in out.iterdir())
    assert months[0] == "month=2024-02" and "month=2025-07" in months
    con = duckdb.connect()
    n, m = con.execute("SELECT count(*), count(DISTINCT month) FROM read_parquet(?, hive_partitioning=true)",
                       [str(out / "*" / "*.parquet")]).fetchone()
    assert (n, m) == (20, len(months))
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                             [str(out / "*" / "*.parquet")]).fetchall())
    assert types["date"] == "DATE" and types["published"] == "DATE" and types["analysed_at"].startswith("TIMESTAMP")
    with pytest.raises(UsageError):
        export(store, "parquet", "-")


def test_csv_and_jsonl(store, tmp_path):
    assert export(store, "csv", str(tmp_path / "e.csv")).rows == 20
    lines = (tmp_path / "e.csv").read_text().splitlines()
    assert lines[0].startswith("key,article_id,event") and len(lines) == 21
    assert export(store, "jsonl", str(tmp_path / "e.jsonl")).rows == 20
    first = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[0])
    assert first["source_text"] and first["outlet"]
    with pytest.raises(UsageError):
        export(store, "xml", "-")


def test_gdelt_counts_come_from_clusters(tmp_path):
    """Two outlets reporting the same raid are one GDELT event with two mentions, sources and articles."""
    relations = pytest.importorskip("detente.relations")
    import dataclasses

    analyses = sample.analyses()
    raid = next(a for a in analyses if a.article.outlet == "Baku Ledger" and "Sputnik" in a.article.text)
    other = dataclasses.replace(raid.article, id="f" * 16, outlet="Other Wire", url="https://example.org/b/1")
    path = str(tmp_path / "c.duckdb")
    with Store(path) as s:
        for a in analyses + [dataclasses.replace(raid, article=other)]:
            s.write(a, "sample@1")
        relations.build_clusters(s)
        happenings = s.con.execute("SELECT count(*) FROM clusters WHERE happened").fetchone()[0]
        out = tmp_path / "events.tsv"
        result = export(s, "gdelt", str(out))
    assert result.clustered and result.rows == happenings < HAPPENED + 1  # one row per happening
    rows = [dict(zip(EVENT_COLUMNS, r)) for r in read_tsv(out, EVENT_COLUMNS).fetchall()]
    twice = [r for r in rows if r["NumArticles"] == 2]
    assert twice and all((r["NumMentions"], r["NumSources"]) == (2, 2) for r in twice)


def test_cli_export_and_serve_help(tmp_path):
    from detente.cli import app

    db = str(tmp_path / "cli.duckdb")
    sample.build(db).close()
    runner = CliRunner()
    out = tmp_path / "g.tsv"
    r = runner.invoke(app, ["export", "--format", "gdelt", "--db", db, "-o", str(out), "--header"])
    assert r.exit_code == 0, r.output
    assert f"wrote {HAPPENED} events as gdelt" in r.output
    assert out.read_text().splitlines()[0].split("\t") == EVENT_COLUMNS
    r = runner.invoke(app, ["export", "-f", "polecat-jsonl", "--db", db, "--dyad", "ARM,RUS"])
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["source_country"] == "ARM"
    for cmd in ("serve", "export"):
        assert runner.invoke(app, [cmd, "--help"]).exit_code == 0
    bad = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert bad.exit_code == 2 and "no database" in bad.output


# -- hostile text in every field (issue 16) ------------------------------------------------------------------

DIRTY = "a\rb\tc\nd\r\ne\x0bf\x0cg\x1ch\x85i\u2028j"  # CR, tab, newline, CRLF, VT, FF, FS, NEL, LINE SEPARATOR
FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def hostile_analyses():
    """Articles whose every text field carries control characters, formula starts or a leading quote."""
    import dataclasses

    out = []
    for i, a in enumerate(sample.analyses()[:4]):
        f = FORMULAS[i % len(FORMULAS)]
        article = dataclasses.replace(a.article, title=f"{f} {DIRTY}", url=f"https://example.org/{DIRTY}/{i}",
                                      outlet=(f if i % 2 else '"Quoted') + DIRTY, author=DIRTY)
        events = []
        for e in a.events:
            source = tuple(dataclasses.replace(x, name=f"{x.name}{DIRTY}") for x in e.source)
            place = dataclasses.replace(e.place, name=f"{e.place.name}\t{DIRTY}") if e.place else None
            events.append(dataclasses.replace(e, source=source, place=place))
        out.append(dataclasses.replace(a, article=article, events=tuple(events)))
    return out


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    s = Store(str(tmp_path_factory.mktemp("hostile") / "h.duckdb"))
    for a in hostile_analyses():
        s.write(a, "sample@1")
    yield s
    s.close()


@pytest.mark.parametrize("fmt,columns", [("gdelt", EVENT_COLUMNS), ("mentions", MENTION_COLUMNS)])
def test_tsv_exports_keep_their_shape_whatever_the_text(hostile_store, tmp_path, fmt, columns):
    import pandas as pd

    out = tmp_path / f"{fmt}.tsv"
    rows = export(hostile_store, fmt, str(out)).rows
    assert rows > 0
    raw = out.read_bytes()
    assert raw.count(b"\n") == rows and b"\r" not in raw and raw.count(b"\t") == rows * (len(columns) - 1)
    frame = pd.read_csv(out, sep="\t", header=None)  # pandas' defaults, quoting included
    assert frame.shape == (rows, len(columns))
    sniffed = duckdb.connect().execute("SELECT * FROM read_csv(?, delim='\t', header=false)", [str(out)])
    assert (len(sniffed.fetchall()), len(sniffed.description)) == (rows, len(columns))
    assert len(read_tsv(out, columns).fetchall()) == rows
    text = raw.decode()
    assert "a b c d e f g h i j" in text  # each run of control characters is one space


def test_csv_cells_never_start_a_formula(hostile_store, tmp_path):
    import csv as csv_mod

    out = tmp_path / "e.csv"
    export(hostile_store, "csv", str(out))
    rows = list(csv_mod.DictReader(out.open(newline="", encoding="utf-8")))
    cells = [v for r in rows for v in r.values() if v]
    assert not [c for c in cells if c[0] in "=+@\t\r" or (c[0] == "-" and not _number(c))]
    assert any(c.startswith("'=HYPERLINK") for c in cells) and any(c.startswith("'@SUM") for c in cells)
    assert any(_number(c) and c.startswith("-") for c in cells)  # negative numbers stay numbers


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False
