"""ETags, Cache-Control, 304s, and a response cache keyed by the data version.

A pure ASGI middleware inside the compression. Successful GET responses get an ETag from their
uncompressed body (so it changes exactly when the representation does) and, under /v1 and for
the county pages, are kept compressed in a per-process LRU cache keyed by the data version and
the request (so a hit is a lookup and a send); a write anywhere bumps the
version and every process stops serving its stale entries (LISTEN/NOTIFY); a write through
this process moves its version at once. Nothing else flushes the cache: a request that changes
no data (an anonymous POST answered 401, say) cannot keep reads uncached.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NO_STORE_PATHS = ("/healthz", "/readyz")
STREAMED_PATHS = ("/v1/export",)  # never buffered: they are as long as the data
CACHED_PREFIXES = ("/v1/", "/counties/")  # and the home page, "/"
KEPT_ON_304 = ("etag", "cache-control", "vary", "link")
MAX_CACHED_BODY = 4 * 1024 * 1024


@dataclass(frozen=True)
class Cached:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = [tag.strip() for tag in if_none_match.split(",")]
    bare = etag.removeprefix("W/")
    return "*" in candidates or any(c.removeprefix("W/") == bare for c in candidates)


def _variant(headers: Headers) -> tuple[str, bool]:
    """What the response depends on besides the URL: the type asked for, and gzip or not (the
    cache keeps compressed bodies, so a hit costs no compression)."""
    accept = headers.get("accept", "")
    gzip = "gzip" in headers.get("accept-encoding", "")
    for kind in ("text/csv", "text/html"):
        if kind in accept and "application/json" not in accept:
            return kind, gzip
    return "json", gzip


class CachingMiddleware:
    def __init__(self, app: ASGIApp, max_entries: int = 4096, max_age: int = 60) -> None:
        self.app = app
        self.max_entries = max_entries
        self.cache_control = f"public, max-age={max_age}, stale-while-revalidate={max_age}"
        self.entries: OrderedDict[tuple[object, ...], Cached] = OrderedDict()

    def _version(self, scope: Scope) -> int | None:
        watcher = getattr(scope["app"].state, "data_version", None)
        return None if watcher is None else watcher.version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD") or scope["path"].startswith(STREAMED_PATHS):
            await self.app(scope, receive, send)  # a write changes the version, not this
            return
        if scope["path"].startswith(NO_STORE_PATHS):
            await self.app(scope, receive, self._no_store(send))
            return
        headers = Headers(scope=scope)
        version = self._version(scope) if self.max_entries else None
        key = None
        if version is not None and (
            scope["path"] == "/" or scope["path"].startswith(CACHED_PREFIXES)
        ):
            key = (
                version,
                scope["method"],
                headers.get("host", ""),  # links in bodies follow the address asked
                scope["path"],
                scope["query_string"],
                _variant(headers),
            )
            if (hit := self.entries.get(key)) is not None:
                self.entries.move_to_end(key)
                await self._reply(hit, headers, send)
                return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            assert start is not None
            entry = self._entry(start, b"".join(chunks))
            if key is not None and entry.status == 200 and len(entry.body) <= MAX_CACHED_BODY:
                if self._version(scope) == version:  # not if the data changed meanwhile
                    self.entries[key] = entry
                    while len(self.entries) > self.max_entries:
                        self.entries.popitem(last=False)
            await self._reply(entry, headers, send)

        await self.app(scope, receive, buffer)

    def _entry(self, start: Message, body: bytes) -> Cached:
        status = start["status"]
        response_headers = MutableHeaders(raw=list(start.get("headers", [])))
        etag = ""
        if status == 200:
            # of the representation, not of its gzip stream (which carries a timestamp): the
            # same data gives the same ETag in every process, compressed or not
            plain = (
                gzip.decompress(body)
                if response_headers.get("content-encoding") == "gzip"
                else body
            )
            etag = f'W/"{hashlib.blake2b(plain, digest_size=12).hexdigest()}"'
            response_headers["ETag"] = etag
            if "cache-control" not in response_headers:
                response_headers["Cache-Control"] = self.cache_control
            response_headers.append("Vary", "Accept")
            if "accept-encoding" not in response_headers.get("vary", "").lower():
                response_headers.append("Vary", "Accept-Encoding")
        return Cached(status, tuple(response_headers.raw), body, etag)

    async def _reply(self, entry: Cached, request_headers: Headers, send: Send) -> None:
        if_none_match = request_headers.get("if-none-match")
        if entry.etag and if_none_match and _matches(if_none_match, entry.etag):
            kept = [(k, v) for k, v in entry.headers if k.decode().lower() in KEPT_ON_304]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            # a copy: outer middleware (gzip) edits the header list it is given in place
            {"type": "http.response.start", "status": entry.status, "headers": list(entry.headers)}
        )
        await send({"type": "http.response.body", "body": entry.body})

    def _no_store(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        return wrapped
