"""The recogniser, one phenomenon at a time, on sentences written for these tests."""

from decimal import Decimal

import pytest

from app.extraction import Quantity, find_quantities


def measures(text: str) -> list[Quantity]:
    return [q for q in find_quantities(text) if q.role == "measure"]


def only(text: str) -> Quantity:
    found = measures(text)
    assert len(found) == 1, found
    return found[0]


def test_spans_index_the_original_text() -> None:
    text = "该县今年投入１２．５亿元，建成　3 座桥。"
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.surface


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全年实现地区生产总值1536亿元。", Decimal("153600000000"), "CNY"),
        ("签约资金3000万元。", Decimal("30000000"), "CNY"),
        ("投资2.1亿元人民币。", Decimal("210000000"), "CNY"),
        ("建筑面积70万平方米。", Decimal("700000"), "m2"),
        ("厂房面积8000㎡。", Decimal("8000"), "m2"),
        ("规划用地4500亩。", Decimal("4500"), "mu"),
        ("新建道路12公里。", Decimal("12"), "km"),
        ("绿道长12千米。", Decimal("12"), "km"),
        ("大桥长108米。", Decimal("108"), "m"),
        ("全年平均气温26℃。", Decimal("26"), "celsius"),
        ("气温最高达到38度。", Decimal("38"), "celsius"),
        ("完成率达85%。", Decimal("85"), "percent"),
        ("占比百分之八十五。", Decimal("85"), "percent"),
        ("提高了3个百分点。", Decimal("3"), "percentage_point"),
        ("参观者3万人。", Decimal("30000"), "person"),
        ("招聘员工300名。", Decimal("300"), "person"),
        ("新增企业45家。", Decimal("45"), "count"),
        ("建成厂房9栋。", Decimal("9"), "count"),
        ("跻身全国百强县第十四强。", Decimal("14"), "rank"),
        ("历时三个月。", Decimal("3"), "month"),
        ("坚持了十年。", Decimal("10"), "year"),
        ("运送货物两千吨。", Decimal("2000"), "t"),
    ],
)
def test_units_are_normalised(text: str, value: Decimal, unit: str) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit) == (value, unit)


def test_classifiers_are_kept_as_written() -> None:
    assert [q.counter for q in measures("建成5栋厂房、3座桥梁、12所学校。")] == ["栋", "座", "所"]


@pytest.mark.parametrize(
    ("text", "qualifier", "word"),
    [
        ("投入近3亿元。", "approx", "近"),
        ("约有200家企业。", "approx", "约"),
        ("投资50亿元左右。", "approx", "左右"),
        ("注册志愿者22万余人。", "approx", "余"),
        ("已投入6亿多元。", "approx", "多"),
        ("募集资金超32亿元。", "more_than", "超"),
        ("募集资金超过32亿元。", "more_than", "超过"),
        ("投资逾3亿元。", "more_than", "逾"),
        ("税收2亿元以上。", "more_than", "以上"),
        ("用时不到一个月。", "less_than", "不到"),
        ("成本不足5万元。", "less_than", "不足"),
        ("误差在3%以下。", "less_than", "以下"),
    ],
)
def test_qualifiers_are_kept(text: str, qualifier: str, word: str) -> None:
    quantity = only(text)
    assert (quantity.qualifier, quantity.qualifier_text) == (qualifier, word)


def test_a_bare_number_has_no_qualifier() -> None:
    assert only("投资80亿元。").qualifier is None


def test_a_list_gives_one_figure_per_item() -> None:
    found = measures("分别完成年度计划的20.83%、21.15%、21.34%。")
    assert [q.value for q in found] == [Decimal("20.83"), Decimal("21.15"), Decimal("21.34")]


def test_from_a_to_b_gives_two_figures() -> None:
    found = measures("产值从2012年的659亿元跃升到2021年的1500亿元。")
    assert [q.surface for q in found] == ["659亿元", "1500亿元"]


def test_dates_are_periods_not_measures() -> None:
    found = find_quantities("项目于2020年5月18日开工，1—2月完成投资。")
    assert {q.surface: q.role for q in found} == {
        "2020年": "date",
        "5月": "date",
        "18日": "date",
        "1": "date",
        "2月": "date",
    }


def test_a_year_count_is_a_duration_but_a_calendar_year_is_a_date() -> None:
    found = {q.surface: (q.role, q.unit) for q in find_quantities("十年来，2021年增长最快。")}
    assert found == {"十年": ("measure", "year"), "2021年": ("date", None)}


@pytest.mark.parametrize(
    "text",
    [
        "应对“0313”疫情。",  # a name
        "1号窑炉正在点火。",  # a label
        "泊位16#已投用。",
        "党的十八大以来。",
        "迈入千亿集群。",  # a scale used as an adjective
        "拨打13912345678咨询。",
        "详见 https://example.org/report?id=2020 页面。",
        "会议于10:30开始。",
        "采用3D打印技术。",
        "这是一切的开始。",
    ],
)
def test_names_labels_and_adjectives_are_not_measures(text: str) -> None:
    assert measures(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("全县共有两千三百家企业。", Decimal("2300")),
        ("增长一点五倍。", Decimal("150")),  # 倍 is a unit: 150 percent more
        ("耗资1,050万元。", Decimal("10500000")),
        ("九成企业复工。", Decimal("90")),
        ("上千人参加。", Decimal("1000")),
    ],
)
def test_mixed_and_chinese_numerals(text: str, value: Decimal) -> None:
    assert measures(text)[0].value == value


def test_spaces_and_non_breaking_spaces_between_number_and_unit() -> None:
    quantity = only("园区规划用地\xa04500\xa0亩。")
    assert (quantity.value, quantity.unit, quantity.surface) == (
        Decimal("4500"),
        "mu",
        "4500\xa0亩",
    )
