"""Versions that move: every stage's output on the project's own articles (tests/data/fingerprint) is
fingerprinted and compared with the fingerprint recorded for its version (tools/fingerprints.py); an
article stored by older stage versions is analysed again."""
from __future__ import annotations

import dataclasses
import importlib.util

import pytest

import detente
from detente import pipeline
from detente.store import Store

from conftest import ROOT


def _tool():
    spec = importlib.util.spec_from_file_location("fingerprints", ROOT / "tools" / "fingerprints.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def fp(nlp):
    tool = _tool()
    articles = tool.read_articles()
    docs = tool.parse(articles)
    return tool, articles, docs, tool.current(articles, docs)


@pytest.fixture
def fresh_stages():
    pipeline.default_stages.cache_clear()
    yield
    pipeline.default_stages.cache_clear()


def _swap(stage_name: str, fn=None, version: str | None = None):
    """The default stages with one stage's function wrapped by ``fn`` or its version replaced."""
    out = []
    for s in pipeline.default_stages():
        if s.name == stage_name:
            inner = s.fn
            s = dataclasses.replace(s, fn=(lambda a, st: fn(inner(a, st))) if fn else s.fn,
                                    version=version or s.version)
        out.append(s)
    return out


def test_every_stage_output_matches_the_fingerprint_of_its_version(fp):
    tool, articles, _, now = fp
    assert len(articles) >= 5 and set(now["stages"]) == {"nlp", *(s.name for s in pipeline.default_stages())}
    problems = tool.compare(tool.load(), now)
    assert not problems, "\n".join(problems)


def _negate_stance(a):
    return dataclasses.replace(a, stance=tuple(dataclasses.replace(s, polarity=-s.polarity - 0.5) for s in a.stance))


def test_a_changed_output_under_the_same_version_names_the_stage(fp):
    tool, articles, docs, now = fp
    stages = _swap("stance", _negate_stance)
    changed = tool.current(articles, docs, stages)
    [problem] = tool.compare(now, changed)
    assert "'stance'" in problem and "version (stance@" in problem
    assert "detente/stance/__init__.py" in problem and "--update" in problem


def test_an_upstream_change_blames_the_upstream_stage_once(fp):
    tool, articles, docs, now = fp
    stages = _swap("actors", lambda a: dataclasses.replace(a, actors=a.actors[1:]))
    problems = tool.compare(now, tool.current(articles, docs, stages))
    assert problems[0].startswith("stage 'actors': its output changed but its version")
    assert all("because upstream" in p for p in problems[1:]) and len(problems) > 1


def test_a_moved_version_asks_to_record_the_new_fingerprint(fp):
    tool, articles, docs, now = fp
    stages = _swap("stance", _negate_stance, version="999")
    [problem] = tool.compare(now, tool.current(articles, docs, stages))
    assert "version moved" in problem and "stance@999" in problem
    bumped_same_output = tool.current(articles, docs, _swap("stance", version="999"))
    assert tool.compare(now, bumped_same_output) == []


def test_the_coder_string_names_every_stage_version(fresh_stages, monkeypatch):
    before = pipeline.coder_version()
    for s in pipeline.default_stages():
        assert f" {s.name}@{s.version}" in before
    monkeypatch.setattr("detente.stance.VERSION", "999")
    pipeline.default_stages.cache_clear()
    after = pipeline.coder_version()
    assert after != before and after.endswith("stance@999")


def test_analyze_redoes_articles_of_older_stage_versions(fresh_stages, monkeypatch, tmp_path):
    src = sorted((ROOT / "tests" / "data" / "fingerprint").glob("*.txt"))[:2]
    store = Store(":memory:")
    try:
        first = detente.analyze(src, db=store)
        assert first.analysed == 2 and first.stale == 0
        again = detente.analyze(src, db=store)
        assert again.analysed == 0 and again.skipped == 2
        monkeypatch.setattr("detente.stance.VERSION", "999")
        pipeline.default_stages.cache_clear()
        redo = detente.analyze(src[:1], db=store)
        assert redo.analysed == 1 and redo.stale == 1 and redo.skipped == 0
        coders = {r["id"]: store.article(r["id"])["coder"] for r in store.articles()}
        assert sum(c.endswith("stance@999") for c in coders.values()) == 1
    finally:
        store.close()
