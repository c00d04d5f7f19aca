"""Out-of-fold rows for the event confidence model (tools/train_confidence.py), written by tools/train_coder.py.

The confidence model learns from the coder's own numbers (detente/events/confidence.py ``features``), so those
numbers must look as they will on news the coder has never read. The coder learns from the hand-judged tune
events themselves (eval/judgements/tune-*.jsonl), so re-reading the judged articles with the shipped coder would
show it its own training data (judged words it was taught are no event are no longer coded at all, and the rest
look surer than they will be). Here each judged *article* is read whole, the way ``detente analyze`` reads it, by
the coder of the cross-validation fold that never saw that article (train_coder.py's folds: a judged article's
sentences share one), and every asserted event of it is kept with its feature row:

- at a judged trigger, its labels: the judge's four fields when the event is the one judged (same type and
  codes), else read from the annotator's own reading (``gold_event``: null means no event at that word;
  ``gold_source``/``gold_target`` codes; ``gold_modality``), the rule of tools/coder_eval.py's judged check;
- elsewhere in the article, no label: those rows give the share of asserted events a threshold keeps.

The held-out corpus records are decoded too, each asserted event labelled by the record's annotation (a word
with no annotated event is no event): more rows of the same numbers, written text rather than news, which
train_confidence.py may weigh in. The held-out PLOVER tune records are decoded by the same fold coders, each event with its feature row, so that a
threshold's cost in PLOVER tune CV F1 can be counted. Rows hold numbers, codes and record ids; no text.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from coder_eval import codeset as _codeset, tune_articles
from detente.events.predict import EVENT_FORMAT_CODES

KEYS = ("type_ok", "source_ok", "target_ok", "happened")


def label(event: str, src: list, tgt: list, j: dict) -> tuple[list, str]:
    """The four judged fields of an event coded at the judged word ``j``, and where they come from."""
    same = (event == j["event"] and _codeset(src) == _codeset(j.get("source_codes"))
            and _codeset(tgt) == _codeset(j.get("target_codes")))
    if same:
        return [int(bool(j[k])) for k in KEYS], "judge"
    gold = j.get("gold_event")
    if gold is None:
        return [0, 0, 0, 0], "gold"
    return [int(event == gold), int(_codeset(src) == _codeset(j.get("gold_source"))),
            int(_codeset(tgt) == _codeset(j.get("gold_target"))),
            int(j.get("gold_modality", "asserted") == "asserted")], "gold"


def judged_articles(judgements: list, dev: Path, part_of) -> list[dict]:
    """One record per judged tune article: its text as the pipeline reads it, its date, its judgements."""
    from detente import ingest

    by_rec: dict = {}
    for j in judgements:
        by_rec.setdefault(j["record"], []).append(j)
    raw = tune_articles(by_rec, dev, part_of)
    ids = sorted(raw)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "judged.jsonl"
        src.write_text("".join(json.dumps(raw[i]) + "\n" for i in ids), encoding="utf-8")
        arts = [a for a in ingest.read([str(src)]) if hasattr(a, "text")]
    by_text = {raw[i]["text"].strip(): i for i in ids}
    out = []
    for art in arts:
        rid = by_text.get(art.text.strip())
        if rid is not None:
            out.append({"id": rid, "text": art.text, "date": raw[rid].get("date"), "_judged": by_rec[rid]})
    return sorted(out, key=lambda r: r["id"])


def _traced(coder, analysis) -> list:
    """(event, feature row) of every event ``coder`` reads in one analysed text, sentence by sentence."""
    from detente.events import confidence as C
    from detente.events.coder import sentences

    doc, actors, date = analysis
    C.TRACE = []
    try:
        for view in sentences(doc, actors, date):
            coder.code(view)
        return list(C.TRACE)
    finally:
        C.TRACE = None


def _codes(actors) -> list:
    return [a.code for a in actors if a.code]


def article_rows(coder, rec: dict, analysis, fold: int) -> list[dict]:
    """Every asserted event of one judged article read by its fold's coder, labelled where it was judged."""
    text = rec["text"]
    spans = []
    for j in rec["_judged"]:
        a, b = j.get("sentence_start"), j.get("sentence_end")
        if a is None or a < 0:
            continue
        i = text.find(j.get("trigger") or "\0", a, b)
        if i >= 0:
            spans.append((i, i + len(j["trigger"]), j))
    rows = []
    for ev, feats in _traced(coder, analysis):
        if ev.modality != "asserted":
            continue
        t = ev.evidence.trigger.start
        hit = [j for a, b, j in spans if a <= t < b]
        src, tgt = _codes(ev.source), _codes(ev.target)
        row = {"kind": "article", "record": rec["id"], "fold": fold, "event": ev.event, "features": feats,
               "labels": None}
        if hit:
            exact = [j for j in hit if j["event"] == ev.event] or hit
            row["labels"], row["from"] = label(ev.event, src, tgt, exact[0])
            row["no_event"] = int(exact[0].get("gold_event") is None)
            row["judged_coder"] = exact[0].get("coder")
        rows.append(row)
    return rows


def corpus_rows(coder, rec: dict, analysis, fold: int, gold: list) -> list[dict]:
    """Every asserted event the fold's coder reads in a held-out corpus record, labelled by the record's own
    annotation (``gold``: train_coder.gold_events; a word with no annotated event is no event)."""
    rows = []
    for ev, feats in _traced(coder, analysis):
        if ev.modality != "asserted":
            continue
        t = ev.evidence.trigger.start
        hit = [g for g in gold if g["trigger"] is not None and g["trigger"][0] <= t < g["trigger"][1]]
        g = next((g for g in hit if g["event"] == ev.event), hit[0] if hit else None)
        if g is None:
            labels = [0, 0, 0, 0]
        else:
            gs, gt = ([c for _, c in g[k]] for k in ("source", "target"))
            labels = [int(g["event"] == ev.event), int(_codeset(_codes(ev.source)) == _codeset(gs)),
                      int(_codeset(_codes(ev.target)) == _codeset(gt)), int(g["modality"] == "asserted")]
        rows.append({"kind": "corpus", "record": rec["_rid"], "fold": fold, "event": ev.event, "features": feats,
                     "labels": labels, "no_event": int(g is None)})
    return rows


def plover_rows(coder, rec: dict, analysis, fold: int) -> dict:
    """A held-out PLOVER tune record: its gold events (types, codes, modality) and the fold coder's events."""
    def side(actors):
        return [{"code": a.get("code")} for a in actors or [] if isinstance(a, dict)]

    gold = [{"event": e["event"], "modality": e.get("modality", "asserted"), "source": side(e.get("source")),
             "target": side(e.get("target"))} for e in rec.get("events") or [] if e.get("event")]
    evs = [{"event": ev.event, "modality": ev.modality,
            "source": [{"code": EVENT_FORMAT_CODES.get(a.code, a.code)} for a in ev.source],
            "target": [{"code": EVENT_FORMAT_CODES.get(a.code, a.code)} for a in ev.target], "features": feats}
           for ev, feats in _traced(coder, analysis)]
    return {"kind": "plover", "record": rec["id"], "fold": fold, "gold": gold, "events": evs}


class Collector:
    """``on_fold`` for coder_eval.cross_validate: each fold's coder reads its held-out judged articles and PLOVER
    tune records; ``rows`` gathers the results."""

    def __init__(self, decode_meta: dict, articles: list, article_analyses: list, records: list, analyses: list,
                 fold_of, gold_of=None):
        self.meta, self.rows, self.gold_of = decode_meta, [], gold_of
        self.corpus = [(r, an) for r, an in zip(records, analyses) if r.get("_kind") == "corpus"] if gold_of else []
        self.articles = [(r, an, fold_of(f"judged:{r['id']}")) for r, an in zip(articles, article_analyses)]
        self.plover = [(r, an) for r, an in zip(records, analyses) if r.get("_kind") == "plover_tune"]

    def __call__(self, k: int, models) -> None:
        from detente.events import confidence as C
        from detente.events import learned as L

        os.environ["DETENTE_CONFIDENCE"] = "off"  # the rows must not depend on an installed confidence model
        C.model.cache_clear()
        coder = L.Coder(models, self.meta)
        for r, an, f in self.articles:
            if f == k and an is not None:
                self.rows += article_rows(coder, r, an, k)
        for r, an in self.plover:
            if r["_fold"] == k and an is not None:
                self.rows.append(plover_rows(coder, r, an, k))
        for r, an in self.corpus:
            if r["_fold"] == k and an is not None:
                self.rows += corpus_rows(coder, r, an, k, self.gold_of(r))

    def write(self, path: Path, meta: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**meta, "rows": self.rows}, sort_keys=True) + "\n", encoding="utf-8")
