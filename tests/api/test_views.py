"""Series, GDP, parks, projects, volunteers, sources, search, catalogue: over HTTP, seeded data."""

import csv
import io

import httpx
import pytest

PARK = "nan-an-gao-duan-zhuang-bei-zhi-zao-yuan"


async def test_the_gdp_series_has_both_years_with_sentences_and_growth(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/v1/entities/350583/gdp")).json()
    points = body["points"]
    assert [p["period"]["label"] for p in points] == ["2012年", "2021年"]
    assert [p["value"] for p in points] == [65900000000, 153600000000]
    for point in points:
        (observation,) = point["observations"]
        assert observation["id"] == point["preferred"]
        assert observation["provenance"]["surface"] in observation["provenance"]["quote"]
        assert observation["provenance"]["stored_copy"]
    (growth,) = body["growth"]
    assert growth["derived"] is True and growth["years"] == 9
    assert growth["cagr_percent"] == pytest.approx(((1536 / 659) ** (1 / 9) - 1) * 100, abs=0.01)
    assert growth["from_observations"] == [p["preferred"] for p in points]


async def test_series_by_slug_equals_series_by_code(client: httpx.AsyncClient) -> None:
    by_code = (await client.get("/v1/entities/350583/series/gdp")).json()
    by_slug = (await client.get("/v1/entities/nanan-350583/series/gdp")).json()
    assert by_code == by_slug and len(by_code["points"]) == 2


async def test_series_errors(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/entities/atlantis/series/gdp")).status_code == 404
    assert (await client.get("/v1/entities/350583/series/unicorns")).status_code == 404


async def test_the_park_page_shows_progress_with_ratios(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"/v1/parks/{PARK}")).json()
    assert body["entity"]["name_zh"] == "南安高端装备智造园"
    assert body["parent"] == "nanan-350583"
    progress = body["progress"]
    assert progress["park_land_planned"]["value"] == 4500
    assert progress["buildings_completed"]["value"] == 9
    assert progress["buildings_under_construction"]["value"] == 6
    ratios = {r["code"]: r for r in body["ratios"]}
    buildings = ratios["buildings_completed_share"]
    assert buildings["value"] == pytest.approx(0.6)
    assert buildings["numerator"] == [progress["buildings_completed"]["id"]]
    assert set(buildings["denominator"]) == {
        progress["buildings_completed"]["id"],
        progress["buildings_under_construction"]["id"],
    }
    assert ratios["enterprises_signed_share"]["value"] == pytest.approx(22 / 130, abs=1e-3)
    assert ratios["investment_progress"]["approximate"] is True
    assert body["timeline"] and all(e["period"]["start"] for e in body["timeline"])


async def test_parks_list_and_a_county_is_not_a_park(client: httpx.AsyncClient) -> None:
    items = (await client.get("/v1/parks")).json()["items"]
    assert [p["entity"]["slug"] for p in items] == [PARK]
    assert (await client.get("/v1/parks/nanan-350583")).status_code == 404


async def test_projects_have_amounts_status_and_provenance(client: httpx.AsyncClient) -> None:
    items = {p["entity"]["name_zh"]: p for p in (await client.get("/v1/projects")).json()["items"]}
    water = items["城乡供水一体化项目"]
    assert water["status"] == "planned" and water["planned"]["value"] == 3_000_000_000
    park = items["南安高端装备智造园"]
    assert park["status"] == "under construction"
    assert park["invested"]["display"]["zh"] == "6亿多元"
    assert all(o["provenance"]["quote"] for p in items.values() for o in p["observations"])


async def test_volunteers(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/entities/350583/volunteers")).json()
    figures = body["figures"]
    assert figures["registered_volunteers"]["value"] == 220000
    assert figures["registered_volunteers"]["display"]["zh"] == "22万余人"
    assert figures["civilization_practice_stations"]["value"] == 426
    assert figures["volunteer_teams"]["value"] == 618
    assert (await client.get("/v1/entities/110101/volunteers")).status_code == 404


async def test_sources_list_detail_and_text(client: httpx.AsyncClient) -> None:
    listing = (await client.get("/v1/sources")).json()
    assert len(listing["items"]) == 2 and listing["next"] is None
    slug = listing["items"][1]["slug"]
    detail = (await client.get(f"/v1/sources/{slug}")).json()
    assert detail["publisher"] == "泉州晚报" and detail["published"] == "2022-02-16"
    assert detail["figures"] == len(detail["observations"]) > 10
    text = (await client.get(f"/v1/sources/{slug}/text")).text
    for observation in detail["observations"]:
        span = observation["provenance"]["span"]
        assert text[span["start"] : span["end"]] == observation["provenance"]["surface"]
    page = await client.get(f"/v1/sources/{slug}/text", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    first = detail["observations"][0]
    assert f'id="figure-{first["id"]}"' in page.text
    assert (await client.get("/v1/sources/nope")).status_code == 404


async def test_sources_paginate(client: httpx.AsyncClient) -> None:
    first = (await client.get("/v1/sources?limit=1")).json()
    assert len(first["items"]) == 1 and first["next"]
    second = (await client.get(first["next"])).json()
    assert second["next"] is None and second["items"][0]["slug"] != first["items"][0]["slug"]


async def test_search_ranks_figures_indicators_and_places(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/search", params={"q": "志愿者"})).json()
    types = {hit["type"] for hit in body["items"]}
    assert {"observation", "indicator"} <= types
    scores = [hit["score"] for hit in body["items"]]
    assert scores == sorted(scores, reverse=True)
    figure = next(hit for hit in body["items"] if hit["type"] == "observation")
    assert "志愿" in figure["snippet"] and figure["observation"]["provenance"]["quote"]
    places = (await client.get("/v1/search", params={"q": "南安市"})).json()["items"]
    assert any(hit["type"] == "entity" and hit["title"].startswith("南安市") for hit in places)
    english = (await client.get("/v1/search", params={"q": "gross domestic"})).json()["items"]
    assert english[0]["type"] == "indicator" and english[0]["link"].endswith("/v1/indicators/gdp")
    assert (await client.get("/v1/search")).status_code == 422


async def test_indicators(client: httpx.AsyncClient) -> None:
    items = (await client.get("/v1/indicators")).json()["items"]
    codes = {i["code"]: i for i in items}
    assert codes["gdp"]["observations"] == 2 and codes["gdp"]["unit"] == "CNY"
    economy = (await client.get("/v1/indicators?category=economy")).json()["items"]
    assert economy and all(i["category"] == "economy" for i in economy)
    assert (await client.get("/v1/indicators/gdp")).json()["name_en"] == "Gross domestic product"
    assert (await client.get("/v1/indicators/nope")).status_code == 404
    exported = await client.get("/v1/indicators?format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == len(items)


async def test_entities(client: httpx.AsyncClient) -> None:
    nanan = (await client.get("/v1/entities/350583")).json()
    assert nanan["slug"] == "nanan-350583" and nanan["parent"] == "quanzhou-350500"
    counties = (await client.get("/v1/entities?kind=county&parent=350500&limit=500")).json()
    assert "nanan-350583" in {e["slug"] for e in counties["items"]}
    assert all(e["kind"] == "county" for e in counties["items"])
    with_figures = (await client.get("/v1/entities?with_figures=true")).json()["items"]
    assert {e["kind"] for e in with_figures} >= {"county", "park", "project"}
    page = (await client.get("/v1/entities?kind=province&limit=10")).json()
    assert len(page["items"]) == 10 and page["next"]
    rest = (await client.get(page["next"])).json()
    assert rest["items"][0]["slug"] > page["items"][-1]["slug"]
    assert (await client.get("/v1/entities?kind=planet")).status_code == 422
