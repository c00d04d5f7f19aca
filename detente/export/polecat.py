"""POLECAT-style JSONL: one object per event, PLOVER fields first (type, mode, context, actors with their
country and sector), then where and when, the evidence and the coder version."""
from __future__ import annotations

from detente.export.rows import side

VERSION = "detente-polecat@1"


def _quad(event: str | None) -> str | None:
    try:
        from detente.events.ontology import quad_of_event
    except ImportError:
        return None
    try:
        return quad_of_event(event)
    except Exception:  # an unknown type has no quad
        return None


def _actor(prefix: str, a: dict | None, codes: list) -> dict:
    a = a or {}
    return {f"{prefix}_actor": a.get("name") or a.get("code"), f"{prefix}_country": a.get("code"),
            f"{prefix}_sector": a.get("sector"), f"{prefix}_text": a.get("text"),
            f"{prefix}_offsets": [a["start"], a["end"]] if a.get("start") is not None else None,
            f"{prefix}_codes": list(codes or [])}


def record(e: dict) -> dict:
    out = {"event_id": e["key"], "happening_id": e["cluster_id"], "event_date": e.get("date_value"),
           "date_precision": e.get("date_precision"), "date_origin": e.get("date_origin"),
           "event_type": e["event"], "mode": e.get("mode"), "context": list(e.get("context") or []),
           "intensity": e.get("score"), "quad_code": _quad(e["event"]), "cameo": e.get("cameo"),
           "modality": e["modality"], "happened": e.get("happened")}
    out.update(_actor("source", side(e, "source"), e.get("source_codes")))
    out.update(_actor("target", side(e, "target"), e.get("target_codes")))
    out.update({
        "reporter": e.get("reporter_code"),
        "placename": e.get("place_name"), "country": e.get("place_country"), "latitude": e.get("lat"),
        "longitude": e.get("lon"), "geonames_id": e.get("geonames_id"),
        "sentence": e.get("sentence"), "sentence_index": e.get("sentence_index"),
        "sentence_start": e.get("sentence_start"), "trigger": e.get("trigger_text"),
        "trigger_offsets": [e["trigger_start"], e["trigger_end"]],
        "story_id": e["article_id"], "story_title": e.get("title"), "publisher": e.get("outlet"),
        "url": e.get("url"), "publication_date": e.get("published"), "language": e.get("language"),
        "confidence": e.get("confidence"), "coder": e.get("coder"), "version": VERSION,
    })
    return out
