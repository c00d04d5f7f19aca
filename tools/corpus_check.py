"""Check corpus files against corpus/GUIDE.md: .venv/bin/python tools/corpus_check.py corpus/en/*.jsonl

Prints one line per problem (file:line: reason) and a summary; exits 1 when any record is wrong.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detente import model  # noqa: E402 - event types, modalities, codes and sectors: the project's own lists
from detente.actors import codes  # noqa: E402
from detente.events.ontology import plover_types  # noqa: E402

# The PLOVER v0.8 manual's mode lists (detente/events/data/plover.tsv holds only the modes with a score of their
# own, so it lacks PROTEST "vandalize").
_AR = ["assist", "change", "yield", "meet"]
MODES = {
    "CONSULT": ["visit", "third-party", "multilateral", "phone"],
    "RETREAT": ["withdraw", "release", "disarm", "ceasefire", "access", "resign"],
    "REQUEST": _AR, "REJECT": _AR,
    "ACCUSE": ["disapprove", "investigate", "allege"],
    "THREATEN": ["restrict", "arrest", "relations", "expel", "territory", "violence"],
    "PROTEST": ["demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"],
    "SANCTION": ["convict", "expel", "withdraw", "discontinue"],
    "MOBILIZE": ["troops", "weapons", "police", "militia"],
    "COERCE": ["seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"],
    "ASSAULT": ["abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
                "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional"],
}
TYPES = set(plover_types())
MODALITIES = set(model.MODALITIES)
GENRES = {"wire", "headline", "statement", "opinion", "analysis", "regional"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The sample articles (../shared/samples) report the Russia-Azerbaijan crisis from late 2024 on; the corpus keeps
# out of it, so that the samples measure what the coder learnt elsewhere (GUIDE.md, "What the corpus leaves out").
RESERVED_FROM = "2024-10"
_AZE = re.compile(r"Azerbaij|Baku|Aliyev|AZAL|Азербайдж|Баку|Алиев", re.I)
_RUS = re.compile(r"Russia|Moscow|Kremlin|Putin|Sputnik|Yekaterinburg|Lavrov|Grozny|Росси|Москв|Кремл|Путин|Лавров|\bРФ\b|Спутник|Екатеринбург|Грозн", re.I)


def reserved(rec: dict) -> bool:
    """A record on the samples' subject: Russia and Azerbaijan together, dated from late 2024 on (or undated)."""
    return (rec.get("date") or "9999") >= RESERVED_FROM and bool(_AZE.search(rec["text"])) \
        and bool(_RUS.search(rec["text"]))


def span(text: str, needle: str, at: int | None) -> tuple[int, int] | None:
    """Offsets of the ``at``-th occurrence (0-based) of ``needle`` in ``text``."""
    start, n = -1, at or 0
    for _ in range(n + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def problems(rec: dict) -> list[str]:
    out = []
    text = rec.get("text")
    if not isinstance(rec.get("id"), str) or not rec["id"]:
        out.append("no id")
    if not isinstance(text, str) or not text.strip():
        return out + ["no text"]
    if rec.get("date") is not None and not DATE.match(str(rec["date"])):
        out.append(f"bad date {rec.get('date')!r}")
    if reserved(rec):
        out.append("on the sample articles' subject (Russia and Azerbaijan from late 2024): leave it out")
    if rec.get("genre") not in GENRES:
        out.append(f"genre {rec.get('genre')!r} not one of {sorted(GENRES)}")
    events = rec.get("events")
    if not isinstance(events, list):
        return out + ["events is not a list"]
    for i, ev in enumerate(events):
        where = f"event {i}"
        t = ev.get("event")
        if t not in TYPES:
            out.append(f"{where}: type {t!r} unknown")
        elif ev.get("mode") is not None and ev["mode"] not in MODES.get(t, []):
            out.append(f"{where}: mode {ev['mode']!r} not a mode of {t} ({MODES.get(t, [])})")
        cameo = ev.get("cameo")
        if cameo is not None and not re.fullmatch(r"\d{2,4}", str(cameo)):
            out.append(f"{where}: cameo {cameo!r} is not a CAMEO code")
        if ev.get("modality") not in MODALITIES:
            out.append(f"{where}: modality {ev.get('modality')!r} not one of {sorted(MODALITIES)}")
        trig = ev.get("trigger")
        if not isinstance(trig, str) or span(text, trig, ev.get("trigger_at")) is None:
            out.append(f"{where}: trigger {trig!r} not in text")
        seen = set()
        for side in ("source", "target"):
            actors = ev.get(side)
            if not isinstance(actors, list):
                out.append(f"{where}: {side} is not a list")
                continue
            for a in actors:
                if not isinstance(a.get("text"), str) or span(text, a["text"], a.get("at")) is None:
                    out.append(f"{where}: {side} text {a.get('text')!r} not in text")
                code = a.get("code")
                if code is not None and not codes.is_country(code):
                    out.append(f"{where}: {side} code {code!r} unknown")
                if a.get("sector") is not None and a["sector"] not in codes.SECTORS:
                    out.append(f"{where}: {side} sector {a['sector']!r} unknown")
                key = (code, a.get("sector"))
                if code and side == "target" and key in seen:
                    out.append(f"{where}: same code and sector {key} on both sides")
                if side == "source":
                    seen.add(key)
    return out


def check(paths: list[Path]) -> tuple[int, Counter]:
    bad, ids, stats = 0, set(), Counter()
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{where}: not JSON ({e})")
                bad += 1
                continue
            errs = problems(rec)
            if rec.get("id") in ids:
                errs.append(f"duplicate id {rec.get('id')}")
            ids.add(rec.get("id"))
            for e in errs:
                print(f"{where}: {rec.get('id')}: {e}")
            bad += bool(errs)
            stats["records"] += 1
            stats["no event"] += not rec.get("events")
            for ev in rec.get("events") or []:
                stats[f"{ev.get('modality')}"] += 1
                if ev.get("modality") == "asserted":
                    stats[f"asserted {ev.get('event')}"] += 1
    return bad, stats


def main(argv: list[str]) -> int:
    # default: the event files (en/w1.jsonl ..., ru/r1.jsonl), not the places and stance checks beside them
    paths = [Path(p) for p in argv] or sorted(ROOT.glob("corpus/[a-z][a-z]/[a-z][0-9]*.jsonl")) + sorted(ROOT.glob("corpus/heldout/*.jsonl"))
    bad, stats = check(paths)
    print(f"{stats['records']} records, {bad} with problems")
    for k in sorted(stats):
        if k != "records":
            print(f"  {k}: {stats[k]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
