"""Dashboards comparing places: several places per call, within a division, conflicts stated,
compact series, loud mistakes, links that follow the serving address."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.test_writes import bearer


async def post(client: httpx.AsyncClient, key: str, text: str, **meta: str) -> dict[str, object]:
    response = await client.post("/v1/sources", json={"text": text, **meta}, headers=bearer(key))
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_two_counties_gdp_in_one_call(client: httpx.AsyncClient, writer: str) -> None:
    await post(client, writer, "晋江市2021年实现地区生产总值2986.4亿元，比上年增长9.3%。")
    await post(client, writer, "思明区2021年实现地区生产总值2205亿元。")
    both = await client.get("/v1/indicators/gdp/compare?entity=350583,350582")
    assert both.status_code == 200, both.text
    body = both.json()
    assert [p["entity"]["admin_code"] for p in body["places"]] == ["350583", "350582"] or {
        p["entity"]["admin_code"] for p in body["places"]
    } == {"350583", "350582"}
    year = next(i for i, p in enumerate(body["periods"]) if p["start"] == "2021-01-01")
    jinjiang = next(p for p in body["places"] if p["entity"]["admin_code"] == "350582")
    assert jinjiang["points"][year]["value"] == 298_640_000_000
    assert all(len(p["points"]) == len(body["periods"]) for p in body["places"])
    repeated = await client.get("/v1/indicators/gdp/compare?entity=350583&entity=350582")
    assert repeated.json() == body

    quanzhou = (await client.get("/v1/indicators/gdp/compare?within=350500")).json()
    codes = {p["entity"]["admin_code"] for p in quanzhou["places"]}
    assert {"350583", "350582"} <= codes and "350203" not in codes
    listed = await client.get("/v1/observations?within=350500&indicator=gdp&limit=500")
    assert {i["entity"]["admin_code"] for i in listed.json()["items"]} == codes
    everywhere = (await client.get("/v1/indicators/gdp/compare")).json()
    assert {"350583", "350582", "350203"} <= {
        p["entity"]["admin_code"] for p in everywhere["places"]
    }


@pytest.mark.parametrize(
    ("url", "status", "named"),
    [
        ("/v1/indicators/gdp/compare?entity=350583,atlantis", 404, "atlantis"),
        ("/v1/indicators/unicorns/compare?entity=350583", 404, "unicorns"),
        ("/v1/indicators/gdp/compare?within=999900", 404, "999900"),
        ("/v1/observations?entity=atlantis", 404, "atlantis"),
        ("/v1/observations?indicator=gdp,unicorns", 404, "unicorns"),
        ("/v1/observations?category=astrology", 404, "astrology"),
        ("/v1/observations?source=nowhere", 404, "nowhere"),
        ("/v1/observations?sort=id&sort=value", 400, "sort"),
        ("/v1/observations?year=2021&year=2022", 400, "year"),
    ],
)
async def test_mistakes_fail_loudly(
    client: httpx.AsyncClient, url: str, status: int, named: str
) -> None:
    response = await client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert named in response.json()["detail"]


async def test_a_compact_series_of_ten_reports_is_small(
    client: httpx.AsyncClient, writer: str
) -> None:
    for year in range(2012, 2022):
        await post(client, writer, f"南安市{year}年地区生产总值{600 + 50 * (year - 2012)}亿元。")
    response = await client.get("/v1/indicators/gdp/compare?entity=350583")
    place = response.json()["places"][0]
    assert sum(point is not None for point in place["points"]) >= 10
    assert len(response.content) < 10_000, len(response.content)


async def test_conflicts_are_stated_with_the_rule_that_decided(
    client: httpx.AsyncClient, writer: str
) -> None:
    await post(client, writer, "石狮市2020年地区生产总值901亿元。")
    await post(client, writer, "石狮市2020年全市地区生产总值903亿元。", published="2021-02-01")
    series = (await client.get("/v1/entities/350581/series/gdp")).json()
    (point,) = [p for p in series["points"] if p["period"]["start"] == "2020-01-01"]
    assert point["conflict"] is True and point["spread"] == [90_100_000_000, 90_300_000_000]
    assert len(point["sources"]) == 2
    assert point["value"] == 90_300_000_000 and "dated report" in point["reason"]

    await post(client, writer, "石狮市2020年地区生产总值905.37亿元。")
    series = (await client.get("/v1/entities/350581/series/gdp")).json()
    (point,) = [p for p in series["points"] if p["period"]["start"] == "2020-01-01"]
    assert point["value"] == 90_537_000_000 and "most precise" in point["reason"]
    compared = (await client.get("/v1/indicators/gdp/compare?entity=350581")).json()
    (cell,) = [c for c in compared["places"][0]["points"] if c]
    assert cell["conflict"] is True and cell["observation"] == point["preferred"]


async def test_links_follow_the_address_asked(app: FastAPI) -> None:
    app.state.settings = app.state.settings.model_copy(update={"county_public_url": None})
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://example.test:8100") as c:
        item = (await c.get("/v1/observations?limit=1")).json()["items"][0]
        compared = (await c.get("/v1/indicators/gdp/compare?entity=350583")).json()
    assert item["provenance"]["stored_copy"].startswith("http://example.test:8100/v1/sources/")
    cell = next(c for c in compared["places"][0]["points"] if c)
    assert cell["link"].startswith("http://example.test:8100/v1/observations/")


async def _raw_get(app: FastAPI, path: str) -> tuple[dict[str, Any], list[bytes]]:
    """The response's start message and each body message as the app sends them (an ASGI
    client would join them)."""
    messages: list[dict[str, Any]] = []
    requested = False
    never = asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if requested:  # the client stays connected until the response ends
            await never.wait()
        requested = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "state": {},
    }
    await app(scope, receive, send)  # type: ignore[arg-type]
    start = next(m for m in messages if m["type"] == "http.response.start")
    bodies = [m["body"] for m in messages if m["type"] == "http.response.body" and m["body"]]
    return start, bodies


async def test_the_export_streams_every_figure_in_batches(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from app.api.v1 import export

    monkeypatch.setattr(export, "BATCH", 5)
    listed = (await client.get("/v1/observations?limit=500")).json()["items"]
    start, chunks = await _raw_get(app, "/v1/export")
    assert dict(start["headers"])[b"content-type"].startswith(b"application/x-ndjson")
    lines = b"".join(chunks).decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [item["id"] for item in listed]
    assert json.loads(lines[0]) == listed[0]
    assert len(chunks) >= len(listed) // 5  # written batch by batch, not buffered whole
    sheet = await client.get("/v1/export?format=csv&indicator=gdp")
    assert sheet.content.startswith(b"\xef\xbb\xbf") and sheet.text.count("\n") > 1
    assert (await client.get("/v1/export?entity=atlantis")).status_code == 404


async def test_coverage_and_facets(client: httpx.AsyncClient) -> None:
    coverage = (await client.get("/v1/indicators/gdp/coverage")).json()
    (nanan,) = [p for p in coverage["places"] if p["admin_code"] == "350583"]
    assert nanan["count"] >= 2 and nanan["first"] <= nanan["last"]
    assert coverage["last_changed"] is not None
    facets = (await client.get("/v1/entities/350583/indicators")).json()
    gdp = next(f for f in facets["indicators"] if f["key"] == "gdp")
    assert gdp["count"] == nanan["count"] and gdp["first"] == nanan["first"]
    assert (await client.get("/v1/entities/atlantis/indicators")).status_code == 404


async def test_series_filters(client: httpx.AsyncClient) -> None:
    every = (await client.get("/v1/entities/350583/series/gdp")).json()["points"]
    later = (await client.get("/v1/entities/350583/series/gdp?year_from=2020")).json()["points"]
    assert later and len(later) < len(every)
    assert all(p["period"]["end"] >= "2020-01-01" for p in later)
    targets = (await client.get("/v1/entities/350583/series/gdp?kind=target")).json()["points"]
    assert all(p["kind"] == "target" for p in targets)


async def test_parks_and_projects_by_place_with_keyset_pages(client: httpx.AsyncClient) -> None:
    every = (await client.get("/v1/projects?limit=500")).json()["items"]
    assert len(every) >= 2
    walked: list[str] = []
    url: str | None = "/v1/projects?limit=1"
    while url:
        page = (await client.get(url)).json()
        walked += [item["entity"]["slug"] for item in page["items"]]
        url = page["next"]
    assert walked == [item["entity"]["slug"] for item in every]
    inside = (await client.get("/v1/projects?within=350500&limit=500")).json()["items"]
    assert inside == every  # the seed's projects are all in Quanzhou
    elsewhere = (await client.get("/v1/projects?within=110000")).json()["items"]
    assert elsewhere == []
    parks = (await client.get("/v1/parks?within=350583")).json()["items"]
    assert parks and all(p["parent"] == "nanan-350583" for p in parks)
    assert (await client.get("/v1/parks?within=999900")).status_code == 404
    assert (await client.get("/v1/entities?parent=atlantis")).status_code == 404
    assert (await client.get("/v1/indicators?category=astrology")).status_code == 404


async def test_the_latest_value_in_each_place(client: httpx.AsyncClient, writer: str) -> None:
    await post(client, writer, "晋江市2022年实现地区生产总值3207.4亿元。")
    latest = (await client.get("/v1/indicators/gdp/latest?within=350500")).json()["items"]
    jinjiang = next(i for i in latest if i["entity"]["admin_code"] == "350582")
    assert jinjiang["period"]["start"] == "2022-01-01"
    assert jinjiang["point"]["value"] == 320_740_000_000


async def test_sparse_fieldsets(client: httpx.AsyncClient) -> None:
    import json

    full = (await client.get("/v1/observations?limit=3")).json()["items"]
    slim = await client.get("/v1/observations?limit=3&fields=id,value,period.start,provenance")
    assert slim.status_code == 200, slim.text
    for whole, item in zip(full, slim.json()["items"], strict=True):
        assert item == {
            "id": whole["id"],
            "value": whole["value"],
            "period": {"start": whole["period"]["start"]},
            "provenance": whole["provenance"],
        }
    lines = (await client.get("/v1/export?fields=id,unit")).text.splitlines()
    assert set(json.loads(lines[0])) == {"id", "unit"}
    wrong = await client.get("/v1/observations?fields=id,colour")
    assert wrong.status_code == 422 and "fields" in wrong.json()["detail"]
