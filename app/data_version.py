"""The data version, kept current in every process by PostgreSQL LISTEN/NOTIFY.

Every write bumps `data_version` (a trigger) and announces it on a channel. Each API process
listens; while it is not connected its version is None and nothing is served from cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg
from sqlalchemy.engine import make_url

CHANNEL = "county_data_version"
log = logging.getLogger("county.cache")


def asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class DataVersionWatcher:
    def __init__(self, url: str, retry_seconds: float = 2.0) -> None:
        self.dsn = asyncpg_dsn(url)
        self.retry_seconds = retry_seconds
        self.version: int | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="data-version-watcher")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def saw(self, version: int) -> None:
        """A version this process committed itself: serve it now, before its notice comes.
        Versions only grow, so a late notice of an older one never brings stale entries back."""
        if self.version is not None and version > self.version:
            self.version = version

    def _on_notify(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self.saw(int(payload))

    async def _run(self) -> None:
        while True:
            connection = None
            try:
                connection = await asyncpg.connect(self.dsn, timeout=5)
                closed = asyncio.Event()
                connection.add_termination_listener(lambda _c, done=closed: done.set())
                await connection.add_listener(CHANNEL, self._on_notify)
                self.version = await connection.fetchval(
                    "SELECT version FROM data_version WHERE id = 1"
                )
                while not closed.is_set():
                    # a cheap heartbeat notices a database that went away without a goodbye
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(closed.wait(), timeout=self.retry_seconds * 5)
                    if not closed.is_set():
                        await connection.fetchval("SELECT 1", timeout=self.retry_seconds)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # unreachable, restarting, not migrated yet
                log.debug("data version watcher: %s", exc)
            finally:
                self.version = None
                if connection is not None and not connection.is_closed():
                    connection.terminate()
            await asyncio.sleep(self.retry_seconds)
