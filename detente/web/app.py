"""The FastAPI app: a JSON API under /api (its OpenAPI document at /openapi.json) and the dashboard at /.

    from detente.web import create_app
    app = create_app("detente.duckdb", token="s3cret")     # or a Backend

Handlers only parse parameters, call a view and render its dict; errors have one shape (web/errors.py).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from importlib import resources
from typing import List, Optional

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from detente import render
from detente.model import MODALITIES
from detente.store import paging
from detente.store.queries import EventFilter
from detente.web import errors, security, views
from detente.web.backend import TOKEN_ENV, Backend

CODE = re.compile(r"^[A-Za-z0-9]{2,12}$")
TYPE = re.compile(r"^[A-Za-z_]{2,24}$")
MAX_BODY = 2_000_000
MAX_TYPES = 40  # event types in one filter (PLOVER has 16): bounds the size of the IN (...) list
MAX_OFFSET = 1_000_000_000  # deeper pages are refused (422), not passed to DuckDB as out-of-range integers


def _bad(where: str, problem: str):
    raise HTTPException(422, f"invalid {where}: {problem}")


def _code(value: str | None, where: str) -> str | None:
    if value is not None and not CODE.match(value):
        _bad(where, f"{value[:40]!r} is not an actor code (2-12 letters or digits, e.g. RUS)")
    return value.upper() if value else None


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = [p for p in re.split(r"[,\s]+", value) if p]
    if len(parts) != 2:
        _bad("dyad", "give two actor codes separated by a comma, e.g. AZE,RUS")
    return _code(parts[0], "dyad"), _code(parts[1], "dyad")


async def _capped_body(request: Request) -> bytes:
    """The request body, refused (413) as soon as it passes MAX_BODY: a huge upload is never held whole."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise HTTPException(413, f"article too large ({int(declared):,} bytes > {MAX_BODY:,})")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HTTPException(413, f"article too large (more than {MAX_BODY:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


AFTER = ("Keyset pagination: the `next` cursor of the previous page (faster than `offset` on deep pages; "
         "not with `offset`)")


def _cursor(after: str | None, offset: int, what: str) -> None:
    """Refuse (422) a malformed cursor, or a cursor with an offset."""
    if not after:
        return
    if offset:
        _bad("after", "give either after (a cursor) or offset, not both")
    from detente.errors import UsageError

    try:
        (paging.after_event if what == "events" else paging.after_article)(after)
    except UsageError as exc:
        _bad("after", str(exc))


def _warm_up() -> None:
    """What the first /api request needs besides the store (the coder version imports every stage; the actor
    names read a YAML file), prepared in the background while the store is opened and the server starts."""
    import threading

    def work():
        try:
            from detente import pipeline
            from detente.web import queries

            pipeline.coder_version()
            queries.actor_names()
        except Exception:  # the request computes (and reports) it again
            pass

    threading.Thread(target=work, name="detente-warm-up", daemon=True).start()


def _interrupt_on_sigterm(backend: Backend) -> None:
    """Run at start-up, after the server (uvicorn) has set its own SIGTERM/SIGINT handlers: a signal first
    interrupts the requests' running queries, so a long request does not hold the shutdown, then goes to the
    server's handler."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue

        def handler(signum, frame, previous=previous):
            backend.interrupt()
            previous(signum, frame)

        signal.signal(sig, handler)


def _day(value: Optional[dt.date]) -> str | None:
    return value.isoformat() if value else None


def _render(data: dict, key: str, fmt: str) -> Response:
    """JSON, or CSV with the page's place in the whole in headers (X-Total-Count, Link to the next page)."""
    if fmt == "csv":
        headers = {}
        if data.get("next"):
            headers["X-Next-After"] = data["next"]
        if "total" in data:
            headers["X-Total-Count"] = str(data["total"])
            shown = len(data[key])
            if data.get("offset", 0) + shown < data["total"]:
                headers["X-Next-Offset"] = str(data.get("offset", 0) + shown)
        return Response(render.to_csv(data[key]), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(render_json(data))


def render_json(data):
    """A view's dict as plain JSON values (dates as ISO strings, NaN as null), as FastAPI's jsonable_encoder
    gives them; the plain types are converted here directly (jsonable_encoder costs ~0.5 ms per dict: seconds
    for a 30-year daily series), anything else goes through it."""
    import datetime as _dt
    import enum
    import math

    from fastapi.encoders import jsonable_encoder

    def clean(v):
        if v is None or v is True or v is False or type(v) in (str, int):
            return v
        if isinstance(v, float) and not isinstance(v, enum.Enum):
            return v if math.isfinite(v) else None
        if isinstance(v, dict):
            return {(k if type(k) is str else jsonable_encoder(k)): clean(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if isinstance(v, (_dt.date, _dt.datetime)):
            return v.isoformat()
        plain = jsonable_encoder(v)
        return plain if plain is v else clean(plain)

    return clean(data)


def create_app(db: str | Backend | None = None, *, token: str | None = None, read_only: bool = False,
               allow_hosts: tuple = (), bind: str | None = None) -> FastAPI:
    """The app over a store path or a Backend. Requests are answered only for the loopback host names, the
    interface ``bind`` and the names in ``allow_hosts`` (``"*"``: any); see web/security.py."""
    _warm_up()
    backend = db if isinstance(db, Backend) else Backend(db, read_only=read_only,
                                                          token=token or os.environ.get(TOKEN_ENV))
    # No /docs or /redoc: FastAPI's pages load Swagger/ReDoc from a CDN. The OpenAPI document is /openapi.json.
    app = FastAPI(title="detente", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Evidence-backed event data on international relations: articles, coded events "
                              "with their evidence, actors, dyads, relations and full-text search. Errors are "
                              '`{"error": {"status", "type", "message", "detail"}}`.')
    app.state.backend = backend
    app.router.on_startup.append(lambda: _interrupt_on_sigterm(backend))
    errors.install(app)
    app.add_middleware(security.Guard, hosts=security.allowed_hosts(allow_hosts, bind))
    static = resources.files("detente.web") / "static"

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(str(static / "index.html"), headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/api", tags=["meta"], summary="What the store holds and which features this build has")
    def meta():
        with backend.reader() as s:
            return render_json(views.meta_view(s, backend))

    @app.get("/api/articles", tags=["articles"], summary="Analysed articles, oldest first")
    def articles(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                 after: Optional[str] = Query(None, max_length=200, description=AFTER),
                 format: str = Query("json", pattern="^(json|csv)$")):
        _cursor(after, offset, "articles")
        with backend.reader() as s:
            return _render(views.articles_view(s, limit, offset, after), "articles", format)

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="One article (a unique id prefix is enough) with its events, highlighted spans and stance")
    def article(article_id: str):
        if not re.match(r"^[0-9a-fA-F]{1,64}$", article_id):
            _bad("article_id", "article ids are hexadecimal")
        with backend.reader() as s:
            return render_json(views.article_view(s, article_id.lower()))

    @app.post("/api/articles", tags=["articles"], status_code=201,
              summary="Analyse and store one article (needs the API token)",
              description=f"Body: JSON `{{text, title, date, outlet, url}}` or the raw text (`text/plain`, an "
                          f"optional `Key: value` header as in .txt files). Send `Authorization: Bearer <token>`; "
                          f"the token is the server's `{TOKEN_ENV}`. Without one, writes are disabled (403).")
    async def ingest(request: Request, authorization: Optional[str] = Header(None),
                     x_api_token: Optional[str] = Header(None)):
        given = x_api_token or (authorization[7:].strip() if authorization and
                                authorization.lower().startswith("bearer ") else None)
        backend.check_token(given)
        body = await _capped_body(request)
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(backend.ingest, body, request.headers.get("content-type", ""))
        return JSONResponse(render_json(result), status_code=201 if result["created"] else 200)

    @app.get("/api/events", tags=["events"], summary="Coded events with their evidence, filtered")
    def events(actor: Optional[str] = Query(None, description="Actor code on either side, e.g. RUS"),
               dyad: Optional[str] = Query(None, description="Two codes, e.g. AZE,RUS"),
               directed: bool = Query(False, description="With dyad: only first→second"),
               type: List[str] = Query([], description="PLOVER event type(s), e.g. SANCTION"),
               modality: List[str] = Query([], description="asserted, negated, hypothetical, future, question, "
                                                           "historical"),
               date_from: Optional[dt.date] = Query(None, alias="from"),
               date_to: Optional[dt.date] = Query(None, alias="to"),
               q: Optional[str] = Query(None, max_length=200, description="Text in the evidence sentence"),
               place: Optional[str] = Query(None, max_length=100, description="Place name (part of it) or "
                                                                             "its country code"),
               limit: int = Query(100, ge=1, le=5000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
               after: Optional[str] = Query(None, max_length=300, description=AFTER),
               format: str = Query("json", pattern="^(json|csv|places)$",
                                   description="json, csv, or places (counts by place for the map)")):
        types = tuple(t for v in type for t in v.split(",") if t)
        mods = tuple(m.lower() for v in modality for m in v.split(",") if m)
        if len(types) > MAX_TYPES or len(mods) > len(MODALITIES):
            _bad("type" if len(types) > MAX_TYPES else "modality", f"at most {MAX_TYPES} types and "
                 f"{len(MODALITIES)} modalities in one query")
        for t in types:
            if not TYPE.match(t):
                _bad("type", f"{t[:40]!r} is not a PLOVER event type (e.g. SANCTION)")
        for m in mods:
            if m not in MODALITIES:
                _bad("modality", f"{m[:40]!r}; use one of {', '.join(MODALITIES)}")
        flt = EventFilter(actor=_code(actor, "actor"), dyad=_dyad(dyad), directed=directed, types=types,
                          modalities=mods, date_from=_day(date_from), date_to=_day(date_to), limit=limit,
                          offset=offset, place=place or None)
        _cursor(after, offset, "events")
        with backend.reader() as s:
            if format == "places":
                return render_json(views.places_view(s, flt, q))
            # the total of a filter, and its events per day (where deep offsets are found), are counted once
            # per state of the store: later pages reuse them
            same = repr(dataclasses.replace(flt, limit=None, offset=0))
            days = None
            if not after and offset > paging.DEEP:
                days = backend.memo(("events days", same, q), lambda: s.event_days(flt, q))
            total = backend.memo(("events total", same, q),
                                 lambda: s.count_page_total(flt, q) if days is None else days.total)
            return _render(views.events_view(s, flt, q, after, total, days), "events", format)

    @app.get("/api/events/{key}", tags=["events"], summary="One event: evidence sentence with spans, actors, article")
    def event(key: str):
        if not re.match(r"^[0-9a-fA-F]{1,64}$", key):
            _bad("key", "event keys are hexadecimal")
        with backend.reader() as s:
            return render_json(views.event_view(s, key.lower()))

    @app.get("/api/actors", tags=["actors"], summary="Actors mentioned, most frequent first")
    def actors(limit: int = Query(200, ge=1, le=5000)):
        with backend.reader() as s:
            return render_json(views.actors_view(s, limit))

    @app.get("/api/dyads", tags=["relations"], summary="Pairs of actors that share events, busiest first")
    def dyads(limit: int = Query(200, ge=1, le=5000)):
        with backend.reader() as s:
            return render_json(views.dyads_view(s, limit))

    @app.get("/api/dyads/{a}/{b}/series", tags=["relations"], summary="The relation between two actors over time")
    def series(a: str, b: str, by: str = Query("month", pattern="^(day|week|month|year)$"),
               directed: bool = False,
               empty: Optional[bool] = Query(None, description="List the periods without events too (default: "
                                             f"yes up to {views.MAX_FILLED:,} periods, only those with events "
                                             "beyond; trend and alerts are the same either way)"),
               date_from: Optional[dt.date] = Query(None, alias="from", description="First period listed (the one "
                                                    "holding this date); default: see last"),
               date_to: Optional[dt.date] = Query(None, alias="to", description="Last period listed (the one holding "
                                                  "this date); default: the dyad's last with events"),
               last: Optional[int] = Query(None, ge=1, le=100_000, description="Without from: the periods listed up "
                                           "to `to` (default: " + ", ".join(f"{n} for by={k}" for k, n in
                                                                               views.DEFAULT_LAST.items())
                                           + ", all of them by month or year). `window` in the answer says which "
                                           "periods are listed; baseline, z, alerts and trend are those of the "
                                           "whole series"),
               evidence: int = Query(3, ge=0, le=3, description="The lowest-scored happenings quoted per period "
                                                                "(0: none)")):
        a, b = _code(a, "a"), _code(b, "b")
        if date_from and date_to and date_from > date_to:
            _bad("from", f"{date_from} is after to={date_to}")
        return render_json(backend.settled_read(lambda s: views.series_view(
            s, a, b, by, directed, empty, _day(date_from), _day(date_to), last, evidence)))

    @app.get("/api/alerts", tags=["relations"], summary="Dyads whose relation changed sharply, newest first")
    def alerts(by: str = Query("month", pattern="^(day|week|month|year)$"), actor: Optional[str] = None,
               since: Optional[dt.date] = None, limit: int = Query(200, ge=1, le=5000)):
        actor = _code(actor, "actor")
        return render_json(backend.settled_read(lambda s: views.alerts_view(s, by, actor, _day(since), limit)))

    @app.get("/api/network", tags=["relations"], summary="The alignment network: actors and weighted ties")
    def network(date_from: Optional[dt.date] = Query(None, alias="from"),
                date_to: Optional[dt.date] = Query(None, alias="to"),
                top: int = Query(views.DEFAULT_TOP, ge=0, le=1_000_000, description="The heaviest ties listed "
                                 "(0: all); `ties` in the answer says how many there are. Triads and balance "
                                 "count every tie"),
                min_clusters: int = Query(1, ge=1, le=1_000_000, description="Ties of at least this many "
                                          "happenings"),
                triads: int = Query(views.MAX_TRIADS, ge=0, le=10_000, description="The heaviest triads listed; "
                                    "`balance` counts every one")):
        return render_json(backend.settled_read(lambda s: views.network_view(s, _day(date_from), _day(date_to),
                                                                             top, min_clusters, triads)))

    @app.get("/api/clusters", tags=["relations"], summary="Event clusters (the same event reported many times)")
    def clusters(a: Optional[str] = None, b: Optional[str] = None,
                 date_from: Optional[dt.date] = Query(None, alias="from"),
                 date_to: Optional[dt.date] = Query(None, alias="to"), limit: int = Query(100, ge=1, le=5000)):
        with backend.reader() as s:
            return render_json(views.clusters_view(s, _code(a, "a"), _code(b, "b"), _day(date_from),
                                                   _day(date_to), limit))

    @app.get("/api/stance", tags=["stance"], summary="Each outlet's stance towards the actors it covers")
    def stance():
        with backend.reader() as s:
            return render_json(views.stance_view(s))

    @app.get("/api/search", tags=["search"], summary="Full-text search over article text and evidence sentences")
    def search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=200)):
        return render_json(backend.search(q, limit))

    return app
