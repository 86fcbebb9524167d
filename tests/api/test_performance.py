"""The read path's shape: queries per request, index use, and the response cache."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, event, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from app.config import Settings
from app.db import create_engine
from app.main import create_app
from app.models import Observation
from app.services import fetch
from app.services import observations as obs


class QueryCounter:
    """Counts statements sent, through SQLAlchemy or straight to the driver."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def __enter__(self) -> "QueryCounter":
        event.listen(self.engine.sync_engine, "before_cursor_execute", self._count)
        fetch.listeners.append(self._direct)
        return self

    def __exit__(self, *args: object) -> None:
        event.remove(self.engine.sync_engine, "before_cursor_execute", self._count)
        fetch.listeners.remove(self._direct)

    def _count(self, *args: Any) -> None:
        statement = args[2]
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)

    def _direct(self, statement: str) -> None:
        self.statements.append(statement)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/observations?limit={n}",
        "/v1/observations?limit={n}&entity=350583&sort=-period",
        "/v1/observations?limit={n}&format=csv",
        "/v1/sources?limit={n}",
        "/v1/entities?kind=county&limit={n}",
        "/v1/search?q=南安&limit={n}",
    ],
)
async def test_lists_do_not_query_per_row(
    client: httpx.AsyncClient, engine: AsyncEngine, url: str
) -> None:
    counts = []
    for n in (2, 40):
        with QueryCounter(engine) as counter:
            response = await client.get(url.format(n=n))
        assert response.status_code == 200
        # the rate counter writes now and then, not per page (tested in test_writes)
        counts.append(sum("rate_windows" not in sql for sql in counter.statements))
    assert counts[0] == counts[1] <= 3, counts  # search: three lookups


async def test_views_use_a_fixed_number_of_queries(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    for url in (
        "/v1/entities/350583/gdp",
        "/v1/parks/nan-an-gao-duan-zhuang-bei-zhi-zao-yuan",
        "/v1/projects",
    ):
        with QueryCounter(engine) as counter:
            assert (await client.get(url)).status_code == 200
        assert len(counter.statements) <= 6, (url, counter.statements)


LIST_SHAPES = {
    "default": obs.Filters(),
    "entity": obs.Filters(entity="350583"),
    "entity and indicator": obs.Filters(entity="350583", indicator="gdp"),
    "indicator": obs.Filters(indicator="gdp"),
    "source": obs.Filters(source="some-source"),
    "updated_after": obs.Filters(updated_after=datetime(2020, 1, 1, tzinfo=UTC)),
}


@pytest.mark.parametrize("shape", list(LIST_SHAPES))
@pytest.mark.parametrize("sort", ["id", "-period", "updated"])
async def test_every_list_query_can_use_an_index(
    connection: AsyncConnection, shape: str, sort: str
) -> None:
    statement, values = obs.list_statement(LIST_SHAPES[shape], sort, None, 50)
    bound = statement.params(**values)
    compiled = bound.compile(connection.sync_connection, compile_kwargs={"literal_binds": True})
    await connection.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in await connection.execute(text(f"EXPLAIN {compiled}")))
    assert "Seq Scan on observations" not in plan, plan


@pytest.fixture
async def live(
    settings: Settings, database_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, AsyncEngine]]:
    """The app with its own lifespan: real sessions, the data version watcher, the cache."""
    app = create_app(settings, database_url=database_url)
    async with app.router.lifespan_context(app):
        for _ in range(50):  # the watcher connects in the background
            if app.state.data_version.version is not None:
                break
            await asyncio.sleep(0.1)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client, app.state.engine


def _same_body(first: httpx.Response, second: httpx.Response) -> bool:
    return first.content == second.content and first.headers["etag"] == second.headers["etag"]


async def test_cache_hits_skip_the_database_and_writes_invalidate(
    live: tuple[httpx.AsyncClient, AsyncEngine], database_url: str, settings: Settings
) -> None:
    client, app_engine = live
    url = "/v1/observations?indicator=gdp"
    first = await client.get(url)
    with QueryCounter(app_engine) as counter:
        second = await client.get(url)
        revalidated = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert counter.statements == []  # served from the cache
    assert _same_body(first, second) and revalidated.status_code == 304
    # another process changes the data: its commit notifies every API process
    other = create_engine(database_url, settings)
    gdp_id = first.json()["items"][0]["id"]
    try:
        async with other.begin() as connection:
            await connection.execute(
                update(Observation).where(Observation.id == gdp_id).values(review_note="cache test")
            )
        for _ in range(50):
            changed = await client.get(url)
            if changed.json()["items"][0]["review_note"] == "cache test":
                break
            await asyncio.sleep(0.1)
        assert changed.json()["items"][0]["review_note"] == "cache test"
        assert changed.headers["etag"] != first.headers["etag"]
        stale = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert stale.status_code == 200
    finally:
        async with other.begin() as connection:
            await connection.execute(
                update(Observation).where(Observation.id == gdp_id).values(review_note=None)
            )
        await other.dispose()


async def test_a_request_that_changes_nothing_does_not_flush_the_cache(
    live: tuple[httpx.AsyncClient, AsyncEngine],
) -> None:
    """Only a new data version empties the cache: anonymous writes answered 401 (anyone can
    send them) leave every cached read as fast and as it was."""
    client, app_engine = live
    url = "/v1/observations?indicator=gdp"
    first = await client.get(url)
    refused = [
        await client.post("/v1/sources", json={"text": "南安市地区生产总值1亿元。"}),
        await client.patch("/v1/observations/1", json={"status": "reviewed"}),
        await client.delete("/v1/sources/anything"),
    ]
    assert {response.status_code for response in refused} == {401}
    with QueryCounter(app_engine) as counter:
        again = await client.get(url)
    assert counter.statements == [] and _same_body(first, again)


async def test_a_write_through_this_process_is_read_at_once(
    live: tuple[httpx.AsyncClient, AsyncEngine], database_url: str, settings: Settings
) -> None:
    from app.models import ApiKey, ObservationHistory
    from app.services import keys

    client, _ = live
    url = "/v1/observations?indicator=gdp"
    figure = (await client.get(url)).json()["items"][0]
    other = create_engine(database_url, settings)
    name = "cache-writer"
    try:
        async with other.begin() as connection:
            _, secret = await keys.create(AsyncSession(bind=connection), name, "write")
        patched = await client.patch(
            f"/v1/observations/{figure['id']}",
            json={"status": "reviewed"},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert patched.status_code == 200, patched.text
        now = (await client.get(url)).json()["items"][0]  # no wait for the notice
        assert now["id"] == figure["id"] and now["status"] == "reviewed"
    finally:
        async with other.begin() as connection:
            await connection.execute(
                update(Observation)
                .where(Observation.id == figure["id"])
                .values(status=figure["status"])
            )
            await connection.execute(
                delete(ObservationHistory).where(ObservationHistory.observation_id == figure["id"])
            )
            await connection.execute(delete(ApiKey).where(ApiKey.name == name))
        await other.dispose()


async def test_the_cache_keeps_compressed_bodies_and_etags_of_the_content(
    live: tuple[httpx.AsyncClient, AsyncEngine],
) -> None:
    """A hit costs no compression; the ETag is the content's, the same gzipped or not."""
    client, _ = live
    url = "/v1/observations?limit=30"
    zipped = await client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = await client.get(url, headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert zipped.content == plain.content and zipped.headers["etag"] == plain.headers["etag"]
    assert "Accept-Encoding" in zipped.headers.get_list("vary", split_commas=True)
    again = await client.get(url, headers={"Accept-Encoding": "gzip"})
    assert again.headers["etag"] == zipped.headers["etag"] and again.content == zipped.content
