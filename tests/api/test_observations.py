"""GET /v1/observations over HTTP: filters, keyset pagination to the end, CSV, caching, errors."""

import csv
import io
from typing import Any

import httpx
import pytest

from app.schemas.observations import ObservationPage


async def all_pages(client: httpx.AsyncClient, url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    pages = 0
    while next_url:
        response = await client.get(next_url)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        next_url = body["next"]
        pages += 1
        assert pages < 100
    return items


async def test_pagination_reaches_the_end_without_gaps_or_repeats(
    client: httpx.AsyncClient,
) -> None:
    everything = (await client.get("/v1/observations?limit=500")).json()
    assert everything["next"] is None
    paged = await all_pages(client, "/v1/observations?limit=7")
    assert [o["id"] for o in paged] == [o["id"] for o in everything["items"]]
    assert (
        len(paged) == len({o["id"] for o in paged}) > 50
    )  # the seed reports hold 60 annotated figures


@pytest.mark.parametrize(
    "sort", ["id", "-id", "period", "-period", "value", "-value", "updated", "-updated"]
)
async def test_every_sort_pages_through_everything(client: httpx.AsyncClient, sort: str) -> None:
    paged = await all_pages(client, f"/v1/observations?limit=9&sort={sort}")
    assert len(paged) == len({o["id"] for o in paged})
    total = len((await client.get("/v1/observations?limit=500")).json()["items"])
    assert len(paged) == total
    if sort.lstrip("-") == "value":
        values = [o["value"] for o in paged]
        assert values == sorted(values, reverse=sort.startswith("-"))


async def test_a_figure_without_a_stated_period_is_marked_as_of_publication(
    client: httpx.AsyncClient,
) -> None:
    items = (await client.get("/v1/observations?indicator=site_area")).json()["items"]
    assert items, "the seed's project site area"
    period = items[0]["period"]
    assert (period["label"], period["stated"]) == (None, False)
    assert period["start"] == period["end"] == items[0]["provenance"]["published"]


async def test_a_figure_carries_value_display_bounds_cite_and_provenance(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/v1/observations?indicator=gdp&year=2021")).json()
    (gdp,) = body["items"]
    assert (gdp["value"], gdp["unit"]) == (153600000000, "CNY")
    assert gdp["display"] == {"zh": "1536亿元", "en": "153.6 billion yuan"}
    assert gdp["value_low"] == gdp["value_high"] == 153600000000
    assert gdp["period"] == {
        "label": "2021年",
        "start": "2021-01-01",
        "end": "2021-12-31",
        "stated": True,
    }
    assert gdp["entity"]["admin_code"] == "350583"
    provenance = gdp["provenance"]
    assert provenance["surface"] == "1536亿元"
    assert "1536亿元" in provenance["quote"]
    assert provenance["url"] is None and provenance["article_link"] is None
    assert provenance["stored_copy"].endswith(f"/text#figure-{gdp['id']}")
    assert "南安市" in gdp["cite"]["zh"] and "1536亿元" in gdp["cite"]["zh"]
    assert "Nan'an" in gdp["cite"]["en"] and "153.6 billion yuan" in gdp["cite"]["en"]


async def test_more_than_has_a_floor_and_no_ceiling(client: httpx.AsyncClient) -> None:
    items = (
        await client.get("/v1/observations?qualifier=more_than&indicator=charity_funds_raised")
    ).json()
    (charity,) = items["items"]
    assert charity["display"]["zh"] == "超32亿元"
    assert charity["display"]["en"] == "more than 3.2 billion yuan"
    assert (charity["value_low"], charity["value_high"]) == (3200000000, None)


async def test_mu_also_reports_square_metres(client: httpx.AsyncClient) -> None:
    items = (await client.get("/v1/observations?indicator=park_land_planned")).json()["items"]
    assert items[0]["unit"] == "mu" and items[0]["area_m2"] == pytest.approx(
        4500 * 666.67, rel=1e-3
    )


async def test_a_figure_with_a_url_links_to_the_sentence(client: httpx.AsyncClient) -> None:
    items = (await client.get("/v1/observations?indicator=investment_signed")).json()["items"]
    link = items[0]["provenance"]["article_link"]
    assert link.startswith("http://finews.zning.xyz/") and "#:~:text=" in link
    assert "151%E4%BA%BF%E5%85%83" in link  # 151亿元


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("entity=350583", lambda o: o["entity"]["admin_code"] == "350583"),
        ("entity=nanan-350583", lambda o: o["entity"]["slug"] == "nanan-350583"),
        ("indicator=gdp", lambda o: o["indicator"]["code"] == "gdp"),
        ("category=civic", lambda o: o["indicator"]["category"] == "civic"),
        ("kind=target", lambda o: o["kind"] == "target"),
        (
            "year=2012",
            lambda o: o["period"]["start"] <= "2012-12-31" and o["period"]["end"] >= "2012-01-01",
        ),
        ("year_from=2022", lambda o: o["period"]["end"] >= "2022-01-01"),
        ("year_to=2020", lambda o: o["period"]["start"] <= "2020-12-31"),
        ("qualifier=approx", lambda o: o["qualifier"] == "approx"),
        ("q=志愿", lambda o: "志愿" in o["provenance"]["quote"] + o["indicator"]["name_zh"]),
        ("status=reviewed", lambda o: o["status"] == "reviewed"),
        ("updated_after=2000-01-01T00:00:00Z", lambda o: True),
    ],
)
async def test_filters(client: httpx.AsyncClient, query: str, check: Any) -> None:
    response = await client.get(f"/v1/observations?{query}&limit=500")
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items, query
    assert all(check(o) for o in items), query


async def test_source_filter_and_updated_after_in_the_future(client: httpx.AsyncClient) -> None:
    sources = (await client.get("/v1/sources")).json()["items"]
    slug = sources[1]["slug"]
    items = (await client.get(f"/v1/observations?source={slug}&limit=500")).json()["items"]
    assert items and {o["provenance"]["source"] for o in items} == {slug}
    later = await client.get("/v1/observations?updated_after=2999-01-01T00:00:00Z")
    assert later.json()["items"] == []


async def test_list_pages_are_exactly_the_schema_and_the_single_figure(
    client: httpx.AsyncClient,
) -> None:
    """Pages are encoded without pydantic (for speed): they must still be the schema, byte for
    value, and each item the same as the figure's own (validated) endpoint answers."""
    response = await client.get("/v1/observations?limit=500&include_retracted=true")
    body = response.json()
    assert ObservationPage.model_validate(body).model_dump(mode="json") == body
    assert len(body["items"]) > 50
    for item in body["items"]:
        assert (await client.get(f"/v1/observations/{item['id']}")).json() == item
    assert body["items"][0]["updated_at"].endswith("Z")


async def test_one_observation(client: httpx.AsyncClient) -> None:
    first = (await client.get("/v1/observations?limit=1")).json()["items"][0]
    response = await client.get(f"/v1/observations/{first['id']}")
    assert response.status_code == 200 and response.json() == first


async def test_csv_has_a_bom_provenance_columns_and_a_next_link(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/observations?format=csv&limit=5")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert {"quote", "source", "span_start", "stored_copy", "display_zh"} <= set(rows[0])
    assert 'rel="next"' in response.headers["link"]
    by_accept = await client.get("/v1/observations?limit=5", headers={"Accept": "text/csv"})
    assert by_accept.content == response.content


async def test_etag_and_304(client: httpx.AsyncClient) -> None:
    first = await client.get("/v1/observations?limit=3")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = await client.get("/v1/observations?limit=3", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = await client.get("/v1/observations?limit=4", headers={"If-None-Match": etag})
    assert other.status_code == 200


async def test_gzip_cors_and_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/v1/observations?limit=20",
        headers={"Accept-Encoding": "gzip", "Origin": "https://dashboard.example"},
    )
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["access-control-allow-origin"] == "https://dashboard.example"
    assert len(response.headers["x-request-id"]) >= 16
    echoed = await client.get("/healthz", headers={"X-Request-ID": "a" * 32})
    assert echoed.headers["x-request-id"] == "a" * 32


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/observations?bogus=1", 400),
        ("/v1/observations?cursor=not-a-cursor", 422),
        ("/v1/observations?cursor=-1", 422),
        ("/v1/observations?sort=value&cursor=99999999", 404),
        ("/v1/observations?limit=10001", 422),
        ("/v1/observations?limit=0", 422),
        ("/v1/observations?kind=guess", 422),
        ("/v1/observations?year=abc", 422),
        ("/v1/observations?sort=random", 422),
        ("/v1/observations/0", 422),
        ("/v1/observations/99999999", 404),
        ("/v1/nothing-here", 404),
    ],
)
async def test_errors_are_problem_documents(
    client: httpx.AsyncClient, url: str, status: int
) -> None:
    response = await client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]


async def test_405_is_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.put("/v1/observations")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == "GET, HEAD"
    assert (await client.put("/v1/sources")).headers["allow"] == "GET, HEAD, POST"
    assert (await client.put("/v1/sources/x")).headers["allow"] == "DELETE, GET, HEAD"


@pytest.mark.parametrize("url", ["/v1/observations?limit=5", "/v1/sources", "/", "/healthz"])
async def test_head_answers_like_get_without_a_body(client: httpx.AsyncClient, url: str) -> None:
    get = await client.get(url)
    head = await client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name


@pytest.mark.parametrize("sort", ["id", "-id", "period", "-period", "value", "-value", "updated"])
async def test_pages_walk_every_figure_once_in_order(client: httpx.AsyncClient, sort: str) -> None:
    whole = (await client.get(f"/v1/observations?limit=500&sort={sort}")).json()
    assert whole["next"] is None
    walked: list[int] = []
    url: str | None = f"/v1/observations?limit=7&sort={sort}"
    while url:
        page = (await client.get(url)).json()
        walked += [item["id"] for item in page["items"]]
        url = page["next"]
    assert walked == [item["id"] for item in whole["items"]]
    assert len(walked) > 7


async def test_the_cursor_is_the_last_figure_of_the_page_before(
    client: httpx.AsyncClient,
) -> None:
    by_value = (await client.get("/v1/observations?limit=500&sort=value")).json()["items"]
    middle = by_value[len(by_value) // 2]["id"]
    page = (await client.get(f"/v1/observations?limit=3&sort=value&cursor={middle}")).json()
    position = [item["id"] for item in by_value].index(middle)
    assert [i["id"] for i in page["items"]] == [i["id"] for i in by_value[position + 1 :][:3]]
    assert page["next"].endswith(f"cursor={page['items'][-1]['id']}")


async def test_a_json_page_holds_at_most_500_and_says_so(client: httpx.AsyncClient) -> None:
    page = (await client.get("/v1/observations?limit=600")).json()
    assert page["limit"] == 500


async def test_each_figure_names_its_paragraph_in_json_and_csv(client: httpx.AsyncClient) -> None:
    import re

    page = (await client.get("/v1/observations?limit=40")).json()["items"]
    texts: dict[str, str] = {}
    for item in page:
        source = item["provenance"]["source"]
        if source not in texts:
            texts[source] = (await client.get(f"/v1/sources/{source}/text")).text
        before = texts[source][: item["provenance"]["span"]["start"]]
        assert item["provenance"]["paragraph"] == 1 + len(re.findall(r"\n\s*\n", before))
    assert max(item["provenance"]["paragraph"] for item in page) > 3
    sheet = await client.get("/v1/observations?limit=40&format=csv")
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert [int(row["paragraph"]) for row in rows] == [i["provenance"]["paragraph"] for i in page]
