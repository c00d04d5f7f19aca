"""Each view builds one data dict from the store; the routes render it as JSON (or CSV).

Relations (dyad series, alerts, network, clusters) and outlet stance come from their own packages, imported
where a view first needs them (the server starts without loading them).
"""
from __future__ import annotations

from detente.store import Store
from detente.store.queries import EventFilter
from detente.web import queries

FEATURES = ("dyad_series", "alerts", "network", "clusters", "build_clusters", "outlet_stance")  # all in every build


def meta_view(store: Store, backend) -> dict:
    from detente import pipeline

    features = dict.fromkeys(FEATURES, True)
    features["ingest"] = bool(backend.token) and not backend.read_only
    memo = getattr(backend, "memo", lambda key, compute: compute())  # once per state of the store
    return {"db": backend.path, "coder": pipeline.coder_version(), "overview": memo(("overview",), store.overview),
            "features": features, "search_index": dict(backend.index.size),
            "event_types": memo(("event types",), store.event_types), "names": queries.actor_names()}


def events_view(store: Store, flt: EventFilter, text: str | None = None, after: str | None = None,
                total: int | None = None, days=None) -> dict:
    return store.events_page(flt, text, after, total, days)


def places_view(store: Store, flt: EventFilter, text: str | None = None) -> dict:
    """Events that have coordinates, grouped by place, under the same filter as the events list."""
    data = store.event_places(flt, text)
    try:
        from detente.events.ontology import quad_of_event
    except ImportError:  # a build without the event coder: places stay uncoloured
        quad_of_event = None
    for place in data["places"]:
        try:
            place["quad"] = quad_of_event(place["top_type"]) if quad_of_event and place["top_type"] else None
        except Exception:  # an unknown type has no quad
            place["quad"] = None
    return data


def sentence_spans(event: dict, actors: list[dict]) -> list[dict]:
    """Trigger and actor spans of one event, as offsets into its evidence sentence."""
    base, n = event.get("sentence_start") or 0, len(event.get("sentence") or "")
    spans = [{"role": "trigger", "start": event["trigger_start"] - base, "end": event["trigger_end"] - base,
              "text": event["trigger_text"], "code": event["event"]}]
    for a in actors:
        if a.get("start") is not None and 0 <= a["start"] - base and a["end"] - base <= n:
            spans.append({"role": a["role"], "start": a["start"] - base, "end": a["end"] - base,
                          "text": a["text"], "code": a["code"], "sector": a["sector"]})
    return sorted(spans, key=lambda s: (s["start"], s["end"]))


def event_view(store: Store, key: str) -> dict:
    event = store.event(key)
    actors = store.event_actors([key])
    article = store.article(event["article_id"])
    article = {k: article.get(k) for k in ("id", "title", "url", "outlet", "author", "published")}
    return {"event": event, "actors": actors, "spans": sentence_spans(event, actors), "article": article}


def article_view(store: Store, article_id: str) -> dict:
    article = store.article(article_id)
    events = store.events(EventFilter(article_id=article["id"], limit=10_000))
    actors = store.event_actors([e["key"] for e in events])
    spans = [{"role": "trigger", "start": e["trigger_start"], "end": e["trigger_end"], "key": e["key"],
              "code": e["event"]} for e in events]
    spans += [{"role": a["role"], "start": a["start"], "end": a["end"], "key": a["event_key"], "code": a["code"]}
              for a in actors if a.get("start") is not None]
    mentions = store.article_actors(article["id"])
    return {"article": article, "events": events, "event_actors": actors, "mentions": mentions,
            "spans": sorted(spans, key=lambda s: (s["start"], s["end"])),
            "stance": store.article_stance(article["id"])}


def articles_view(store: Store, limit: int, offset: int, after: str | None = None) -> dict:
    from detente.store.paging import article_cursor

    found = store.articles(limit, offset, after=after)
    return {"total": store.total("articles"), "limit": limit, "offset": offset, "articles": found,
            "next": article_cursor(found[-1]) if found and len(found) == limit else None}


def dyads_view(store: Store, limit: int) -> dict:
    return {"dyads": store.dyad_pairs(limit)}


def actors_view(store: Store, limit: int) -> dict:
    return {"actors": store.actors(limit)}


MAX_FILLED = 3660  # periods a series lists with the empty ones between (ten years of days) unless asked
DEFAULT_LAST = {"day": 365, "week": 260}  # periods a series lists without from: a year of days, five of weeks


def series_view(store: Store, a: str, b: str, by: str, directed: bool, empty: bool | None = None,
                date_from: str | None = None, date_to: str | None = None, last: int | None = None,
                evidence: int = 3) -> dict:
    """The dyad's series over a window: without ``from`` (or ``last``), daily and weekly series list the
    DEFAULT_LAST periods up to ``to`` or the dyad's last active period, monthly and yearly ones all of it.
    Periods without events are left out when ``empty`` is False, or when it is None and the window is
    longer than MAX_FILLED periods (30 years of days are 11,000 mostly empty periods)."""
    from detente.relations import dyad_series

    if not date_from and last is None:
        last = DEFAULT_LAST.get(by)
    data = dyad_series(store, a.upper(), b.upper(), by=by, directed=directed, date_from=date_from,
                       date_to=date_to, last=last, evidence=evidence)
    if empty is False or (empty is None and len(data["series"]) > MAX_FILLED):
        data["series"] = [p for p in data["series"] if p["clusters"]]
    window = data["window"]
    if window["from"] and not window["whole"]:
        window["more"] = (f"{window['periods']:,} {by} periods from {window['from']} to {window['to']}; the dyad's "
                          f"happenings run from {window['first']} to {window['last']}: ask from= and to= "
                          f"(e.g. from={window['first']}), last=N periods, or a longer period (by=month)")
    return data


def alerts_view(store: Store, by: str = "month", actor: str | None = None, since: str | None = None,
                limit: int = 200) -> dict:
    from detente.relations.alerts import alerts_page

    found, total = alerts_page(store, by, actor, since, limit)
    return {"alerts": found, "total": total}


MAX_TRIADS = 200  # triads a network response lists unless asked (the heaviest; its balance counts every one)
DEFAULT_TOP = 500  # ties a network response lists unless asked (the heaviest; 200 states have 19,900 pairs)


def network_view(store: Store, date_from: str | None, date_to: str | None, top: int | None = DEFAULT_TOP,
                 min_clusters: int | None = None, triads: int = MAX_TRIADS) -> dict:
    """The network of a window, its ``top`` heaviest ties listed (0 or None: all) and its ``triads`` heaviest
    triads, ties of fewer than ``min_clusters`` happenings left out; ``ties`` says how many are listed of how
    many (``balance.triads``: how many triads there are)."""
    from detente.relations import network

    extra = {"min_clusters": min_clusters} if min_clusters else {}
    data = network(store, date_from, date_to, max_triads=triads, top=top or None, **extra)
    ties = data["ties"]
    if ties["listed"] < ties["total"]:
        ties["more"] = (f"the {ties['listed']:,} heaviest of {ties['total']:,} ties; top=N lists more (top=0: all), "
                        "min_clusters=N keeps the ties of N happenings or more, from/to narrow the window")
    return data


def stance_view(store: Store) -> dict:
    from detente.stance import outlet_stance

    return {"outlets": outlet_stance(store)}


def clusters_view(store: Store, a: str | None, b: str | None, date_from: str | None, date_to: str | None,
                  limit: int) -> dict:
    from detente.relations import clusters

    found = clusters(store, a, b, date_from=date_from, date_to=date_to, limit=limit)
    return {"clusters": found, "limit": limit}
