"""Figures from sentences written for these tests, and what the parser must find in the seeds."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.extraction.catalogue import derived_code
from app.extraction.figures import Extraction, Figure, extract
from app.extraction.loader import Document, load
from app.services import reference

SEED = Path(__file__).resolve().parent.parent.parent / "seed"


def run(text: str, published: date | None = date(2023, 6, 30)) -> Extraction:
    document = Document(title="测试", text=text, format="text", published=published)
    return extract(document, reference.catalogue(), reference.gazetteer())


def figure(result: Extraction, surface: str) -> Figure:
    matches = [f for f in result.figures if f.surface == surface]
    assert len(matches) == 1, [f.surface for f in result.figures]
    return matches[0]


def test_gdp_by_year_belongs_to_the_county() -> None:
    result = run("晋江市经济总量从2015年的1500亿元跃升到2022年的3200亿元。")
    first, second = figure(result, "1500亿元"), figure(result, "3200亿元")
    assert (first.indicator, second.indicator) == ("gdp", "gdp")
    assert first.entity.admin_code == second.entity.admin_code == "350582"
    assert (first.period.start, first.period.end) == (date(2015, 1, 1), date(2015, 12, 31))
    assert second.period.label == "2022年"


def test_relative_periods_resolve_against_the_publication_date() -> None:
    result = run("惠安县今年新增企业120家，去年投入资金8亿元。")
    assert figure(result, "120家").period.start == date(2023, 1, 1)
    assert figure(result, "8亿元").period.end == date(2022, 12, 31)


def test_a_relative_period_without_a_publication_date_stays_unresolved() -> None:
    result = run("惠安县今年新增企业120家。", published=None)
    period = figure(result, "120家").period
    assert (period.label, period.start) == ("今年", None)


def test_kinds_follow_the_words_before_the_figure() -> None:
    result = run("安溪县计划投资50亿元，预计年产值达80亿元，目前已投入12亿元，累计引进企业30家。")
    assert figure(result, "50亿元").kind == "target"
    assert figure(result, "80亿元").kind == "expected"
    assert figure(result, "12亿元").kind == "actual"
    assert figure(result, "30家").kind == "cumulative"


def test_a_park_named_in_the_sentence_owns_its_figures() -> None:
    result = run("德化县规划建设德化陶瓷智造园，园区规划用地3000亩，已建成6栋标准厂房。")
    land, built = figure(result, "3000亩"), figure(result, "6栋")
    assert land.entity.kind == built.entity.kind == "park"
    assert land.entity.name_zh == "德化陶瓷智造园"
    assert (land.indicator, built.indicator) == ("park_land_planned", "buildings_completed")


def test_a_company_then_its_project_own_the_following_figures() -> None:
    text = (
        "永春县某某机械有限公司主营农机制造。\n\n"
        "该公司在桃城镇投建某某智能农机产业化项目。\n\n"
        "据了解，项目计划总投资3亿元，可提供就业岗位200人。"
    )
    result = run(text)
    assert figure(result, "3亿元").entity.name_zh == "某某智能农机产业化项目"
    assert figure(result, "200人").indicator == "jobs"


def test_more_than_keeps_a_floor_and_no_ceiling() -> None:
    from app.extraction.bounds import bounds

    found = figure(run("全县慈善机构累计募集资金逾3亿元。"), "3亿元")
    assert (found.qualifier, found.qualifier_text) == ("more_than", "逾")
    assert bounds(found.value, found.qualifier, found.qualifier_text, found.step) == (
        Decimal("3e8"),
        None,
    )


def test_about_and_at_least_have_their_own_bounds() -> None:
    from app.extraction.bounds import bounds

    result = run("注册志愿者22万余人，发起项目近6000个。")
    many, nearly = figure(result, "22万余人"), figure(result, "6000个")
    assert bounds(many.value, many.qualifier, many.qualifier_text, many.step) == (
        Decimal(220000),
        Decimal(230000),
    )
    assert bounds(nearly.value, nearly.qualifier, nearly.qualifier_text, nearly.step) == (
        None,
        Decimal(6000),
    )


def test_money_without_a_unit_is_inferred_from_its_words() -> None:
    found = figure(run("项目计划总投资2.1亿，年税收2亿以上。"), "2.1亿")
    assert found.unit == "CNY" and "unit_inferred" in found.flags


def test_slogans_and_articles_are_not_counts() -> None:
    result = run("围绕“一个目标、四个定位”，打造一批精品线路，建成3座公园。")
    assert [f.surface for f in result.figures] == ["3座"]


def test_spans_of_years_are_periods_not_figures() -> None:
    result = run("十年来累计投入民生资金200亿元。全县五年内产值达到8亿元。")
    spending = figure(result, "200亿元")
    assert spending.period.label == "十年来"
    # the ten full years up to the last complete one before publication (30 June 2023)
    assert (spending.period.start, spending.period.end) == (date(2013, 1, 1), date(2022, 12, 31))
    output = figure(result, "8亿元")
    assert output.period.label == "五年内" and output.period.end == date(2028, 6, 30)
    assert [f.surface for f in result.figures] == ["200亿元", "8亿元"]


def test_figures_are_named_from_their_words_when_the_catalogue_has_no_entry() -> None:
    found = figure(run("惠安县新建了17座雕塑。"), "17座")
    assert (found.indicator_name, found.indicator) == ("新建雕塑数", derived_code("新建雕塑数"))


def test_unknown_figures_are_unclassified_not_dropped() -> None:
    result = run("惠安县的公园里，其中17座。")
    assert figure(result, "17座").indicator == "unclassified"


# --- the seed reports -----------------------------------------------------------------------


def seed_figures(name: str) -> list[Figure]:
    document = load((SEED / "reports" / name).read_text(encoding="utf-8"))
    if document.published is None:
        document = Document(**{**document.__dict__, "published": date(2022, 7, 19)})
    return extract(document, reference.catalogue(), reference.gazetteer()).figures


@pytest.fixture(scope="module")
def nanan() -> dict[str, list[Figure]]:
    found: dict[str, list[Figure]] = {}
    for figure_ in seed_figures("000_ee54c6e7b9c81045.txt"):
        found.setdefault(figure_.surface.replace("\xa0", " "), []).append(figure_)
    return found


EXPECTED_000 = [
    ("659亿元", "6.59e10", "CNY", "gdp"),
    ("1536亿元", "1.536e11", "CNY", "gdp"),
    ("十四 强", "14", "rank", "economic_rank"),
    ("80家", "80", "count", "little_giant_enterprises"),
    ("10个", "10", "count", "single_champion_enterprises"),
    ("85%", "85", "percent", "enterprises_in_production_share"),
    ("4500 亩", "4500", "mu", "park_land_planned"),
    ("2000 亩", "2000", "mu", "park_phase_land_planned"),
    ("80 亿元", "8e9", "CNY", "investment_planned"),
    ("70 万平方米", "7e5", "m2", "floor_area_planned"),
    ("9栋", "9", "count", "buildings_completed"),
    ("72000平方米", "72000", "m2", "floor_area_completed"),
    ("6栋", "6", "count", "buildings_under_construction"),
    ("65000平方米", "65000", "m2", "floor_area_under_construction"),
    ("130家", "130", "count", "enterprises_intending"),
    ("22家", "22", "count", "enterprises_signed"),
    ("6亿多元", "6e8", "CNY", "investment_to_date"),
    ("60亿元", "6e9", "CNY", "output_value"),
    ("2亿", "2e8", "CNY", "tax_revenue"),
    ("30930平方米", "30930", "m2", "site_area"),
    ("2.1亿", "2.1e8", "CNY", "investment_planned"),
    ("3000万元", "3e7", "CNY", "profit_and_tax"),
    ("300人", "300", "person", "jobs"),
    ("30亿元", "3e9", "CNY", "investment_planned"),
    ("95%", "95", "percent", "water_supply_coverage"),
    ("40公里", "40", "km", "greenway_length"),
    ("560多亿元", "5.6e10", "CNY", "public_service_spending"),
    ("500多件", "500", "count", "livelihood_projects_completed"),
    ("32亿元", "3.2e9", "CNY", "charity_funds_raised"),
    ("202个", "202", "count", "named_charity_funds"),
    ("426个", "426", "count", "civilization_practice_stations"),
    ("618个", "618", "count", "volunteer_teams"),
    ("6000个", "6000", "count", "volunteer_projects"),
    ("22万余人", "2.2e5", "person", "registered_volunteers"),
]


@pytest.mark.parametrize(("surface", "value", "unit", "indicator"), EXPECTED_000)
def test_the_first_seed_report(
    nanan: dict[str, list[Figure]], surface: str, value: str, unit: str, indicator: str
) -> None:
    assert surface in nanan, sorted(nanan)
    found = nanan[surface][0]
    # a phase's figure (一期计划总投资) is a derived indicator narrowing the catalogue's
    code = found.broader or found.indicator
    assert (found.value, found.unit, code) == (Decimal(value), unit, indicator)


def test_a_phase_narrows_the_catalogue_indicator(nanan: dict[str, list[Figure]]) -> None:
    planned = nanan["80 亿元"][0]
    assert (planned.indicator_name, planned.broader) == ("一期计划总投资", "investment_planned")
    assert planned.indicator.startswith("x-")
    assert nanan["4500 亩"][0].broader is None  # named before the phase is
    output = nanan["60亿元"][0]
    # 预计一期项目2025年可建成达产，年产值可达60亿元: the target year of the phase's output
    assert (output.indicator_name, output.period.start) == ("一期年产值", date(2025, 1, 1))
    # 项目计划分三期实施 is how a project is built, not the phase a figure is about
    span = run("项目计划分三期实施建设，预计建设周期6年—8年。", published=date(2024, 4, 12))
    assert [f.indicator_name for f in span.figures] == ["建设周期", "建设周期"]


def test_the_first_seed_report_has_gdp_for_2012_and_2021(nanan: dict[str, list[Figure]]) -> None:
    assert nanan["659亿元"][0].period.label == "2012年"
    assert nanan["1536亿元"][0].period.label == "2021年"
    assert nanan["1536亿元"][0].entity.admin_code == "350583"


def test_the_park_figures_belong_to_the_park(nanan: dict[str, list[Figure]]) -> None:
    for surface in ("4500 亩", "9栋", "72000平方米", "130家", "6亿多元", "60亿元"):
        entity = nanan[surface][0].entity
        assert (entity.kind, entity.name_zh) == ("park", "南安高端装备智造园"), surface


def test_nothing_that_is_not_a_figure(nanan: dict[str, list[Figure]]) -> None:
    for not_a_figure in (
        "0313",
        "2012年",
        "十八",
        "三员",
        "一批",
        "一个",
        "千亿",
        "3D",
        "2003",
        "0个",
    ):
        assert not_a_figure not in nanan


def test_the_second_seed_report() -> None:
    figures = {f.surface: f for f in seed_figures("001_094da2e9a2d42d36.txt")}
    assert figures["151亿元"].indicator == "investment_signed"
    assert figures["907家"].period.start == date(2022, 2, 14)
    shares = [figures[s] for s in ("20.83%", "21.15%", "21.34%")]
    assert {f.indicator for f in shares} == {"plan_completion"}
    assert {(f.period.start, f.period.end) for f in shares} == {
        (date(2022, 1, 1), date(2022, 2, 28))
    }
    assert figures["150多名"].qualifier == "approx"
    assert "16" not in figures and "1+1+7+7" not in figures


def test_a_statistical_bulletin() -> None:
    text = (
        "2023年，永春县实现地区生产总值356.8亿元，同比增长6.2%；固定资产投资增长10.1%。"
        "城镇居民人均可支配收入45678元。\n\n"
        "截至2023年底，全县共有各类市场主体5.6万户。"
    )
    result = run(text, published=None)
    assert figure(result, "6.2%").indicator == "gdp_growth"
    assert figure(result, "10.1%").indicator == "fixed_asset_investment_growth"
    income = figure(result, "45678元")
    assert income.indicator == "urban_disposable_income"
    assert income.period.label == "2023年"  # inherited from the paragraph's first sentence
    entities = figure(result, "5.6万户")
    assert entities.indicator == "market_entities"
    assert (entities.period.label, entities.period.end) == ("2023年底", date(2023, 12, 31))


def test_a_qualifier_before_a_figure_does_not_hide_its_keyword() -> None:
    found = figure(run("某某产业园已建成厂房8栋，建筑面积约12万平方米。"), "12万平方米")
    assert (found.indicator, found.qualifier_text) == ("floor_area_completed", "约")


def test_project_news() -> None:
    text = (
        "安溪县一季度共签约项目36个，总投资达210亿元。"
        "总投资50亿元的安溪茶博汇二期项目预计明年6月投入使用，可新增就业岗位2000个。"
        "安溪县2023年位列全国百强县第58位。"
    )
    result = run(text, published=date(2024, 4, 12))
    assert figure(result, "36个").indicator == "projects_signed"
    assert figure(result, "210亿元").indicator == "investment_signed"
    planned = figure(result, "50亿元")
    assert planned.entity.name_zh == "安溪茶博汇二期项目"
    jobs = figure(result, "2000个")
    # the jobs a project will create are an attribute of the project: their clause states no
    # period, so none is inherited from the opening date in the clause before
    assert (jobs.indicator, jobs.kind, jobs.period.label) == ("jobs", "expected", None)
    rank = figure(result, "第58位")
    assert (rank.unit, rank.value, rank.indicator) == ("rank", Decimal(58), "economic_rank")
