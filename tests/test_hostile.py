"""Hostile input: readers never raise, every bad input is set aside with a reason, nothing costs more than
its bounds, and the good articles beside the bad ones are stored.

Every case is built here from scratch (no third-party files): ``hostile_cases`` writes them into a folder
and says what each must leave in the quarantine; ``benchmarks/hostile_inputs.py`` runs the same builders at
full size and reports peak memory and time per case.
"""
import gzip
import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detente
from detente import ingest
from detente.ingest.base import Rejected
from detente.model import Article
from detente.store import Store

SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".csv", ".rss", ".atom", ".xml", ".txt.gz", ".bin", ""]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_readers_never_raise_on_bytes(data, suffix):
    for item in ingest.read_bytes(data, "fuzz" + suffix):
        assert isinstance(item, (Article, Rejected))
        if isinstance(item, Rejected):
            assert item.reason and item.locator.startswith("fuzz")


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.one_of(st.text(max_size=200), st.builds(json.dumps, st.dictionaries(
    st.sampled_from(["text", "body", "date", "title", "outlet", "x"]),
    st.one_of(st.text(max_size=80), st.integers(), st.none(), st.lists(st.integers(), max_size=3))))), max_size=8))
def test_jsonl_records_never_raise(lines):
    data = "\n".join(l.replace("\n", " ") for l in lines).encode("utf-8", "surrogatepass")
    items = list(ingest.read_bytes(data, "fuzz.jsonl"))
    assert all(isinstance(i, (Article, Rejected)) for i in items)


def bad_inputs(rng: random.Random, n: int):
    """n bad inputs of many kinds, as (name, bytes)."""
    good = b"Turkey's foreign minister met his Azerbaijani counterpart in Ankara on Tuesday."
    kinds = [
        lambda i: (f"empty{i}.txt", b""),
        lambda i: (f"blank{i}.txt", b" \n\t\n" * rng.randint(1, 5)),
        lambda i: (f"binary{i}.txt", bytes(rng.randrange(256) for _ in range(200)) + b"\x00"),
        lambda i: (f"latin{i}.txt", "Caf\u00e9 \u00e0 Bak\u00fc ".encode("latin-1") * 5),
        lambda i: (f"cut{i}.txt.gz", gzip.compress(good)[: rng.randint(1, 15)]),
        lambda i: (f"notext{i}.html", b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>"),
        lambda i: (f"feed{i}.rss", b"<rss><channel><title>t</title><item><title>"[: rng.randint(5, 40)]),
        lambda i: (f"rows{i}.jsonl", b"{\"text\": \"unterminated\n[1,2]\n\"a string\"\n{\"title\": \"no text\"}"),
        lambda i: (f"rows{i}.csv", b"title,date\nA,2024-01-01\n"),
        lambda i: (f"huge{i}.txt", b"word " * 1_100_000),
        lambda i: (f"odd{i}.docx", b"PK\x03\x04 not a supported format"),
    ]
    for i in range(n):
        yield kinds[i % len(kinds)](i)


def test_many_bad_inputs_are_quarantined_and_good_ones_analysed(tmp_path):
    rng = random.Random(7)
    for name, data in bad_inputs(rng, 110):
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good1.txt").write_text("Date: 2024-03-05\n\nRussia and Azerbaijan signed a rail agreement in Baku.")
    (tmp_path / "good2.txt").write_text("Armenia's prime minister criticised Moscow on Monday.")
    with Store(":memory:") as store:
        report = detente.analyze([tmp_path], db=store)
        assert report.analysed == 2
        assert all(reason for _, reason in report.quarantined)
        located = {loc for loc, _ in report.quarantined}
        bad_names = {p.name for p in tmp_path.iterdir() if not p.name.startswith("good")}
        assert {name for name in bad_names if not any(loc.startswith(str(tmp_path / name)) for loc in located)} == set()


# -- the hostile cases of issue 16, built from scratch ----------------------------------------------------

GOOD = [
    "Date: 2024-03-05\n\nRussia and Azerbaijan signed a rail agreement in Baku on Tuesday.",
    "Armenia's prime minister criticised Moscow in parliament on Monday.",
]
GOOD_ITEM = ("<item><title>Item {n}</title><link>https://example.org/{n}</link>"
             "<description>Turkey and Georgia agreed on a new border crossing, item {n}.</description></item>")
PUNCTUATION = "!!! ??? ... --- ,,, ;;; ::: ((( ))) *** ### 123 456\n" * 20


def gzip_bomb(expanded: int) -> bytes:
    """A gzip stream of zeros that expands to ``expanded`` bytes: one 10 MB member (10 kB packed), repeated."""
    member = gzip.compress(b"\0" * 10_000_000, 9)
    return member * max(1, expanded // 10_000_000)


def passage(chars: int, seed: int = 3) -> str:
    """A run of clauses naming states, ``chars`` long, without one sentence break."""
    rng = random.Random(seed)
    who = ["Russia", "Armenia", "Azerbaijan", "Turkey", "Iran", "Georgia", "the minister", "officials in Baku"]
    did = ["criticised", "praised", "met", "accused", "warned", "supported", "thanked"]
    out, n = [], 0
    while n < chars:
        clause = f"{rng.choice(who)} {rng.choice(did)} {rng.choice(who)} and"
        out.append(clause)
        n += len(clause) + 1
    return " ".join(out)[:chars]


def hostile_cases(folder: Path, bomb_bytes: int = 200_000_000, sparse_bytes: int = 6_000_000_000) -> dict:
    """Write every hostile input case under ``folder`` (with two good articles); return {locator: reason
    fragment} for what must be quarantined. ``locked`` must be made unreadable by the caller (:func:`deny`)."""
    folder.mkdir(parents=True, exist_ok=True)
    expect = {}
    bomb = gzip_bomb(bomb_bytes)
    (folder / "bomb.txt.gz").write_bytes(bomb)
    expect[str(folder / "bomb.txt.gz")] = "decompressed input too large"
    (folder / "bomb-misnamed.txt").write_bytes(bomb)  # gzip whatever the name says
    expect[str(folder / "bomb-misnamed.txt")] = "decompressed input too large"
    with open(folder / "sparse.txt", "wb") as fh:  # a huge file that takes no disk: refused by its size
        fh.truncate(sparse_bytes)
    expect[str(folder / "sparse.txt")] = f"input too large ({sparse_bytes:,} bytes"
    (folder / "punctuation.txt").write_text(PUNCTUATION)
    expect[str(folder / "punctuation.txt")] = "too little text"
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Border Desk</title>" + GOOD_ITEM.format(n=1)
            + "<item><title><![CDATA[Broken</title><link>https://example.org/x</link></item>"
            + GOOD_ITEM.format(n=3) + GOOD_ITEM.format(n=4) + "</channel></rss>")
    (folder / "feed.rss").write_text(feed)
    expect[str(folder / "feed.rss") + "#2"] = "malformed feed item"
    sub = folder / "sub"
    sub.mkdir()
    (sub / "dangling.txt").symlink_to(folder / "no-such-target.txt")
    expect[str(sub / "dangling.txt")] = "broken symbolic link"
    os.mkfifo(sub / "pipe.txt")  # opening it would block: a named pipe inside a folder is not read
    expect[str(sub / "pipe.txt")] = "not a regular file"
    locked = folder / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text(GOOD[0])
    expect[str(locked)] = "cannot read directory (Permission denied)"
    for i, text in enumerate(GOOD):
        (folder / f"good{i}.txt").write_text(text)
    return expect


def deny(monkeypatch, folder: Path) -> None:
    """Make ``folder`` unreadable as it is without permission (the tests may run as root, who reads all)."""
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == os.fspath(folder):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_every_hostile_case_leaves_a_record_and_the_good_articles_are_stored(tmp_path, monkeypatch):
    expect = hostile_cases(tmp_path / "in")
    deny(monkeypatch, tmp_path / "in" / "locked")
    with Store(":memory:") as store:
        report = detente.analyze([tmp_path / "in"], db=store)
        records = {r["locator"]: r["reason"] for r in store.quarantined()}
        feed = store.con.execute("SELECT title, outlet FROM articles WHERE source LIKE '%feed.rss%' "
                                 "ORDER BY title").fetchall()
        stored = store.counts()["articles"]
    missing = {loc: frag for loc, frag in expect.items() if frag not in records.get(loc, "")}
    assert missing == {}, (missing, records)
    assert report.analysed == stored == len(GOOD) + 3  # two text articles and feed items 1, 3 and 4
    assert feed == [("Item 1", "Border Desk"), ("Item 3", "Border Desk"), ("Item 4", "Border Desk")]
    assert report.unreadable == 3  # the locked folder, the dangling link, the pipe
    assert len(report.quarantined) == len(expect)


def test_feed_items_after_a_broken_one_keep_their_own_metadata():
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Border Desk</title>" + GOOD_ITEM.format(n=1)
            + "<item><title>Unclosed<link>https://example.org/x</link><description>x</description></item>"
            + GOOD_ITEM.format(n=3) + "<item><title>Cut short</title><!-- never closed" + GOOD_ITEM.format(n=5)
            + "</channel></rss>")
    items = list(ingest.read_bytes(feed.encode(), "f.rss"))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Rejected)]
    assert [(a.title, a.url, a.outlet) for a in good] == [
        (f"Item {n}", f"https://example.org/{n}", "Border Desk") for n in (1, 3, 5)]
    assert [b.locator for b in bad] == ["f.rss#2", "f.rss#4"] and all("malformed feed item" in b.reason for b in bad)


def test_a_missing_named_path_stops_the_run_and_is_named(tmp_path):
    from detente.errors import UsageError

    (tmp_path / "good.txt").write_text(GOOD[0])
    with Store(":memory:") as store:
        with pytest.raises(UsageError, match="no-such-folder"):
            detente.analyze([tmp_path / "good.txt", tmp_path / "no-such-folder"], db=store)
        assert store.counts()["articles"] == 0


def test_time_budget_quarantines_the_slow_article_and_the_batch_goes_on():
    import time

    from detente import pipeline
    from detente.config import Settings
    from detente.errors import StageError

    def spin(a, s):
        while "slow" in a.article.text:  # a stage that never ends on this article
            time.sleep(0.01)
        return a

    stages = [pipeline.Stage("spin", "1", ("doc",), (), spin)]
    articles = [Article.create(t) for t in ("This slow article never finishes its analysis at all.",
                                            "This quick article about two states is analysed at once.")]
    results = list(pipeline.analyze_batch(articles, Settings(article_seconds=0.3), stages))
    assert isinstance(results[0], StageError) and results[0].stage == "spin"
    assert "time budget of 0.3 s (0.9 s of wall-clock time" in results[0].reason
    assert not isinstance(results[1], StageError) and results[1].article is articles[1]


def test_time_budget_raises_inside_the_block_only():
    import time

    from detente.budget import OverBudget, time_budget

    with pytest.raises(OverBudget):
        with time_budget(0.05):
            while True:
                pass
    with time_budget(0.05):
        pass
    time.sleep(0.15)  # a deadline that passes after its block has ended raises nothing


def nlp_parse(text):
    from detente import nlp

    return nlp.parse(text)


def test_a_long_passage_without_sentence_breaks_is_parsed_in_bounded_sentences():
    from detente import budget, pipeline
    from detente.config import Settings

    [doc] = pipeline._parse_all([passage(12_000)], Settings())
    lengths = [len(s) for s in doc.sents]
    assert sum(lengths) == len(doc) and max(lengths) <= budget.MAX_SENTENCE_TOKENS < len(doc)
    ordinary = "Russia and Turkey met in Ankara, and Iran sent an envoy. " * 3
    [plain] = pipeline._parse_all([ordinary], Settings())
    assert [s.text for s in plain.sents] == [s.text for s in nlp_parse(ordinary).sents]


def test_stance_features_of_a_long_context_read_a_window_around_the_target():
    from detente.stance.features import MAX_CONTEXT, target_features

    words = ["zebra"] * 300 + ["Russia", "criticised", "Armenia", "sharply"] + ["walrus"] * 300
    doc = nlp_parse(" ".join(words))
    t = words.index("Armenia")
    feats, _ = target_features(doc[:], t, t + 1)
    assert len(doc) > MAX_CONTEXT and "L:criticise" in feats
    assert 0 < sum(f in ("w:zebra", "w:walrus") for f in feats) <= MAX_CONTEXT
    short = nlp_parse("Russia criticised Armenia sharply on Monday.")
    assert "L:criticise" in target_features(short[:], 2, 3)[0]
