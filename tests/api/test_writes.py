"""Adding reports, reviewing figures, deleting sources: keys, limits, history, atomicity."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.config import Settings
from app.models import Observation, RateWindow, Source
from app.services import keys
from app.services.rate_limits import RateLimiter

REPORT = "惠安县今年一季度实现地区生产总值120亿元，同比增长6.5%，新增企业85家。"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def count(session: AsyncSession, model: type) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def test_post_json_stores_the_source_and_its_figures(
    client: httpx.AsyncClient, writer: str, session: AsyncSession
) -> None:
    body = {
        "text": REPORT,
        "publisher": "测试日报",
        "published": "2023-04-05",
        "url": "https://example.org/a",
    }
    response = await client.post("/v1/sources", json=body, headers=bearer(writer))
    assert response.status_code == 201, response.text
    source = response.json()
    assert source["publisher"] == "测试日报" and source["published"] == "2023-04-05"
    figures = {o["provenance"]["surface"]: o for o in source["observations"]}
    assert figures["120亿元"]["indicator"]["code"] == "gdp"
    assert figures["120亿元"]["entity"]["admin_code"] == "350521"
    assert figures["120亿元"]["period"]["start"] == "2023-01-01"
    assert all(o["status"] == "extracted" for o in source["observations"])
    assert figures["120亿元"]["provenance"]["article_link"].startswith(
        "https://example.org/a#:~:text="
    )


async def test_the_same_text_again_is_200_and_creates_nothing(
    client: httpx.AsyncClient, writer: str, session: AsyncSession
) -> None:
    first = await client.post("/v1/sources", json={"text": REPORT}, headers=bearer(writer))
    sources, figures = await count(session, Source), await count(session, Observation)
    again = await client.post("/v1/sources", json={"text": REPORT}, headers=bearer(writer))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["slug"] == first.json()["slug"]
    assert (await count(session, Source), await count(session, Observation)) == (sources, figures)


async def test_post_a_file_or_raw_text(client: httpx.AsyncClient, writer: str) -> None:
    upload = await client.post(
        "/v1/sources",
        files={"file": ("report.txt", REPORT.replace("85家", "86家").encode(), "text/plain")},
        data={"publisher": "上传日报"},
        headers=bearer(writer),
    )
    assert upload.status_code == 201, upload.text
    assert upload.json()["publisher"] == "上传日报"
    raw = await client.post(
        "/v1/sources",
        content=REPORT.replace("85家", "87家").encode(),
        headers={**bearer(writer), "Content-Type": "text/plain; charset=utf-8"},
    )
    assert raw.status_code == 201, raw.text


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer cik_not-a-key"}, 401),
        ({"Authorization": "Basic abc"}, 401),
    ],
)
async def test_writes_need_a_valid_key(
    client: httpx.AsyncClient, headers: dict[str, str], status: int
) -> None:
    response = await client.post("/v1/sources", json={"text": REPORT}, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_revoked_key_stops_working(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    key, secret = await keys.create(session, "soon-revoked", "write")
    await keys.revoke(session, key.name)
    response = await client.post("/v1/sources", json={"text": REPORT}, headers=bearer(secret))
    assert response.status_code == 401


async def test_delete_needs_an_admin_key(client: httpx.AsyncClient, writer: str) -> None:
    slug = (await client.get("/v1/sources")).json()["items"][0]["slug"]
    response = await client.delete(f"/v1/sources/{slug}", headers=bearer(writer))
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]


async def test_delete_removes_a_source_and_its_figures(
    client: httpx.AsyncClient, writer: str, admin: str, session: AsyncSession
) -> None:
    created = (
        await client.post("/v1/sources", json={"text": REPORT}, headers=bearer(writer))
    ).json()
    figure = created["observations"][0]["id"]
    await client.patch(
        f"/v1/observations/{figure}", json={"status": "reviewed"}, headers=bearer(writer)
    )
    response = await client.delete(f"/v1/sources/{created['slug']}", headers=bearer(admin))
    assert response.status_code == 204
    assert (await client.get(f"/v1/sources/{created['slug']}")).status_code == 404
    assert (await client.get(f"/v1/observations/{figure}")).status_code == 404
    assert (
        await client.delete(f"/v1/sources/{created['slug']}", headers=bearer(admin))
    ).status_code == 404


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": "<xml/>", "headers": {"Content-Type": "application/xml"}}, 415),
        ({"files": {"file": ("r.pdf", b"%PDF-1.4\n1 0 obj", "application/pdf")}}, 415),
        ({"files": {"file": ("r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x/y")}}, 415),
        (
            {
                "content": "惠安縣".encode("big5"),
                "headers": {"Content-Type": "text/plain; charset=utf-8"},
            },
            415,
        ),
        ({"files": {"file": ("r.txt", "惠安县召开会议。".encode("gbk"), "text/plain")}}, 422),
        ({"json": {"text": ""}}, 422),
        ({"json": {"text": "我要收藏\n3个赞\n"}}, 422),
        ({"json": {"text": REPORT, "published": "yesterday"}}, 422),
        ({"json": {"text": REPORT, "colour": "red"}}, 422),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422),
    ],
)
async def test_bad_submissions(
    client: httpx.AsyncClient, writer: str, kwargs: dict[str, object], status: int
) -> None:
    headers = {**bearer(writer), **kwargs.pop("headers", {})}  # type: ignore[dict-item]
    response = await client.post("/v1/sources", headers=headers, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5"])
async def test_a_report_in_a_chinese_encoding_reads_like_its_utf8_copy(
    client: httpx.AsyncClient, writer: str, encoding: str
) -> None:
    text = "惠安縣今年新增市場主體1.2萬戶，同比增長5.5%。\n"
    text = (
        text
        if encoding == "big5"
        else text.translate(str.maketrans("縣場體萬戶長", "县场体万户长"))
    )
    upload = {"file": ("report.txt", text.encode(encoding), "text/plain")}
    response = await client.post("/v1/sources", files=upload, headers=bearer(writer))
    assert response.status_code == 201, response.text
    assert 5.5 in [o["value"] for o in response.json()["observations"]]
    utf8 = {"file": ("report.txt", text.encode("utf-8"), "text/plain")}
    same = await client.post("/v1/sources", files=utf8, headers=bearer(writer))
    assert same.status_code == 200  # the same text, so the same stored report and figures
    assert same.json() == response.json()


async def test_a_report_without_figures_is_kept_only_when_asked(
    client: httpx.AsyncClient, writer: str
) -> None:
    body = {"text": "惠安县召开全县经济工作会议，部署下一阶段工作。"}
    refused = await client.post("/v1/sources", json=body, headers=bearer(writer))
    assert refused.status_code == 422 and "no figure" in refused.json()["detail"]
    assert "allow_empty=true" in refused.json()["detail"]
    kept = await client.post("/v1/sources?allow_empty=true", json=body, headers=bearer(writer))
    assert kept.status_code == 201 and kept.json()["observations"] == []


def _limited_app(app: FastAPI, **overrides: object) -> FastAPI:
    """The app with other settings, and a rate limiter whose minute does not end mid-test."""
    settings: Settings = app.state.settings
    app.state.settings = settings.model_copy(update=overrides)
    midminute = datetime.now(UTC).replace(second=30)
    app.state.rate_limiter = RateLimiter(clock=lambda: midminute)
    return app


async def test_a_body_over_the_limit_is_413(app: FastAPI, writer: str) -> None:
    from app.main import create_app

    small = create_app(app.state.settings.model_copy(update={"county_max_body_bytes": 2048}))
    small.state.engine, small.state.sessionmaker = app.state.engine, app.state.sessionmaker
    small.dependency_overrides = app.dependency_overrides
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=small), base_url="http://t"
    ) as client:
        response = await client.post(
            "/v1/sources", json={"text": REPORT * 60}, headers=bearer(writer)
        )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_parser_has_a_time_limit(
    app: FastAPI, client: httpx.AsyncClient, writer: str
) -> None:
    _limited_app(app, county_parse_timeout=0.3)
    long = {"text": REPORT * 1500}
    response = await client.post("/v1/sources", json=long, headers=bearer(writer))
    assert response.status_code == 422
    assert "did not finish" in response.json()["detail"]


async def test_writes_and_search_are_rate_limited(app: FastAPI, writer: str) -> None:
    _limited_app(app, county_rate_writes=2, county_rate_search=3)
    address = (f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7", 4000)
    transport = httpx.ASGITransport(app=app, client=address)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        statuses = [
            (
                await client.post(
                    "/v1/sources", json={"text": REPORT + str(i)}, headers=bearer(writer)
                )
            )
            for i in range(3)
        ]
        assert [r.status_code for r in statuses] == [201, 201, 429], statuses[0].text
        searches = [(await client.get("/v1/search", params={"q": "南安"})) for _ in range(4)]
    assert [r.status_code for r in searches] == [200, 200, 200, 429]
    refused = searches[-1]
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert refused.headers["content-type"] == "application/problem+json"
    left = [r.headers["ratelimit-remaining"] for r in searches]
    assert left == ["2", "1", "0", "0"]
    assert {r.headers["ratelimit-limit"] for r in searches} == {"3"}
    assert all(0 < int(r.headers["ratelimit-reset"]) <= 60 for r in searches)
    assert statuses[0].headers["ratelimit-limit"] == "2"


def _client_of(app: FastAPI) -> httpx.AsyncClient:
    address = (f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9", 4000)
    transport = httpx.ASGITransport(app=app, client=address)
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_searches_are_counted_without_a_write_per_request(
    app: FastAPI, engine: AsyncEngine
) -> None:
    """A replica serves searches; the limiter must not write to the primary for each one."""
    _limited_app(app, county_rate_search=600)
    writes: list[str] = []

    def count(*args: object) -> None:
        if "rate_windows" in str(args[2]):
            writes.append(str(args[2]))

    async with _client_of(app) as client:
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            statuses = [
                (await client.get("/v1/search", params={"q": "南安"})).status_code
                for _ in range(30)
            ]
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert statuses == [200] * 30
    assert 1 <= len(writes) <= 6, writes  # the first, then one per 60 hits or per second


async def test_rate_windows_that_ended_are_pruned(app: FastAPI, engine: AsyncEngine) -> None:
    old = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=5)
    async with engine.begin() as connection:
        await connection.execute(
            insert(RateWindow).values(bucket="search:203.0.113.1", window_start=old, hits=9)
        )
    async with _client_of(app) as client:
        assert (await client.get("/v1/search", params={"q": "南安"})).status_code == 200
    async with engine.connect() as connection:
        left = await connection.scalar(
            select(func.count()).select_from(RateWindow).where(RateWindow.window_start <= old)
        )
    assert left == 0


async def test_a_review_keeps_the_old_values_in_history(
    client: httpx.AsyncClient, writer: str
) -> None:
    gdp = (await client.get("/v1/observations?indicator=gdp&year=2021")).json()["items"][0]
    patch = {"value": 153636000000, "reason": "the statistics bulletin gives 1536.36亿元"}
    response = await client.patch(
        f"/v1/observations/{gdp['id']}", json=patch, headers=bearer(writer)
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["value"] == 153636000000 and changed["status"] == "reviewed"
    assert changed["review_note"] == patch["reason"]
    history = (await client.get(f"/v1/observations/{gdp['id']}/history")).json()["items"]
    (entry,) = history
    assert entry["action"] == "correct" and entry["changed_by"].startswith("writer-")
    assert entry["old"]["value"] == 153600000000 and entry["old"]["status"] == "extracted"
    assert entry["new"]["value"] == 153636000000


async def test_a_retraction_needs_a_reason_and_hides_the_figure(
    client: httpx.AsyncClient, writer: str
) -> None:
    target = (await client.get("/v1/observations?indicator=gdp")).json()["items"][0]
    url = f"/v1/observations/{target['id']}"
    refused = await client.patch(url, json={"status": "retracted"}, headers=bearer(writer))
    assert refused.status_code == 422 and "reason" in refused.json()["detail"]
    done = await client.patch(
        url,
        json={"status": "retracted", "reason": "the report misprinted it"},
        headers=bearer(writer),
    )
    assert done.status_code == 200 and done.json()["status"] == "retracted"
    listed = (await client.get("/v1/observations?indicator=gdp")).json()["items"]
    assert target["id"] not in {o["id"] for o in listed}
    everything = (await client.get("/v1/observations?indicator=gdp&include_retracted=true")).json()
    assert target["id"] in {o["id"] for o in everything["items"]}
    assert (await client.get(url)).json()["status"] == "retracted"


@pytest.mark.parametrize(
    "patch",
    [
        {},
        {"reason": "only a reason"},
        {"indicator": None, "reason": "a null changes nothing"},
        {"status": "retracted", "reason": "   "},
        {"value": "lots"},
        {"period": {"start": "2022-12-31", "end": "2022-01-01"}},
        {"colour": "red"},
    ],
)
async def test_bad_reviews_are_422(
    client: httpx.AsyncClient, writer: str, patch: dict[str, object]
) -> None:
    first = (await client.get("/v1/observations?limit=1")).json()["items"][0]
    response = await client.patch(
        f"/v1/observations/{first['id']}", json=patch, headers=bearer(writer)
    )
    assert response.status_code == 422, response.text


async def test_review_of_a_missing_figure_is_404(client: httpx.AsyncClient, writer: str) -> None:
    response = await client.patch(
        "/v1/observations/99999999", json={"status": "reviewed"}, headers=bearer(writer)
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("patch", "named"),
    [({"indicator": "unicorns"}, "unicorns"), ({"entity": "atlantis"}, "atlantis")],
)
async def test_a_review_naming_an_unknown_indicator_or_place_is_404(
    client: httpx.AsyncClient, writer: str, patch: dict[str, str], named: str
) -> None:
    first = (await client.get("/v1/observations?limit=1")).json()["items"][0]
    response = await client.patch(
        f"/v1/observations/{first['id']}", json=patch, headers=bearer(writer)
    )
    assert response.status_code == 404 and named in response.json()["detail"]


async def test_a_failed_write_leaves_nothing_behind(
    client: httpx.AsyncClient, writer: str, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import ingest

    def broken(*args: object, **kwargs: object) -> dict[str, object]:
        raise RuntimeError("the disk caught fire after the source row was written")

    before = (await count(session, Source), await count(session, Observation))
    monkeypatch.setattr(ingest, "_row", broken)
    transport = httpx.ASGITransport(app=client._transport.app, raise_app_exceptions=False)  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as failing:
        response = await failing.post("/v1/sources", json={"text": REPORT}, headers=bearer(writer))
    assert response.status_code == 500
    assert (await count(session, Source), await count(session, Observation)) == before


async def test_nul_characters_are_refused_not_500(client: httpx.AsyncClient, writer: str) -> None:
    posted = await client.post(
        "/v1/sources", json={"text": "惠安县\u0000新增企业5家。"}, headers=bearer(writer)
    )
    assert posted.status_code == 422, posted.text
    searched = await client.get("/v1/observations", params={"q": "a\x00b"})
    assert searched.status_code == 400
