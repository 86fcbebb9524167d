"""Limits that protect the service: request size, and requests per minute per client.

Counts live in PostgreSQL (an UNLOGGED table), so they hold across worker processes and hosts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import TooLarge, TooManyRequests


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


HIT = text(
    "INSERT INTO rate_windows (bucket, window_start, hits) VALUES (:bucket, :window, 1) "
    "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_windows.hits + 1 "
    "RETURNING hits"
)


async def check_rate(engine: object, buckets: list[str], per_minute: int) -> None:
    """Count one request in each bucket's current minute; 429 with Retry-After over the limit."""
    from sqlalchemy.ext.asyncio import AsyncEngine

    assert isinstance(engine, AsyncEngine)
    now = datetime.now(UTC)
    window = now.replace(second=0, microsecond=0)
    async with engine.begin() as connection:
        for bucket in buckets:
            hits = (
                await connection.execute(HIT, {"bucket": bucket, "window": window})
            ).scalar_one()
            if hits > per_minute:
                retry = 60 - now.second
                raise TooManyRequests(
                    f"more than {per_minute} requests a minute from {bucket.split(':', 1)[0]}; "
                    f"retry in {retry} s",
                    headers={"Retry-After": str(retry)},
                )
