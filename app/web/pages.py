"""`GET /` and `GET /counties/{key}`: the county at a glance, for people.

Every section is one or two /v1 calls (linked under it, so a dashboard builder sees where it
came from), and every number is a `<details>` element that opens the sentence it came from:
readable and clickable without JavaScript.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.datafiles import package_file, plain
from app.errors import NotFound
from app.web.api import ApiClient
from app.web.charts import bar_chart
from app.web.figures import Figure, figure, name

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)
Lang = Annotated[Literal["zh", "en"], Query(description="Language of the page")]
BARE_YEAR = re.compile(r"^\d{4}年$")
OTHER_COUNTIES = 30  # the ones with the most figures; the API lists them all


@cache
def strings() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = plain(package_file("strings.yaml"))
    return loaded


def _period_label(period: dict[str, Any], lang: str) -> str:
    label: str = period["label"] or period["start"]
    if lang == "en" and BARE_YEAR.match(label):
        return label[:4]
    return label


def _gdp(data: dict[str, Any], lang: str, words: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for point in data["points"]:
        chosen = next(o for o in point["observations"] if o["id"] == point["preferred"])
        rows.append((_period_label(point["period"], lang), point["value"], figure(chosen, lang)))
    scale = float(words["gdp_scale"])
    chart = (
        bar_chart(
            "gdp",
            f"{words['gdp']}{words['open']}{words['gdp_unit']}{words['close']}",
            [label for label, _, _ in rows],
            [(round(value / scale, 2), f) for _, value, f in rows],
        )
        if rows
        else None
    )
    return {"rows": rows, "chart": chart, "growth": data["growth"]}


def _park(page: dict[str, Any], lang: str) -> dict[str, Any]:
    by_id = {o["id"]: figure(o, lang) for o in page["observations"]}
    bars = []
    for ratio in page["ratios"]:
        bars.append(
            {
                "label": ratio["label_en"] if lang == "en" else ratio["label_zh"],
                "percent": f"{ratio['value'] * 100:.1f}".removesuffix(".0"),
                "width": round(min(max(ratio["value"], 0.0), 1.0) * 100, 1),
                "approximate": ratio["approximate"],
                "numerator": [by_id[i] for i in ratio["numerator"] if i in by_id],
                "denominator": [by_id[i] for i in ratio["denominator"] if i in by_id],
            }
        )
    return {"name": name(page["entity"], lang), "slug": page["entity"]["slug"], "bars": bars}


def _project(item: dict[str, Any], lang: str) -> dict[str, Any]:
    amounts: dict[str, Figure | None] = {
        key: figure(item[key], lang) if item[key] else None
        for key in ("planned", "signed", "invested")
    }
    return {"name": name(item["entity"], lang), "status": item["status"], **amounts}


def _reports(figures: list[Figure]) -> list[dict[str, Any]]:
    """The reports the figures cite, newest first, from the figures' own provenance."""
    reports: dict[str, dict[str, Any]] = {}
    for f in {f.id: f for f in figures}.values():  # a figure may stand in two places
        report = reports.setdefault(
            f.source,
            {
                "slug": f.source,
                "title": f.title,
                "publisher": f.publisher,
                "published": f.published,
                "url": f.url,
                "cited": 0,
            },
        )
        report["cited"] += 1
    return sorted(reports.values(), key=lambda r: (r["published"] or "", r["slug"]), reverse=True)


async def county_view(
    api: ApiClient, key: str, lang: str, counties: list[dict[str, Any]]
) -> dict[str, Any]:
    """The page's content for one place; `counties` are those with figures."""
    entity = await api.get(f"/v1/entities/{key}")
    slug = entity["slug"]
    # One call after another: the calls are cheap (and usually cached), and a request's
    # database session is not shared between concurrent calls.
    gdp = await api.get(f"/v1/entities/{slug}/gdp")
    volunteers = await api.get(f"/v1/entities/{slug}/volunteers")
    parks = await api.get("/v1/parks")
    projects = await api.get("/v1/projects")
    own = await api.get("/v1/observations", entity=slug, limit=100)
    park_pages = [
        await api.get(f"/v1/parks/{item['entity']['slug']}")
        for item in parks["items"]
        if item["parent"] == slug
    ]
    words = strings()[lang]
    view: dict[str, Any] = {
        "entity": entity,
        "name": name(entity, lang),
        "gdp": _gdp(gdp, lang, words),
        "parks": [_park(page, lang) for page in park_pages],
        "projects": [_project(i, lang) for i in projects["items"] if i["parent"] == slug],
        "volunteers": [figure(f, lang) for f in volunteers["figures"].values()],
        "counties": [
            {"slug": c["slug"], "name": name(c, lang)}
            for c in sorted(counties, key=lambda c: (-c["observations"], c["slug"]))
            if c["slug"] != slug
        ][:OTHER_COUNTIES],
        "counties_more": len(counties) > OTHER_COUNTIES + 1,
    }
    shown: list[Figure] = [f for _, _, f in view["gdp"]["rows"]] + view["volunteers"]
    for park in view["parks"]:
        for bar in park["bars"]:
            shown += bar["numerator"] + bar["denominator"]
    for project in view["projects"]:
        shown += [project[k] for k in ("planned", "signed", "invested") if project[k]]
    shown_ids = {f.id for f in shown}
    view["others"] = [f for f in (figure(o, lang) for o in own["items"]) if f.id not in shown_ids]
    view["others_more"] = own["next"] is not None
    view["reports"] = _reports(shown + view["others"])
    return view


def _render(request: Request, lang: str, view: dict[str, Any], status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "county.html",
        {"lang": lang, "s": strings()[lang], **view},
        status_code=status,
    )


async def _page(request: Request, key: str | None, lang: str) -> HTMLResponse:
    async with ApiClient(request.app) as api:
        try:
            counties = await api.all_items(
                "/v1/entities", kind="county", with_figures=True, limit=100
            )
            if key is None:
                if not counties:
                    return _render(request, lang, {"empty": True})
                key = max(counties, key=lambda c: (c["observations"], c["slug"]))["slug"]
            view = await county_view(api, key, lang, counties)
        except NotFound as error:
            return _render(request, lang, {"missing": str(error)}, status=404)
    return _render(request, lang, view)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, lang: Lang = "zh") -> HTMLResponse:
    """The county with the most figures."""
    return await _page(request, None, lang)


@router.get("/counties/{key}", response_class=HTMLResponse)
async def county(request: Request, key: str, lang: Lang = "zh") -> HTMLResponse:
    """One county (slug or administrative code)."""
    return await _page(request, key, lang)
