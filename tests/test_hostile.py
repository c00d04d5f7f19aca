"""Hostile input: readers never raise, and every bad input is set aside with a reason."""
import gzip
import json
import random

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
