"""GDELT 2.0 event and mention tables from detente's events.

Events: the 61 columns of the GDELT 2.0 event table, in GDELT's order, tab-separated, no header (as
GDELT ships its ``.export.CSV`` files). One row per happening: an event cluster when the store has
clusters (``NumMentions``/``NumSources``/``NumArticles`` count its reports, sentences/outlets/articles),
else one row per event with counts of 1. Our codes fill GDELT's fields:

- ``EventCode``/``EventBaseCode``/``EventRootCode``: our CAMEO code and its 3- and 2-digit prefixes;
  ``QuadClass`` from the CAMEO root (01-05 verbal cooperation 1, 06-08 material cooperation 2,
  09-13 verbal conflict 3, 14-20 material conflict 4); ``GoldsteinScale`` from GDELT's lookup
  (``data/goldstein.tsv``).
- ``Actor1Code`` is country + sector as CAMEO writes it (``RUSGOV``); international actors (IGO, UNO, ...)
  go to ``KnownGroupCode``; ``Type1Code`` is the PLOVER sector.
- ``ActionGeo_*`` from the event's place; the country code is ISO 3166 alpha-3 (GDELT uses FIPS 10-4)
  and ``FeatureID`` is a GeoNames id. ``Actor1Geo_*``/``Actor2Geo_*`` are empty: we do not geolocate actors.
- ``AvgTone`` is the mean tone of the happening's articles and ``MentionDocTone`` its article's, each
  GDELT's measure (positive minus negative words, in percent of all words: ``tone.py``).
- ``IsRootEvent`` is 1 when the evidence sentence is in the lead paragraph; ``SOURCEURL`` is the first
  report's URL (``detente:article/<id>`` when the article has none).

Mentions: GDELT 2.0's mention table, one row per report (event), keyed by the same GLOBALEVENTID,
with the 1-based sentence id and the character offsets of actor 1, actor 2 and the trigger.
"""
from __future__ import annotations

import datetime as dt
import functools
from importlib import resources

from detente.export.rows import happenings, side

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
EVENT_COLUMNS = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
                 + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
                 + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                    "NumMentions", "NumSources", "NumArticles", "AvgTone"]
                 + [f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in _GEO]
                 + ["DATEADDED", "SOURCEURL"])
MENTION_COLUMNS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
                   "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
                   "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras"]
INTERNATIONAL = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "NGM"})
assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16


@functools.lru_cache(maxsize=1)
def goldstein() -> dict[str, float]:
    text = (resources.files("detente.export") / "data" / "goldstein.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and parts[0].isdigit():
            out[parts[0]] = float(parts[1])
    return out


def quad_class(cameo: str) -> int | None:
    root = int(cameo[:2]) if cameo[:2].isdigit() else 0
    return 1 if 1 <= root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 if root <= 20 else None


def goldstein_of(cameo: str) -> float | None:
    table = goldstein()
    for prefix in (cameo, cameo[:3], cameo[:2]):
        if prefix in table:
            return table[prefix]
    return None


def global_id(key: str) -> int:
    """A stable integer id from a hex key (60 bits: fits GDELT's INTEGER/BIGINT readers)."""
    return int(key[:15], 16)


def _stamp(value, with_time: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%d%H%M%S")
    return value.strftime("%Y%m%d") + ("000000" if with_time else "")


def _actor(a: dict | None) -> list:
    if not a or not a.get("code"):
        return [""] * len(_ACTOR)
    code, sector = a["code"], a.get("sector") or ""
    international = code in INTERNATIONAL or len(code) != 3
    name = (a.get("name") or a.get("text") or code).upper()
    return [code + sector, name, "" if international else code, code if international else "", "", "", "",
            sector, "", ""]


def _action_geo(e: dict) -> list:
    if not e.get("place_name"):
        return [""] * len(_GEO)
    kind = (e.get("place_kind") or "").lower()
    gtype = 1 if kind == "country" else 5 if kind in ("region", "state", "province", "adm1") else 4
    return [gtype, e["place_name"], e.get("place_country") or "", "", "", e.get("lat"), e.get("lon"),
            e.get("geonames_id") or ""]


def _blank(v):
    return "" if v is None else v


def _mean_tone(group: list[dict]):
    """The mean tone over the distinct articles of a happening ("" when none has one)."""
    tones = {e["article_id"]: e.get("doc_tone") for e in group}
    known = [t for t in tones.values() if t is not None]
    return round(sum(known) / len(known), 3) if known else ""


def event_table(events: list[dict]) -> tuple[list[list], dict]:
    """GDELT event rows (one per happening) and a note of what was left out and why."""
    out, left = [], {"no CAMEO code": 0, "no date": 0}
    for group in happenings(events):
        first = group[0]
        if not first.get("cameo"):
            left["no CAMEO code"] += 1
            continue
        day = first.get("date")
        if day is None:
            left["no date"] += 1
            continue
        cameo = first["cameo"]
        articles = {e["article_id"] for e in group}
        sources = {e.get("outlet") or e["article_id"] for e in group}
        out.append(
            [global_id(first["cluster_id"]), int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year,
             round(day.year + (day.month * 30 + day.day) / 365, 4)]
            + _actor(side(first, "source")) + _actor(side(first, "target"))
            + [1 if first.get("lead") else 0, cameo, cameo[:3], cameo[:2], quad_class(cameo), goldstein_of(cameo),
               len(group), len(sources), len(articles), _mean_tone(group)]
            + [""] * len(_GEO) * 2 + _action_geo(first)
            + [_stamp(first.get("analysed_at")), first.get("url") or f"detente:article/{first['article_id']}"])
    return out, {k: v for k, v in left.items() if v}


def mention_table(events: list[dict]) -> list[list]:
    out = []
    for e in events:
        src, tgt = side(e, "source"), side(e, "target")
        published = e.get("published")
        out.append([global_id(e["cluster_id"]), _stamp(e.get("date")), _stamp(published) or _stamp(e.get("date")),
                    1, e.get("outlet") or "", e.get("url") or f"detente:article/{e['article_id']}",
                    (e.get("sentence_index") or 0) + 1,
                    src["start"] if src and src.get("start") is not None else -1,
                    tgt["start"] if tgt and tgt.get("start") is not None else -1,
                    e["trigger_start"], 1, round(100 * (e.get("confidence") or 0)), e.get("doc_len") or 0,
                    _blank(e.get("doc_tone")), "", f"<EventKey>{e['key']}</EventKey><Modality>{e['modality']}</Modality>"])
    return out
