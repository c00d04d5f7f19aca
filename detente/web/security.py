"""What every response of the server carries, and which requests it answers at all.

- **Host allow-list.** A page on another site can make the browser send requests to ``localhost`` under its
  own name (DNS rebinding: ``evil.example`` resolving to 127.0.0.1), and read the answers as same-origin.
  Only requests whose ``Host`` is a loopback name (``localhost``, ``127.0.0.1``, ``::1``) or a name added
  with ``detente serve --allow-host NAME`` are answered; any other gets a 400 in the API's error shape.
  (The in-process test client, which has no socket and is no browser, sends ``testserver``.)
- **Headers on every response**: a Content-Security-Policy that allows only the server's own scripts,
  styles, images and API (no inline script, no framing, no plugins, no foreign form targets), plus
  ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``.
"""
from __future__ import annotations

from typing import Iterable

LOOPBACK = ("localhost", "127.0.0.1", "::1")
ANY = "*"
TEST_CLIENT = "testclient"  # the ASGI scope's client name under starlette's in-process TestClient

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def host_name(header: str) -> str:
    """The name part of a Host header, lower case, without port or trailing dot (``[::1]:8765`` -> ``::1``)."""
    host = header.strip().lower()
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def allowed_hosts(extra: Iterable[str] = (), bound: str | None = None) -> frozenset[str]:
    """The loopback names, the interface the server binds (unless a wildcard) and the ``extra`` names."""
    names = set(LOOPBACK) | {host_name(h) for h in extra if h}
    if bound and bound not in ("0.0.0.0", "::", ""):
        names.add(host_name(bound))
    return frozenset(names)


class Guard:
    """ASGI middleware: refuse requests for a Host not allowed; add the security headers to every answer."""

    def __init__(self, app, hosts: frozenset[str]):
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if not self._allowed(scope):
            return await self._refuse(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message, headers=list(message.get("headers", [])) +
                               [(k, v) for k, v in HEADERS if k not in have])
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _allowed(self, scope) -> bool:
        if ANY in self.hosts:
            return True
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        name = host_name(host)
        client = (scope.get("client") or ("",))[0]
        return name in self.hosts or (name == "testserver" and client == TEST_CLIENT)

    async def _refuse(self, scope, receive, send):
        import json

        from detente.web.errors import error_body

        body = json.dumps(error_body(400, "this server answers only requests for its own host names (loopback, "
                                          "or names given with `detente serve --allow-host NAME`)",
                                     kind="host_not_allowed")).encode()
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                    + HEADERS})
        await send({"type": "http.response.body", "body": body})
