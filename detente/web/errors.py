"""One JSON shape for every error the API returns:

    {"error": {"status": 404, "type": "not_found", "message": "no article with id 'x'; ...", "detail": null}}

Only this edge translates detente's exceptions (detente.errors) into HTTP statuses.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente.errors import DetenteError, NotFound, StoreError, UsageError

log = logging.getLogger("detente.web")

_NAMES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          413: "too_large", 415: "unsupported_media_type", 422: "invalid_parameter", 500: "internal_error",
          503: "unavailable"}


class WriteDisabled(DetenteError):
    """Write endpoints are off (no token configured, or the store is open read-only)."""


class Unauthorized(DetenteError):
    """A write request without the right token."""


class Unavailable(DetenteError):
    """A feature whose module is not in this build (relations, stance)."""


class Rebuilding(Unavailable):
    """Derived data (event clusters) is being rebuilt after a write: answered 503 with Retry-After."""

    retry_after = 5


def error_body(status: int, message: str, detail=None, kind: str | None = None) -> dict:
    return {"error": {"status": status, "type": kind or _NAMES.get(status, "error"), "message": message,
                      "detail": detail}}


def error_response(status: int, message: str, detail=None, kind: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, detail, kind), status_code=status)


def status_of(exc: DetenteError) -> int:
    for cls, status in ((NotFound, 404), (UsageError, 400), (Unauthorized, 401), (WriteDisabled, 403),
                        (Unavailable, 503), (StoreError, 500)):
        if isinstance(exc, cls):
            return status
    return 400


def _stale(exc: Exception) -> bool:
    if isinstance(exc, Rebuilding):
        return True
    try:
        from detente.relations.read import StaleClusters
    except ImportError:  # a build without relations
        return False
    return isinstance(exc, StaleClusters)


def install(app: FastAPI) -> None:
    @app.exception_handler(DetenteError)
    async def _domain(request: Request, exc: DetenteError):
        if _stale(exc):  # clusters behind the events: the server is catching up, not the client wrong
            exc = exc if isinstance(exc, Rebuilding) else Rebuilding(f"{exc}; try again shortly")
            response = error_response(503, str(exc), kind="rebuilding")
            response.headers["Retry-After"] = str(Rebuilding.retry_after)
            return response
        return error_response(status_of(exc), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else _NAMES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.url.path}; the API is described at /openapi.json"
        return error_response(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        detail = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                  for e in exc.errors()]
        first = detail[0] if detail else {"where": "request", "problem": "invalid"}
        return error_response(422, f"invalid {first['where']}: {first['problem']}", detail)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        name = type(exc).__name__
        if name in ("OutOfMemoryException", "InterruptException"):  # DuckDB's: the server's limits, not a bug
            reason = ("the request needs more memory than the server gives DuckDB (raise "
                      "$DETENTE_SERVER_MEMORY_MB)" if name == "OutOfMemoryException" else "the server is stopping")
            return error_response(503, f"{reason}; try a narrower request", kind="unavailable")
        log.exception("unhandled error on %s", request.url.path)
        return error_response(500, f"internal error ({type(exc).__name__}); the server log has the traceback")
