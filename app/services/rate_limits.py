"""Requests per minute per bucket, counted in PostgreSQL across processes and hosts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.errors import TooManyRequests

HIT = text(
    "INSERT INTO rate_windows (bucket, window_start, hits) VALUES (:bucket, :window, :hits) "
    "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_windows.hits + :hits "
    "RETURNING hits"
)
PRUNE = text("DELETE FROM rate_windows WHERE window_start < :before")
WINDOW = timedelta(minutes=1)
FLUSH_SECONDS = 1.0  # a buffered bucket reaches PostgreSQL at least this often
PRUNE_SECONDS = 60.0  # and windows that ended are deleted about once a minute per process

Key = tuple[str, datetime]


@dataclass(frozen=True)
class Quota:
    """What is left of a limit, sent as the IETF draft's RateLimit-* headers."""

    limit: int
    remaining: int
    reset: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


@dataclass
class RateLimiter:
    """Requests per minute per bucket (a key, a client address), counted in PostgreSQL so the
    limit holds across processes and hosts.

    Exact buckets (writes, which go to the primary anyway) are written on every request.
    Buffered ones (searches, which a replica serves) are counted here and added to the shared
    count at most once a second or every tenth of the limit: a client may overshoot by that
    much per process, and a busy search costs the primary one write a second, not one per
    request. Windows that ended are pruned.
    """

    pending: dict[Key, int] = field(default_factory=dict)
    shared: dict[Key, int] = field(default_factory=dict)
    flushed: dict[Key, float] = field(default_factory=dict)
    pruned: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731  (tests fix it)

    async def hit(
        self, engine: AsyncEngine, buckets: list[str], per_minute: int, exact: bool
    ) -> Quota:
        """Count one request in each bucket; 429 with Retry-After over the limit."""
        now = self.clock()
        window = now.replace(second=0, microsecond=0)
        keys = [(bucket, window) for bucket in buckets]
        for key in keys:
            self.pending[key] = self.pending.get(key, 0) + 1
        clock = time.monotonic()
        due = [
            key
            for key in keys
            if exact
            or self.pending[key] >= max(1, per_minute // 10)
            or clock - self.flushed.get(key, 0.0) >= FLUSH_SECONDS
        ]
        if due:
            await self._flush(engine, due, window, clock)
        used = max(self.shared.get(key, 0) + self.pending.get(key, 0) for key in keys)
        reset = 60 - now.second
        quota = Quota(per_minute, max(0, per_minute - used), reset)
        if used > per_minute:
            busiest = max(keys, key=lambda k: self.shared.get(k, 0) + self.pending.get(k, 0))
            raise TooManyRequests(
                f"more than {per_minute} requests a minute from {busiest[0].split(':', 1)[0]}; "
                f"retry in {reset} s",
                headers={"Retry-After": str(reset), **quota.headers()},
            )
        return quota

    async def _flush(
        self, engine: AsyncEngine, keys: list[Key], window: datetime, clock: float
    ) -> None:
        async with self.lock, engine.begin() as connection:
            for key in keys:
                sent = self.pending.get(key, 0)
                if not sent:
                    continue
                values = {"bucket": key[0], "window": key[1], "hits": sent}
                self.shared[key] = (await connection.execute(HIT, values)).scalar_one()
                self.pending[key] -= sent
                self.flushed[key] = clock
            if clock - self.pruned >= PRUNE_SECONDS:
                await connection.execute(PRUNE, {"before": window - WINDOW})
                self.pruned = clock
                for memory in (self.pending, self.shared, self.flushed):
                    for old in [k for k in memory if k[1] < window]:
                        del memory[old]
