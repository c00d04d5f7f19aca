"""The open-data knowledge base: tools/build_kb.py conversion, the openkb index, offices over time,
context rules where knowledge runs out, the sector decision table, and `lookup` sources."""
import csv
import importlib.util
import pathlib

import pytest

from detente.actors import load_kb, openkb, resolve
from detente.actors import text as T
from detente.actors.kb import Entry, Term
from detente.actors.lookup import lookup
from detente.actors.resolver import term_at

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def build_kb():
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "tools" / "build_kb.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def code(text, **kw):
    a = resolve(text, **kw)
    return (a.code, a.sector) if a else None


# ------------------------------------------------------------------ conversion rules
@pytest.mark.parametrize("title,sector", [
    ("Minister of Defence", "GOV"),
    ("Deputy Secretary for Justice", "GOV"),
    ("Chief Justice", "JUD"),
    ("Attorney General", "JUD"),
    ("Speaker of the National Assembly", "LEG"),
    ("Director of the National Intelligence Service", "SPY"),
    ("Inspector General of Police", "COP"),
    ("Chief of the General Staff", "MIL"),
    ("Presidential Chief of Staff", "GOV"),
    ("Leader of the Opposition", "OPP"),
    ("Governor of Kano State", "GOV"),
    ("Chief Archivist", "GOV"),
])
def test_office_title_sector(build_kb, title, sector):
    assert build_kb.sector_of(title) == sector


def test_partial_dates(build_kb):
    assert build_kb.day("2015") == "2015-01-01"
    assert build_kb.day("2015", end=True) == "2015-12-31"
    assert build_kb.day("2015-06", end=True) == "2015-06-30"
    assert build_kb.day("2015-07-04T00:00:00Z") == "2015-07-04"
    assert build_kb.day("unknown") == ""


def test_legislature_names(build_kb):
    assert build_kb.legislature("member of the Tallinnova Kogu") == "Tallinnova Kogu"
    assert build_kb.legislature("Member of the 12th Parliament of Freedonia") == "Parliament of Freedonia"
    assert build_kb.legislature("member of the National Assembly") is None  # generic words only
    assert build_kb.legislature("Minister of Finance") is None


def test_terms_merge_and_known_end_wins(build_kb):
    rows = [
        {"name": "Ana Testa", "aliases": [], "country": "FRD", "sector": "LEG", "start": "2010-01-01",
         "end": "2014-12-31", "role": "legislator", "source": "a"},
        {"name": "Ana Testa", "aliases": [], "country": "FRD", "sector": "LEG", "start": "2015-01-10",
         "end": "2019-12-31", "role": "legislator", "source": "a"},
        {"name": "Ana Testa", "aliases": [], "country": "FRD", "sector": "GOV", "start": "2016-03-01",
         "end": "2018-05-01", "role": "minister", "source": "b"},
        {"name": "Ana Testa", "aliases": [], "country": "FRD", "sector": "GOV", "start": "2016-03-01",
         "end": "", "role": "minister", "source": "c"},  # another source's missing end
    ]
    out = build_kb._dedupe(rows)
    assert [(r["sector"], r["start"], r["end"]) for r in out] == [
        ("LEG", "2010-01-01", "2019-12-31"), ("GOV", "2016-03-01", "2018-05-01")]


def _write(path: pathlib.Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_build_from_snapshot_trees(build_kb, tmp_path, monkeypatch):
    snap = tmp_path / "snap"
    ep = snap / "every-politician-scrapers+kenya" / "html"
    _write(ep / "positions.csv", "id,position,country\nQ1,Minister of Roads,Q114\nQ2,Minister of Lakes,Q258\n")
    _write(ep / "holders21.csv", "position,person,personID,start,end,enwiki\n"
           "Minister of Roads,Wanjiru Testperson,Q9,2018-02,,Wanjiru Testperson\n"
           "Minister of Lakes,Other Country Person,Q8,2018,2019,\n"
           "Chief Justice,Otieno Benchwise,Q7,2011,2016-06-16,Otieno Benchwise (judge)\n")
    _write(ep / "legislators.csv", "position,person,personID,start,end\n"
           "member of the Bunge Testhouse,Kamau Seatholder,Q6,2017-08-31,\n"
           "member of the Bunge Testhouse,Old Seatholder,Q5,1990,1995\n")
    cl = snap / "unitedstates+congress-legislators"
    _write(cl / "legislators-current.yaml", "- id: {wikidata: Q4}\n  name: {first: Jo, last: Example}\n"
           "  terms:\n  - {type: sen, start: '2019-01-03', end: '2025-01-03', state: ZZ}\n")
    ifg = snap / "instituteforgov+ifg-ministers-database-public" / "data"
    _write(ifg / "person.csv", "id,name\np1,Pat Whitehall\n")
    _write(ifg / "post.csv", "id,name\nx1,Minister for Testing\n")
    _write(ifg / "appointment.csv", "id,person_id,post_id,start_date,end_date\na,p1,x1,2001-06-08,2003-06-13\n")
    _write(ifg / "representation.csv", "id,person_id,house,start_date,end_date\nr,p1,Commons,1997-05-01,2010-04-12\n")
    pf = snap / "hdigital+partyfactsdata" / "import" / "elecglob"
    _write(pf / "partyfacts-core-parties.csv", "country,technical,name_short,name,name_english,year_first,year_last\n"
           "KEN,,TLDP,Testland Democratic Party,,1999,\nKEN,,,Labour Party,,2000,\nZAF,,,Labour Party,,1990,\n")
    monkeypatch.setattr(build_kb, "EP_COUNTRY", {"kenya": "KEN"})
    out = tmp_path / "out"
    assert build_kb.main([str(snap), "--out", str(out)]) == 0
    people = list(csv.DictReader(line for line in (out / "open_people.csv").open() if not line.startswith("#")))
    got = {(r["name"], r["country"], r["sector"], r["start"], r["end"]) for r in people}
    assert ("Wanjiru Testperson", "KEN", "GOV", "2018-02-01", "") in got
    assert ("Otieno Benchwise", "KEN", "JUD", "2011-01-01", "2016-06-16") in got
    assert ("Kamau Seatholder", "KEN", "LEG", "2017-08-31", "") in got
    assert ("Jo Example", "USA", "LEG", "2019-01-03", "2025-01-03") in got
    assert ("Pat Whitehall", "GBR", "GOV", "2001-06-08", "2003-06-13") in got
    assert not any(r["name"] in ("Other Country Person", "Old Seatholder") for r in people)
    orgs = {r["name"]: r for r in csv.DictReader(
        line for line in (out / "open_orgs.csv").open() if not line.startswith("#"))}
    assert orgs["Testland Democratic Party"]["sector"] == "PTY" and not orgs["Testland Democratic Party"]["aliases"]
    assert "Labour Party" not in orgs  # used in two countries
    assert orgs["Bunge Testhouse"]["country"] == "KEN" and orgs["Bunge Testhouse"]["sector"] == "LEG"
    sources = (out / "open_sources.csv").read_text()
    assert "every-politician-scrapers/kenya" in sources and "CC0" in sources

    index, rows = openkb.build(out / "open_people.csv")
    idx = openkb.OpenIndex(index, rows)
    n, found = idx.match(T.tokenize("Justice Otieno Benchwise said"), 1)
    assert n == 2 and found[0].name == "Otieno Benchwise" and found[0].terms[0].sector == "JUD"
    assert idx.match(T.tokenize("otieno benchwise"), 0) == (0, ())  # names must be capitalised


# ------------------------------------------------------------------ offices over time
def test_offices_over_time():
    p = Entry("person:X", "Ruth Sample", "person", "KEN", None, (), (
        Term("KEN", "LEG", (), "2010-01-01", "2020-12-31", "legislator"),
        Term("KEN", "GOV", (), "2015-01-01", "2018-12-31", "minister")))
    assert term_at(p, "2012-05-05")[:2] == ("KEN", "LEG")
    assert term_at(p, "2016-05-05")[:2] == ("KEN", "GOV")   # the office, not the seat
    assert term_at(p, "2019-05-05")[:2] == ("KEN", "LEG")
    assert term_at(p, "2022-05-05")[:2] == ("KEN", "ELI")   # after the last term: a former official
    assert term_at(p, "2001-01-01")[:2] == ("KEN", None)    # before: the country, no sector


def test_open_data_person_has_dated_terms():
    kb = load_kb()
    assert kb.open is not None and len(kb.open) > 10000
    # a Speaker of the Riigikogu's legislature and a US senator from congress-legislators
    assert code("the Riigikogu", date="2022-01-01") == ("EST", "LEG")


# ------------------------------------------------------------------ context rules, decision table
@pytest.mark.parametrize("text,expected", [
    ("Colombian defence minister Diego Zarlopez", ("COL", "GOV")),
    ("Kano State government", ("NGA", "GOV")),
    ("Ecuador's Ombudsman's Office", ("ECU", "GOV")),
    ("the Chadian Human Rights League", ("TCD", "SOC")),
    ("the Peruvian Congress", ("PER", "LEG")),
    ("the Kenyan Human Rights Commission", ("KEN", "GOV")),
    ("Kenyan state news agency", ("KEN", "JRN")),
    ("immigration inspectors", (None, "GOV")),
    ("local self-defence units", (None, "PRM")),
    ("the displaced", (None, "REF")),
    ("Iranian protesters", ("IRN", "CVL")),
])
def test_context_and_decision_table(text, expected):
    assert code(text, date="2022-06-01") == expected


def test_lone_unknown_name_gets_no_country():
    assert resolve("Diego Zarlopez", date="2022-06-01") is None


def test_lookup_names_the_source():
    row = lookup("Vladimir Putin", date="2009-06-01")
    assert (row["country"], row["sector"]) == ("RUS", "GOV")
    assert row["source"].endswith("people.csv") and row["term"].startswith("2008")
    row = lookup("the Riigikogu", date="2022-01-01")
    assert row["source"].startswith("every-politician-scrapers/estonia@")


@pytest.mark.parametrize("text,expected", [
    ("North Kivu governor", ("COD", "GOV")),
    ("Cabo Delgado insurgents", ("MOZ", "REB")),
])
def test_first_level_regions_take_their_country(text, expected):
    assert code(text, date="2022-06-01") == expected


def test_open_data_namesake_long_before_office_is_not_read():
    from detente.actors.kb import RANK_OPEN
    from detente.actors.resolver import Hit, in_office

    later = Entry("person:Ida Namesake", "Ida Namesake", "person", "PHL", None, (),
                  (Term("PHL", "LEG", (), "2019-06-30", None, "legislator"),), rank=RANK_OPEN)
    hit = Hit(0, 2, (later,))
    assert in_office(hit, "1995-01-01") is None          # twenty years before: a namesake
    assert in_office(hit, "2017-01-01") is hit           # shortly before: the person, no office yet
    assert term_at(later, "2017-01-01")[:2] == ("PHL", None)


def test_middle_initials_dropped_as_alias(build_kb):
    assert build_kb._without_initials("Raila A Odinga") == "Raila Odinga"
    assert build_kb._without_initials("John F. Testman") == "John Testman"
    assert build_kb._without_initials("A. B. Testman") == "A. B. Testman"  # only middle initials


def test_out_of_office_curated_person_yields_to_a_source_that_knows_the_office():
    from detente.actors.kb import RANK_CURATED, RANK_OPEN
    from detente.actors.resolver import Hit, _pick

    curated = Entry("person:Cora Test", "Cora Test", "person", "GBR", None, (),
                    (Term("GBR", "GOV", (), "2019-05-01", "2019-07-24", "defence secretary"),), rank=RANK_CURATED)
    known_end = Entry("person:Cora Test", "Cora Test", "person", "GBR", None, (),
                      (Term("GBR", "GOV", (), "2020-01-01", "2024-07-05", "leader of the house"),), rank=RANK_OPEN)
    stale = Entry("person:Cora Test", "Cora Test", "person", "GBR", None, (),
                  (Term("GBR", "GOV", (), "2015-01-01", None, "minister"),), rank=RANK_OPEN)
    assert _pick(Hit(0, 2, (curated, known_end)), "2022-06-01", set()) is known_end
    assert _pick(Hit(0, 2, (curated, stale)), "2022-06-01", set()) is curated  # an open end older than 2019
    assert _pick(Hit(0, 2, (curated, known_end)), "2019-06-01", set()) is curated  # in office: curated first
