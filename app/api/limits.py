"""Limits that protect the service: request size, and requests per minute per client.

Counts live in PostgreSQL (see `app.services.rate_limits`); this module sends what is left of
a quota with each counted response.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import TooLarge
from app.services.rate_limits import Quota


class BodySizeLimit:
    """Refuse bodies over `limit` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(f"the request body exceeds {self.limit} bytes")
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        from app.problems import problem_bytes

        body = problem_bytes(413, f"the request body exceeds {self.limit} bytes", scope["path"])
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RateLimitHeaders:
    """Add the RateLimit-* headers of the quota a request was counted against (outside the
    response cache, so a cached body never carries another request's quota)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_quota(message: Message) -> None:
            quota = scope.get("state", {}).get("quota")
            if message["type"] == "http.response.start" and isinstance(quota, Quota):
                headers = MutableHeaders(scope=message)
                for name, value in quota.headers().items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_quota)
