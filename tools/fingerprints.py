"""Fingerprints of every pipeline stage's output on the project's own short articles, keyed by version.

    python tools/fingerprints.py            compare with the stored file; exit 1 and say what to do if a stage's
                                            output changed while its version did not
    python tools/fingerprints.py --update   record the current fingerprints (after bumping a VERSION)

Input: ``tests/data/fingerprint/*.txt`` (short articles written for this, with ``Key: value`` header lines).
Stored: ``tests/data/fingerprint/fingerprints.json``. Each stage (the parse, ``nlp``, then every stage of
:func:`detente.pipeline.default_stages`) gets the SHA-256 of the fields it writes, over every article, and a
version key: its own ``name@VERSION`` (the VERSION of its package: ``detente/actors``, ``events``, ``when``,
``where``, ``stance``; ``nlp.VERSION`` and the spaCy model's for the parse) and those of every stage it reads
from, directly or not. An output that changes under the same key is a stage whose VERSION should have moved.
``tests/test_versions.py`` runs the comparison.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "fingerprint"
STORED = ARTICLES / "fingerprints.json"
HEADER = {"title": "title", "date": "published", "outlet": "outlet", "by": "author", "url": "url"}
UPDATE = "python tools/fingerprints.py --update"


def read_articles(folder: Path = ARTICLES) -> list:
    """The articles of ``folder``, read here (not through detente.ingest, which is not a versioned stage)."""
    from detente.model import Article

    out = []
    for path in sorted(folder.glob("*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        meta = {}
        for line in head.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() in HEADER:
                meta[HEADER[key.strip().lower()]] = value.strip()
        out.append(Article.create(body.strip(), source=path.name, **meta))
    return out


def parse(articles: list, model: str | None = None) -> list:
    from detente import nlp

    return list(nlp.load(model).pipe([a.text for a in articles]))


def _doc_rows(doc) -> list:
    return [[t.i, t.text, t.lemma_, t.tag_, t.pos_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start]
            for t in doc]


def _digest(rows) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps(r, sort_keys=True, default=str).encode())
        h.update(b"\n")
    return h.hexdigest()


def outputs(articles: list, docs: list, stages=None, settings=None) -> dict[str, str]:
    """{stage: SHA-256 of what it writes, over every article}: ``nlp`` first, then each stage in order."""
    from detente import pipeline
    from detente.config import Settings
    from detente.model import Analysis

    stages = list(stages or pipeline.default_stages())
    settings = settings or Settings()
    rows: dict[str, list] = {"nlp": [[a.id, _doc_rows(d)] for a, d in zip(articles, docs)]}
    rows.update({s.name: [] for s in stages})
    for article, doc in zip(articles, docs):
        analysis = Analysis(article=article, doc=doc)
        for stage in stages:
            analysis = pipeline.run_stage(stage, analysis, settings)
            rows[stage.name].append([article.id, {f: [dataclasses.asdict(x) for x in getattr(analysis, f)]
                                                  for f in stage.writes}])
    return {name: _digest(r) for name, r in rows.items()}


def version_keys(stages=None, model: str | None = None) -> dict[str, str]:
    """{stage: "name@version < every stage version it reads from"}; ``doc`` comes from ``nlp``."""
    from detente import nlp, pipeline

    stages = list(stages or pipeline.default_stages())
    own = {"nlp": f"nlp@{nlp.version(model)}"}
    upstream: dict[str, set] = {"nlp": set()}
    writer = {"doc": "nlp"}  # field -> the last stage so far that wrote it
    for s in stages:
        deps = {writer[f] for f in s.reads if f in writer}
        upstream[s.name] = set().union(*({d} | upstream[d] for d in deps)) if deps else set()
        own[s.name] = f"{s.name}@{s.version}"
        for f in s.writes:
            writer[f] = s.name
    return {name: own[name] + (" < " + " ".join(sorted(own[d] for d in upstream[name])) if upstream[name] else "")
            for name in own}


def articles_digest(articles: list) -> str:
    return _digest([[a.id, a.title, a.published, a.outlet] for a in articles])


def current(articles: list | None = None, docs: list | None = None, stages=None) -> dict:
    articles = articles if articles is not None else read_articles()
    docs = docs if docs is not None else parse(articles)
    found, keys = outputs(articles, docs, stages), version_keys(stages)
    return {"articles": articles_digest(articles),
            "stages": {name: {"version": keys[name], "fingerprint": found[name]} for name in found}}


def _package(stage: str) -> str:
    if stage == "nlp":
        return "detente/nlp.py"
    from detente import pipeline

    return {n: p for n, p, *_ in pipeline._STAGES}[stage].replace(".", "/") + "/__init__.py"


def _upstream(key: str) -> set[str]:
    """The stage names after the ``<`` of a version key."""
    _, _, deps = key.partition(" < ")
    return {d.split("@")[0] for d in deps.split()}


def compare(stored: dict, now: dict) -> list[str]:
    """What is wrong, one message per stage (empty when every output is the recorded one)."""
    if stored.get("articles") != now["articles"]:
        return [f"the articles in {ARTICLES.relative_to(ROOT)} changed since the fingerprints were recorded: "
                f"run `{UPDATE}`"]
    problems, moved = [], set()
    for name, cur in now["stages"].items():
        old = stored.get("stages", {}).get(name)
        if old is None:
            problems.append(f"stage {name!r} has no recorded fingerprint: run `{UPDATE}`")
            continue
        if old["fingerprint"] == cur["fingerprint"]:
            continue
        moved.add(name)
        own_old, own_new = old["version"].split(" < ")[0], cur["version"].split(" < ")[0]
        upstream = [d for d in moved if d in _upstream(cur["version"])]
        if own_old != own_new:
            problems.append(f"stage {name!r}: version moved ({own_old} -> {own_new}) and its output changed: "
                            f"record it with `{UPDATE}` and commit {STORED.relative_to(ROOT)}")
        elif old["version"] != cur["version"]:
            problems.append(f"stage {name!r}: output changed after an upstream version moved "
                            f"({old['version']} -> {cur['version']}): record it with `{UPDATE}`")
        elif upstream:
            problems.append(f"stage {name!r}: output changed because upstream stage(s) {', '.join(sorted(upstream))} "
                            "changed (see above)")
        else:
            problems.append(f"stage {name!r}: its output changed but its version ({own_new}) did not. Bump VERSION "
                            f"in {_package(name)}, then run `{UPDATE}` and commit {STORED.relative_to(ROOT)}")
    return problems


def load() -> dict:
    return json.loads(STORED.read_text(encoding="utf-8")) if STORED.exists() else {}


def main(argv: list[str]) -> int:
    now = current()
    if "--update" in argv:
        STORED.write_text(json.dumps(now, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {len(now['stages'])} stage fingerprints in {STORED.relative_to(ROOT)}")
        return 0
    problems = compare(load(), now)
    for p in problems:
        print(p)
    if not problems:
        print(f"every stage's output matches its version ({len(now['stages'])} stages)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
