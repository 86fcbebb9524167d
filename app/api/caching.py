"""ETags and Cache-Control on reads, and 304 answers to If-None-Match.

A pure ASGI middleware: it hashes the body of successful GET responses (before compression),
so an ETag changes exactly when the representation does.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NO_STORE_PATHS = ("/healthz", "/readyz")


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = [tag.strip() for tag in if_none_match.split(",")]
    bare = etag.removeprefix("W/")
    return "*" in candidates or any(c.removeprefix("W/") == bare for c in candidates)


class ETagMiddleware:
    def __init__(self, app: ASGIApp, max_age: int = 60) -> None:
        self.app = app
        self.cache_control = f"public, max-age={max_age}, stale-while-revalidate={max_age}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(NO_STORE_PATHS):
            await self.app(scope, receive, self._no_store(send))
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._finish(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, buffer)

    def _no_store(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        return wrapped

    async def _finish(self, scope: Scope, start: Message | None, body: bytes, send: Send) -> None:
        assert start is not None
        headers = MutableHeaders(scope=start)
        if start["status"] == 200:
            etag = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
            headers["ETag"] = etag
            headers.setdefault("Cache-Control", self.cache_control)
            headers.append("Vary", "Accept")
            if_none_match = Headers(scope=scope).get("if-none-match")
            if if_none_match and _matches(if_none_match, etag):
                kept = {
                    k: v
                    for k, v in headers.items()
                    if k.lower() in ("etag", "cache-control", "vary", "link")
                }
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [(k.encode(), v.encode()) for k, v in kept.items()],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await send(start)
        await send({"type": "http.response.body", "body": body})
