"""The training data of the event coder (tools/train_coder.py) and of the trainers that share its records
(tools/train_modality.py): the dev split and the folds, the corpus files, the gold and hand-judged events with
character ranges, and the pipeline's parse of each record (cached when a path is given). No model code here."""
from __future__ import annotations

import hashlib
import json
import pathlib
import sys

from dev_paths import ROOT, SHARED  # noqa: E402  (tools/ is on the path: the script's own folder)

from detente.events import learned as L  # noqa: E402
from detente.model import MODALITIES  # noqa: E402
from coder_eval import judged_sentences  # noqa: E402

JUDGED_MODALITY = {"questioned": "question"}  # a judge's spelling -> the model's modality (detente.model.MODALITIES)


# ---------------------------------------------------------------------- data
def part_of(record_id) -> str:
    """'tune' (about 60%) or 'validation', fixed by a SHA-256 hash of the id (the dev sets' split)."""
    base = str(record_id).split("#", 1)[0]
    return "tune" if int(hashlib.sha256(base.encode("utf-8")).hexdigest()[:8], 16) % 10 < 6 else "validation"


def fold_of(record_id, folds: int) -> int:
    return int(hashlib.sha256(("cv:" + str(record_id)).encode("utf-8")).hexdigest()[:8], 16) % folds


def corpus_files():
    return sorted((ROOT / "corpus" / "en").glob("*.jsonl"))


def corpus_hash(paths) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def read_jsonl(path, skipped):
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec.get("text"), str) or not isinstance(rec.get("events", []), list):
                    raise ValueError("no text or events")
                out.append(rec)
            except ValueError as exc:
                skipped.append(f"{path.name}:{n}: {exc}")
    return out


def _find(text, s, at=0):
    """Character range of the ``at``-th occurrence of ``s`` in ``text``, or None."""
    if not s:
        return None
    i = -1
    for _ in range(int(at or 0) + 1):
        i = text.find(s, i + 1)
        if i < 0:
            return None
    return i, i + len(s)


def gold_events(rec, plover: bool):
    """Events with character ranges: trigger (None for the PLOVER set, which has none) and actor ranges."""
    text = rec["text"]
    out = []
    if rec.get("_judged"):
        return judged_events(rec)
    for e in rec.get("events") or []:
        if not e.get("event"):
            continue
        trig = None if plover else _find(text, e.get("trigger") or "", e.get("trigger_at", 0))
        sides = {}
        for side in ("source", "target"):
            sides[side] = [(_find(text, a.get("text") or "", a.get("at", 0)), a.get("code"))
                           for a in e.get(side) or [] if isinstance(a, dict)]
        out.append({"event": e["event"], "mode": e.get("mode"), "modality": e.get("modality") or "asserted",
                    "trigger": trig, "source": sides["source"], "target": sides["target"], "raw": e})
    return out


def judged_events(rec):
    """The hand-judged events of one sentence: the judged trigger, the annotator's type (NONE: no event at that
    word), and the source and target as codes (no spans: a mention is labelled by its actor's code)."""
    out = []
    for j in rec["_judged"]:
        trig = _find(rec["text"], j.get("trigger") or "")
        if trig is None:
            continue
        modality = j.get("gold_modality") or "asserted"
        modality = JUDGED_MODALITY.get(modality, modality)
        if modality not in MODALITIES:
            raise SystemExit(f"{j.get('record')}@{j.get('sentence_start')}: unknown gold_modality {modality!r}")
        out.append({"event": j.get("gold_event") or L.NONE, "mode": None,
                    "modality": modality, "trigger": trig, "by_code": True,
                    "source": [(None, c) for c in j.get("gold_source") or []],
                    "target": [(None, c) for c in j.get("gold_target") or []], "raw": j})
    return out


def judged_records(paths, skipped) -> list:
    """One record per judged sentence of the tune Guardian/Reuters articles (eval/judgements/tune-*.jsonl), its
    text re-read from the shared dev articles at training time (the repository keeps offsets only)."""
    rows = []
    for p in paths:
        rows += read_jsonl_rows(p)
    arts, sentences = judged_sentences(rows, SHARED / "eval" / "dev", part_of, skipped)
    out = []
    for (rid, a, b), js in sentences:
        text = arts[rid].get("text") or ""
        out.append({"id": f"{rid}@{a}", "text": text[a:b], "events": [], "_judged": js, "_article": rid})
    return out


def read_jsonl_rows(path):
    return [json.loads(line) for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def analyse(records, batch=64):
    """(doc, actors) of every record, from the pipeline's parse and actor stages."""
    from detente import pipeline
    from detente.config import Settings
    from detente.errors import StageError
    from detente.model import Article
    from detente.values import iso_date

    settings = Settings()
    stages = pipeline.stages_for(["actors"])
    out = []
    for k in range(0, len(records), batch):
        chunk = records[k:k + batch]
        arts = [Article.create(r["text"], published=iso_date(r.get("date"))) for r in chunk]
        for r, res in zip(chunk, pipeline.analyze_batch(arts, settings, stages)):
            out.append(None if isinstance(res, StageError) else (res.doc, res.actors, res.article.published))
    return out


def cached_analyses(records, path):
    """analyse(records), kept in ``path`` (a pickle, keyed by the records' texts and dates) when one is given:
    several runs over the same records (comparing settings) parse once."""
    if not path:
        return analyse(records)
    import pickle

    key = hashlib.sha256("\n".join(f"{r['text']}\t{r.get('date')}" for r in records).encode("utf-8")).hexdigest()
    p = pathlib.Path(path)
    if p.exists():
        with open(p, "rb") as fh:
            k, analyses = pickle.load(fh)
        if k == key:
            return analyses
    analyses = analyse(records)
    try:
        with open(p, "wb") as fh:
            pickle.dump((key, analyses), fh, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - a cache only
        print(f"parse cache not written: {exc}", file=sys.stderr)
        p.unlink(missing_ok=True)
    return analyses
