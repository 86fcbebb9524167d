"""The parser, run in worker processes that are killed when their time is up.

A thread cannot be stopped: a report that ran past its limit would keep a core busy after its
422, and share the interpreter lock with the requests being served meanwhile. Pebble's
process pool runs each report in a worker, terminates the worker at the limit (the pool starts
a fresh one) and leaves the event loop's process free for reads. A worker loads the catalogue
on its first report, so a replacement costs nothing until it is needed.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import CancelledError

from pebble import ProcessExpired, ProcessPool

from app.errors import Unprocessable
from app.extraction.figures import Extraction
from app.extraction.loader import Document
from app.services.ingest import run_parser

_pool: ProcessPool | None = None
_lock = threading.Lock()


def pool(workers: int) -> ProcessPool:
    """The process's parser pool, started on first use (and again after `shutdown`)."""
    global _pool
    with _lock:
        if _pool is None or not _pool.active:
            _pool = ProcessPool(
                max_workers=workers,
                # spawn, not fork: the server's process has an event loop and threads
                context=multiprocessing.get_context("spawn"),
            )
        return _pool


def shutdown() -> None:
    """Stop the workers (at the server's shutdown)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.stop()  # type: ignore[no-untyped-call]
            _pool.join(timeout=10)
            _pool = None


async def parse_within(document: Document, seconds: float, workers: int = 1) -> Extraction:
    """Parse in a worker; past `seconds` the worker is killed and the request answered 422."""
    future = pool(workers).schedule(run_parser, args=(document,), timeout=seconds)
    try:
        extraction: Extraction = await asyncio.wrap_future(future)
    except TimeoutError:
        raise Unprocessable(
            f"the parser did not finish within {seconds:g} s; split the report into smaller parts"
        ) from None
    except (ProcessExpired, CancelledError) as exc:
        raise Unprocessable(f"the parser stopped before finishing ({exc})") from None
    return extraction
