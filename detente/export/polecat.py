"""POLECAT exports.

``polecat``: the public POLECAT release's tab-separated layout, its 40 column names in their order, so that
loaders written for the POLECAT files read detente's events. Source of the names and order: the header of
the POLECAT weekly/archive files on Harvard Dataverse (POLECAT Global Political Event Dataset, Leidos /
Halterman et al.; documented at https://andybeger.com/blog/2024-05-21-polecat-event-data, whose reader
handles the release's header variants), as read by public loaders of those files. Older archive files
name the fifth column ``Intensity``; the current weekly files ``Event Intensity``, used here. Columns
detente has no value for (COW codes, titles, Wikipedia ids, district/province, story people) are empty.

``polecat-jsonl``: detente's richer record, PLOVER fields first (type, mode, context, actors with their
country and sector), then where and when, the evidence with offsets, modality and the coder version.
"""
from __future__ import annotations

from detente.export.rows import side

VERSION = "detente-polecat@1"

COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type",
    "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language", "Version",
]
_QUAD_NAMES = {"VERBAL_COOP": "VERBAL COOPERATION", "MATERIAL_COOP": "MATERIAL COOPERATION",
               "VERBAL_CONFLICT": "VERBAL CONFLICT", "MATERIAL_CONFLICT": "MATERIAL CONFLICT",
               "STATEMENT": "NEUTRAL"}


def _day(v) -> str | None:
    if v is None:
        return None
    return v.isoformat()[:10] if hasattr(v, "isoformat") else str(v)[:10]


def _side(e: dict, role: str) -> list:
    actors = [a for a in e.get("actors") or [] if a["role"] == role]
    first = actors[0] if actors else {}
    sectors = "; ".join(dict.fromkeys(a["sector"] for a in actors if a.get("sector")))
    return [first.get("name") or first.get("code"), first.get("code"), None, first.get("sector"), sectors or None,
            None, first.get("text"), None]


def row(e: dict) -> list:
    """One event as a POLECAT row (values in COLUMNS order)."""
    quad = _quad(e["event"])
    kind = e.get("place_kind")
    return [
        e["key"], _day(e.get("date")), e["event"], e.get("mode"), e.get("score"), _QUAD_NAMES.get(quad, quad),
        "; ".join(e.get("context") or []) or None,
        *_side(e, "source"), *_side(e, "target"),
        e.get("place_name"), e.get("place_name") if kind in ("city", "town", "populated place") else None,
        None, None, e.get("place_country"), e.get("lat"), e.get("lon"), e.get("geonames_id"),
        e.get("place_name"), kind,
        e.get("outlet"), _day(e.get("published")), None, None, None, e.get("language"), VERSION,
    ]


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
