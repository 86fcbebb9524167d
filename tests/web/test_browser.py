"""The county page in headless Chromium (Debian's, driven by Playwright), as people see it.

`make test` installs Chromium when it is missing and the machine allows it. Without a browser
these tests are reported loudly as not run; with COUNTY_REQUIRE_BROWSER=1 (CI) they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import ROOT, live_server

CHROMIUM = Path(os.environ.get("COUNTY_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("COUNTY_ARTIFACTS", ROOT / "artifacts"))
# The flags a closed network needs: no background fetches, no first-run work.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    message = f"BROWSER TESTS DID NOT RUN: no Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("COUNTY_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)

from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(make_database: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url: str = make_database()  # type: ignore[operator]
    with live_server(url, tmp_path_factory.mktemp("browser") / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(base: str) -> Iterator[Browser]:
    # after `base`: Playwright's sync API holds an event loop on this thread while it runs
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page with every console error, page error and failed request it saw."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        page.on(
            "response",
            lambda r: self.problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
        )

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")


def _open(browser: Browser, url: str, **context: Any) -> Watched:
    page = browser.new_context(**context).new_page()
    watched = Watched(page)
    page.goto(url, wait_until="load")
    return watched


def test_page_loads_cleanly_and_is_saved_as_a_screenshot(browser: Browser, base: str) -> None:
    watched = _open(browser, f"{base}/", viewport={"width": 1200, "height": 900})
    assert watched.page.locator("h1").inner_text() == "南安市"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=ARTIFACTS / "county-page.png", full_page=True)
    assert watched.problems == []
    # nothing from a CDN or anywhere else: the page works offline
    assert watched.requests and all(url.startswith(base) for url in watched.requests)


def test_chart_shows_the_seeded_years(browser: Browser, base: str) -> None:
    gdp = httpx.get(f"{base}/v1/entities/nanan-350583/gdp").json()
    page = _open(browser, f"{base}/").page
    chart = page.locator("#gdp .chart svg")
    assert chart.is_visible()
    assert chart.bounding_box()["height"] > 150  # type: ignore[index]
    labels = chart.locator(".axis.x text").all_text_contents()
    assert labels == [p["period"]["label"] for p in gdp["points"]] == ["2012年", "2021年"]
    values = chart.locator(".text-overlay text.value").all_text_contents()
    assert values == [p["display"]["zh"] for p in gdp["points"]]


def test_clicking_a_figure_shows_its_sentence_then_the_report(browser: Browser, base: str) -> None:
    watched = _open(browser, f"{base}/", viewport={"width": 1200, "height": 900})
    page = watched.page
    figure = page.locator("#gdp table details.fig").first
    observation = httpx.get(f"{base}/v1/observations/{figure.get_attribute('data-figure')}").json()
    sentence = figure.locator(".prov")
    assert not sentence.is_visible()
    figure.locator("summary").click()
    assert sentence.is_visible()
    assert sentence.locator(".quote").inner_text() == observation["provenance"]["quote"]
    assert sentence.locator("mark").inner_text() == observation["provenance"]["surface"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "county-page-provenance.png")
    sentence.locator("a.stored").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/text#figure-{observation['id']}")
    marked = page.locator(f"mark#figure-{observation['id']}")
    assert marked.is_visible() and marked.inner_text() == observation["provenance"]["surface"]
    assert page.evaluate("document.querySelector(':target').id") == f"figure-{observation['id']}"
    assert watched.problems == []


def test_english_toggle(browser: Browser, base: str) -> None:
    page = _open(browser, f"{base}/").page
    page.locator("#lang-toggle").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#gdp h2").inner_text() == "Gross domestic product"
    assert page.locator("#gdp .chart svg .axis.x text").all_text_contents() == ["2012", "2021"]


def test_phone_width_has_no_sideways_scroll(browser: Browser, base: str) -> None:
    watched = _open(
        browser, f"{base}/", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = watched.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    page.locator(".park details.fig summary").first.tap()
    box = page.locator(".park details.fig[open] .prov").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "county-page-phone.png")
    assert watched.problems == []


def test_figures_and_links_work_without_javascript(browser: Browser, base: str) -> None:
    page = _open(browser, f"{base}/", java_script_enabled=False).page
    figures = page.locator("details.fig")
    assert figures.count() >= 40
    volunteer = page.locator("#volunteers details.fig").first
    volunteer.locator("summary").click()
    assert volunteer.locator(".prov mark").is_visible()
    assert volunteer.locator("a.stored").get_attribute("href").startswith("/v1/sources/")  # type: ignore[union-attr]
    assert page.locator("#gdp .chart svg .axis.x text").count() == 2
