"""The county page, in-process: what it shows, where each number comes from, its errors."""

import ast
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from selectolax.lexbor import LexborHTMLParser, LexborNode
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Observation

WEB = Path(__file__).resolve().parents[2] / "app" / "web"


async def _page(client: httpx.AsyncClient, url: str) -> LexborHTMLParser:
    response = await client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return LexborHTMLParser(response.text)


def _one(node: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    found = node.css_first(selector)
    assert found is not None, f"nothing matches {selector}"
    return found


def _attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    assert value is not None, f"no {name} on {node.tag}"
    return value


def _ids(nodes: list[LexborNode]) -> list[int]:
    return [int(_attr(node, "data-figure")) for node in nodes]


async def test_home_is_the_county_with_the_most_figures(client: httpx.AsyncClient) -> None:
    counties = (await client.get("/v1/entities?kind=county&with_figures=true")).json()["items"]
    busiest = max(counties, key=lambda c: c["observations"])
    page = await _page(client, "/")
    assert _one(page, "h1").text() == busiest["name_zh"] == "南安市"
    assert _attr(_one(page, "html"), "lang") == "zh-CN"


async def test_every_number_opens_the_sentence_it_came_from(client: httpx.AsyncClient) -> None:
    page = await _page(client, "/")
    figures = page.css("details.fig")
    assert (
        len(set(_ids(figures))) >= 40
    )  # of the seed reports' 57 figures, the county page shows most
    for node in figures:
        api = (await client.get(f"/v1/observations/{_attr(node, 'data-figure')}")).json()
        provenance = api["provenance"]
        assert _one(node, "summary").text() == api["display"]["zh"]
        assert _one(node, "mark").text() == provenance["surface"]
        assert _one(node, ".quote").text() == provenance["quote"]
        link = urlsplit(provenance["stored_copy"])
        stored = _attr(_one(node, "a.stored"), "href")
        assert stored == f"{link.path}#{link.fragment}"
        assert stored.endswith(f"/text#figure-{api['id']}")
        if provenance["article_link"]:
            assert _attr(_one(node, "a.original"), "href") == provenance["article_link"]
        else:
            assert node.css_first("a.original") is None
            assert node.css_first(".unknown") is not None


async def test_gdp_section_matches_the_series_api(client: httpx.AsyncClient) -> None:
    gdp = (await client.get("/v1/entities/nanan-350583/gdp")).json()
    section = _one(await _page(client, "/"), "#gdp")
    labels = [t.text() for t in section.css("svg .axis.x text")]
    assert labels == [p["period"]["label"] for p in gdp["points"]] == ["2012年", "2021年"]
    shown = [s.text() for s in section.css("table details.fig summary")]
    assert shown == [p["display"]["zh"] for p in gdp["points"]]
    assert f"{gdp['growth'][0]['cagr_percent']}%" in _one(section, ".growth").text()
    # each bar links to its figure's sentence in the stored copy
    links = [a.attributes.get("xlink:href") or "" for a in section.css("svg a")]
    assert len(links) == len(gdp["points"])
    assert all("/text#figure-" in link for link in links)


async def test_park_bars_are_the_api_ratios(client: httpx.AsyncClient) -> None:
    parks = (await client.get("/v1/parks")).json()["items"]
    park = (await client.get(f"/v1/parks/{parks[0]['entity']['slug']}")).json()
    bars = (await _page(client, "/")).css(".park .bars li")
    assert [_one(b, ".label").text() for b in bars] == [r["label_zh"] for r in park["ratios"]]
    for bar, ratio in zip(bars, park["ratios"], strict=True):
        width = round(min(ratio["value"], 1.0) * 100, 1)
        assert f"width: {width}%" in _attr(_one(bar, ".fill"), "style")
        assert _ids(bar.css(".parts details.fig")) == ratio["numerator"] + ratio["denominator"]


async def test_projects_volunteers_and_reports(client: httpx.AsyncClient) -> None:
    page = await _page(client, "/")
    projects = (await client.get("/v1/projects")).json()["items"]
    names = [_one(row, "td").text() for row in page.css("#projects tbody tr")]
    assert names == [p["entity"]["name_zh"] for p in projects]
    volunteers = (await client.get("/v1/entities/nanan-350583/volunteers")).json()["figures"]
    assert _ids(page.css("#volunteers details.fig")) == [f["id"] for f in volunteers.values()]
    sources = (await client.get("/v1/sources")).json()["items"]
    newest_first = sorted(sources, key=lambda s: s["published"], reverse=True)
    titles = [a.text() for a in page.css("#reports li > a:first-child")]
    assert titles == [f"《{s['title']}》" for s in newest_first]
    # each report with how many of its figures the page cites
    by_source: dict[str, set[int]] = {}
    for node in page.css("details.fig"):
        slug = _attr(_one(node, "a.stored"), "href").split("/")[3]
        by_source.setdefault(slug, set()).add(int(_attr(node, "data-figure")))
    cited = [int(m.text().rsplit("本页引用 ", 1)[1].split()[0]) for m in page.css("#reports .meta")]
    assert cited == [len(by_source[s["slug"]]) for s in newest_first]
    assert all(0 < c <= s["figures"] for c, s in zip(cited, newest_first, strict=True))


async def test_other_figures_and_their_export(client: httpx.AsyncClient) -> None:
    page = await _page(client, "/")
    shown = set(_ids(page.css("details.fig")))
    everything = (await client.get("/v1/observations?entity=nanan-350583&limit=500")).json()
    assert {f["id"] for f in everything["items"]} <= shown  # every figure of the county
    export = _attr(_one(page, "#others .export a"), "href")
    response = await client.get(export)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert page.css_first("#others .more") is None  # fewer than a page: nothing left out


async def test_english_toggle_and_administrative_code(client: httpx.AsyncClient) -> None:
    zh = await _page(client, "/")
    en = await _page(client, "/counties/350583?lang=en")
    assert _attr(_one(en, "html"), "lang") == "en"
    assert _one(en, "h1").text() == "Nan'an"
    assert _one(en, "#gdp h2").text() == "Gross domestic product"
    assert [t.text() for t in en.css("#gdp svg .axis.x text")] == ["2012", "2021"]
    assert _ids(en.css("details.fig")) == _ids(zh.css("details.fig"))
    assert _attr(_one(zh, "#lang-toggle"), "href") == "/?lang=en"


async def test_unknown_county_and_bad_language(client: httpx.AsyncClient) -> None:
    missing = await client.get("/counties/atlantis")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "atlantis" in missing.text
    bad = await client.get("/?lang=fr")
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    # links shared with tracking parameters still open the page
    assert (await client.get("/?utm_source=wechat")).status_code == 200


async def test_page_has_a_stable_etag(client: httpx.AsyncClient) -> None:
    first = await client.get("/")
    second = await client.get("/")
    assert first.text == second.text
    etag = first.headers["etag"]
    assert second.headers["etag"] == etag
    assert (await client.get("/", headers={"If-None-Match": etag})).status_code == 304


async def test_without_figures_the_page_says_so(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await session.execute(delete(Observation))
    page = await _page(client, "/")
    assert "POST /v1/sources" in _one(page, ".empty").text()


def test_the_page_reads_only_the_public_api() -> None:
    """No module of the page imports the database or the services behind /v1."""
    for path in WEB.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(
                    ("app.services", "app.db", "app.models", "sqlalchemy")
                ), f"{path.name} imports {node.module}"
