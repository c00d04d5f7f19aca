"""Evaluation-format predictions of the event coder (``detente predict events|quad``); scoring: detente.evaluate."""
from __future__ import annotations

from typing import Iterable, Iterator


# The event format's transnational codes (shared/eval/README.md: "ISO-3166 alpha-3, or IGO / NGO / IMG; the
# organisation's identity is not coded"): the United Nations and the European Union, which PLOVER v0.8 and our
# store code UNO and EUR, are written as IGO there. The actors format keeps UNO and EUR (NGEC's codes).
EVENT_FORMAT_CODES = {"UNO": "IGO", "EUR": "IGO"}


def actor_json(a) -> dict:
    return {"code": EVENT_FORMAT_CODES.get(a.code, a.code), "sector": a.sector,
            "text": a.span.text if a.span else a.name}


def event_json(e) -> dict:
    return {
        "event": e.event, "mode": e.mode, "cameo": e.cameo,
        "source": [actor_json(a) for a in e.source], "target": [actor_json(a) for a in e.target],
        "modality": e.modality, "date": e.date, "score": e.score,
    }


def strongest_first(events) -> list:
    """The evaluation order: by sentence, then the coder's confidence, then intensity."""
    return sorted(events, key=lambda e: (e.evidence.sentence_index, -e.confidence, -abs(e.score)))


def classify_quad(text: str) -> str:
    """CAMEO quad class of one sentence: STATEMENT, VERBAL_COOP, MATERIAL_COOP, VERBAL_CONFLICT or MATERIAL_CONFLICT."""
    from .quad import classify

    return classify(text)


def predict_quad(records: Iterable[dict]) -> Iterator[dict]:
    from .quad import classify_many

    records = list(records)
    for rec, quad in zip(records, classify_many([r.get("text") or "" for r in records])):
        yield {"id": rec["id"], "quad": quad}
