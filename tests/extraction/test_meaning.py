"""What a figure means on text the seed reports do not contain: its indicator, place and period."""

from datetime import date
from decimal import Decimal

from app.extraction.figures import Extraction, Figure, extract, indicator_name
from app.extraction.loader import Document
from app.services import reference


def run(
    text: str,
    published: date | None = date(2024, 7, 20),
    title: str = "测试",
    publisher: str | None = None,
    url: str | None = None,
) -> Extraction:
    document = Document(
        title=title, text=text, format="text", published=published, publisher=publisher, url=url
    )
    return extract(document, reference.catalogue(), reference.gazetteer())


def name(found: Figure) -> str:
    return indicator_name(found, reference.catalogue())


def one(result: Extraction, surface: str) -> Figure:
    matches = [f for f in result.figures if f.surface == surface]
    assert len(matches) == 1, [(f.surface, name(f)) for f in result.figures]
    return matches[0]


def test_growth_is_tied_to_what_grows_and_declines_are_negative() -> None:
    result = run(
        "上半年，宁远县实现地区生产总值120.5亿元，同比增长5.1%。其中，第一产业增加值"
        "15.2亿元，增长3.9%；第二产业增加值30.1亿元，下降6.6%。规上工业增加值增长-0.5%。"
    )
    assert name(one(result, "5.1%")) == "地区生产总值增速"
    assert name(one(result, "15.2亿元")) == "第一产业增加值"
    assert name(one(result, "3.9%")) == "第一产业增加值增速"
    decline = one(result, "6.6%")
    assert (name(decline), decline.value) == ("第二产业增加值增速", Decimal("-6.6"))
    signed = one(result, "-0.5%")
    assert (name(signed), signed.value) == ("规模以上工业增加值增速", Decimal("-0.5"))


def test_a_bare_modifier_takes_the_measure_of_its_sentence() -> None:
    result = run("1-5月，洪雅县固定资产投资增长9.7%，其中第一产业增长129.2%，第三产业下降1.8%。")
    assert name(one(result, "9.7%")) == "固定资产投资增速"
    assert name(one(result, "129.2%")) == "第一产业投资增速"
    third = one(result, "1.8%")
    assert (name(third), third.value) == ("第三产业投资增速", Decimal("-1.8"))


def test_lists_after_fenbie_name_each_item() -> None:
    result = run(
        "2023年，牟定县城镇、农村常住居民人均可支配收入分别为47197元、16135元，"
        "分别增长4%和8%。生猪、牛分别出栏6.4万头、1342头。"
    )
    assert name(one(result, "47197元")) == "城镇常住居民人均可支配收入"
    assert name(one(result, "16135元")) == "农村常住居民人均可支配收入"
    assert name(one(result, "8%")) == "农村常住居民人均可支配收入增速"
    assert name(one(result, "1342头")) == "牛出栏"


def test_sector_structure_is_three_shares() -> None:
    result = run("2023年，望江县三次产业结构由上年的17.3:41.2:41.5调整为17.8:39.3:42.9。")
    shares = [f for f in result.figures if f.unit == "percent"]
    assert [(name(f), f.value, f.period.start) for f in shares] == [
        ("第一产业增加值比重", Decimal("17.3"), date(2022, 1, 1)),
        ("第二产业增加值比重", Decimal("41.2"), date(2022, 1, 1)),
        ("第三产业增加值比重", Decimal("41.5"), date(2022, 1, 1)),
        ("第一产业增加值比重", Decimal("17.8"), date(2023, 1, 1)),
        ("第二产业增加值比重", Decimal("39.3"), date(2023, 1, 1)),
        ("第三产业增加值比重", Decimal("42.9"), date(2023, 1, 1)),
    ]


def test_gaps_changes_and_ranks_follow_the_rate_they_compare() -> None:
    result = run(
        "一季度，郏县规模以上工业增加值同比增长7.5%，高于全市平均1.6个百分点，"
        "较去年同期回落0.9个百分点，六县市排名第五。"
    )
    assert name(one(result, "1.6个百分点")) == "规模以上工业增加值增速差距"
    change = one(result, "0.9个百分点")
    assert (name(change), change.value, change.unit) == (
        "规模以上工业增加值增速变动",
        Decimal("-0.9"),
        "percentage_point",
    )
    rank = one(result, "第五")
    assert (name(rank), rank.unit, rank.value) == ("规模以上工业增加值增速排名", "rank", Decimal(5))


def test_a_figure_in_brackets_for_the_prefecture_belongs_to_it() -> None:
    result = run("一季度，郏县规模以上工业增加值同比增长7.5%(全市11.1%)。")
    city = one(result, "11.1%")
    assert (city.entity.name_zh, name(city)) == ("平顶山市", "规模以上工业增加值增速")
    assert one(result, "7.5%").entity.name_zh == "郏县"


def test_per_mille_and_percentage_points_keep_their_units() -> None:
    result = run("2021年，中站区人口出生率为6.39‰，城镇化率提高了1.2个百分点。")
    births = one(result, "6.39‰")
    assert (births.unit, births.value) == ("percent", Decimal("0.639"))
    assert one(result, "1.2个百分点").unit == "percentage_point"


def test_periods_cumulative_from_january_and_stocks_on_the_day() -> None:
    result = run(
        "截至9月底，罗山县重点项目完成投资167.1亿元。9月末，全县金融机构存款余额440亿元。",
        published=date(2021, 10, 10),
    )
    flow = one(result, "167.1亿元")
    assert (flow.period.start, flow.period.end) == (date(2021, 1, 1), date(2021, 9, 30))
    stock = one(result, "440亿元")
    assert (stock.period.start, stock.period.end) == (date(2021, 9, 30), date(2021, 9, 30))


def test_the_base_of_a_comparison_is_not_the_period() -> None:
    result = run("2023年，全县粮食产量30.4万吨，比上年增长0.6%。", published=date(2024, 3, 1))
    growth = one(result, "0.6%")
    assert (growth.period.start, growth.period.end) == (date(2023, 1, 1), date(2023, 12, 31))


def test_the_report_period_in_the_headline_governs_its_statistics() -> None:
    title = "浦北县2024年国民经济和社会发展统计公报"
    text = f"{title}\n\n一、农业\n\n全县粮食产量30.4万吨。年末生猪存栏14.4万头。"
    result = run(text, published=date(2025, 4, 2), title=title)
    grain = one(result, "30.4万吨")
    assert (grain.period.start, grain.period.end) == (date(2024, 1, 1), date(2024, 12, 31))
    pigs = one(result, "14.4万头")  # a stock at the end of the report's year, not of 2025
    assert (pigs.period.start, pigs.period.end) == (date(2024, 12, 31), date(2024, 12, 31))
    assert "2024" not in [f.surface for f in result.figures]  # the headline is not a figure


def test_project_attributes_have_no_period() -> None:
    result = run(
        "2023年，湖北惠聚新材料产业园项目开工建设，项目占地105亩，计划总投资12亿元。",
        published=date(2023, 5, 6),
    )
    for surface in ("105亩", "12亿元"):
        found = one(result, surface)
        assert found.entity.name_zh == "湖北惠聚新材料产业园项目"
        assert found.period.label is None, surface


def test_a_report_that_never_names_its_county_takes_it_from_its_site() -> None:
    text = "上半年，全县农林牧渔业实现总产值25.67亿元，同比增长8%。"
    result = run(text, url="http://anhua.gov.cn/16/17/19/content_1426853.html")
    assert one(result, "25.67亿元").entity.name_zh == "安化县"
    by_publisher = run(text, publisher="淳安县融媒体中心")
    assert by_publisher.main.name_zh == "淳安县"


def test_a_prefecture_level_city_resolves_to_itself() -> None:
    result = run("泉州市上半年实现地区生产总值5600亿元。泉州市下辖的南安市增长较快。")
    assert one(result, "5600亿元").entity.name_zh == "泉州市"


def test_a_renamed_division_is_found_by_its_short_name() -> None:
    result = run("2020年，宜州区地区生产总值增长3.1%。", published=date(2021, 4, 1))
    assert one(result, "3.1%").entity.admin_code == "451281"


def test_slogans_rhetoric_and_headlines_are_not_figures() -> None:
    text = (
        "南安打造“26℃之城”\n\n"
        "南安打造“26℃之城”，坚持四种经济、五对关系，写好两篇文章，全市新增企业120家。"
    )
    result = run(text, title="南安打造“26℃之城”")
    assert [f.surface for f in result.figures] == ["120家"]


def test_counts_that_spell_out_a_formula_are_not_figures() -> None:
    text = "“1+1+7+7”包括1支专业队伍、1张流程图、7个环节和7个机制。全市新增企业120家。"
    assert [f.surface for f in run(text).figures] == ["120家"]


def test_a_growth_list_after_a_fenbie_list_names_the_same_items() -> None:
    result = run(
        "2024年，饶阳县城乡居民可支配收入预计分别达到33810元、12403元，增长10%和14%；"
        "城镇、农村居民人均可支配收入分别为57731元、29465元，下降4.8%和5.2%。"
    )
    assert name(one(result, "10%")) == "城镇常住居民人均可支配收入增速"
    assert name(one(result, "14%")) == "农村常住居民人均可支配收入增速"
    fall = one(result, "5.2%")
    assert (name(fall), fall.value) == ("农村常住居民人均可支配收入增速", Decimal("-5.2"))


def test_sector_shares_contributions_and_pulls_in_fenbie_lists() -> None:
    result = run(
        "2023年，罗城县第一、二、三产业增加值占地区生产总值的比重分别为34.5%、22.1%和43.4%，"
        "对经济增长的贡献率分别为50.8%、23.4%和25.8%，分别拉动经济增长1.9、0.9和1.0个百分点。"
    )
    assert name(one(result, "22.1%")) == "第二产业增加值比重"
    assert name(one(result, "43.4%")) == "第三产业增加值比重"
    assert name(one(result, "23.4%")) == "第二产业对地区生产总值增长贡献率"
    assert name(one(result, "1.0个百分点")) == "第三产业拉动地区生产总值增长"


def test_a_name_in_brackets_and_a_gap_said_with_gaochu() -> None:
    result = run(
        "年末全县户籍总人口38.32万人，其中城镇户籍人口12.05万人，占总人口比重(户籍人口城镇化率)"
        "为31.44%，比上年末减少0.04个百分点。2024年全县地区生产总值同比增长6%，高出全市1.1个百分点。"
        "规模以上工业企业增加值同比增长10.2%。"
    )
    assert name(one(result, "31.44%")) == "户籍人口城镇化率"
    change = one(result, "0.04个百分点")
    assert (name(change), change.value) == ("户籍人口城镇化率变动", Decimal("-0.04"))
    gap = one(result, "1.1个百分点")
    assert (name(gap), gap.entity.kind) == ("地区生产总值增速差距", "county")
    assert name(one(result, "10.2%")) == "规模以上工业增加值增速"


def test_a_visited_company_and_a_county_wide_clause_in_a_project_sentence() -> None:
    result = run(
        "近日，走进南安亚陶汇生产车间，只见150多名工人奋战在各道生产工序上。\n\n"
        "南安市启动“城乡供水一体化”项目，拟投入30亿元，确保全市集中供水率达到95%以上。"
    )
    workers = one(result, "150多名")
    assert (workers.entity.name_zh, workers.entity.kind) == ("南安亚陶汇", "company")
    planned = one(result, "30亿元")
    assert (name(planned), planned.entity.name_zh) == ("计划总投资", "城乡供水一体化项目")
    assert one(result, "95%").entity.name_zh == "南安市"


def test_a_review_span_in_the_opening_does_not_govern_a_news_report() -> None:
    result = run(
        "发布会上，市委书记介绍了10年来南安经济社会发展所取得的亮眼成绩。\n\n"
        "全市各级慈善机构累计募集资金超32亿元，设有202个冠名基金。",
        published=date(2022, 7, 19),
    )
    assert one(result, "32亿元").period.label is None
    assert one(result, "202个").period.label is None


def test_a_length_is_not_completed_into_an_investment() -> None:
    result = run("实施园林绿化景观提升工程，投入近3亿元布建一批城镇公园，建设40公里绿廊绿道。")
    assert "投入" not in name(one(result, "40公里"))
    # 通过三年专项行动 frames the work: a duration named only from its topic is not a figure
    framed = run("启动城乡供水一体化项目，拟投入30亿元，通过三年专项行动，确保供水率达到95%。")
    assert [f.surface for f in framed.figures] == ["30亿元", "95%"]


def test_project_names_are_whole_and_anaphors_name_their_kind() -> None:
    result = run(
        "我区现场开工的湖北惠聚新材料产业园项目位于杨溪铺镇，项目占地105亩，由广东五全投资有限公司"
        "和湖北聚瑞源产业园区运营管理有限公司共同投资。项目建成后年产值10亿元。\n\n"
        "南昌长园金锂科技有限公司磷酸铁锂正极材料研发生产项目占地约350亩。"
    )
    assert one(result, "105亩").entity.name_zh == "湖北惠聚新材料产业园项目"
    assert one(result, "10亿元").entity.name_zh == "湖北惠聚新材料产业园项目"
    site = one(result, "350亩")
    assert (name(site), site.entity.name_zh) == (
        "占地面积",
        "南昌长园金锂科技有限公司磷酸铁锂正极材料研发生产项目",
    )


def test_a_counted_class_is_not_an_entity_and_a_named_part_stays_in_the_name() -> None:
    result = run(
        "北林区高标准打造现代农业科技示范园区26个，建成高标准农田186万亩。\n\n"
        "佛山禅城产业工业园区(东片)已入园企业53家。\n\n年末城镇登记失业率3.32%。"
    )
    assert one(result, "26个").entity.name_zh == "北林区"
    assert one(result, "186万亩").entity.name_zh == "北林区"
    assert one(result, "53家").entity.name_zh == "佛山禅城产业工业园区(东片)"
    assert one(result, "3.32%").entity.kind == "county"


def test_a_projects_yearly_capacity_and_figures_inside_its_name() -> None:
    result = run(
        "交城义望铁合金有限责任公司热态渣再利用年产10万吨无机纤维密度板材项目总投资2.5亿元。"
        "项目建成后可年产高纯石英管6000吨，已投资1.2亿元。"
    )
    project = "交城义望铁合金有限责任公司热态渣再利用年产10万吨无机纤维密度板材项目"
    inside = one(result, "10万吨")
    assert (name(inside), inside.entity.name_zh) == ("无机纤维密度板材年产能", project)
    planned = one(result, "2.5亿元")
    assert (name(planned), planned.entity.name_zh) == ("计划总投资", project)
    assert name(one(result, "6000吨")) == "高纯石英管年产能"
    assert name(one(result, "1.2亿元")) == "累计完成投资"


def test_bracketed_words_stay_in_names_and_list_labels_do_not() -> None:
    result = run(
        "(一)蒙牛乳业(曲靖)年产33万吨饮料及乳制品生产项目占地298亩。\n\n"
        "陆良南境颐养小镇规划占地3.44平方公里，计划总投资52亿元。"
    )
    assert one(result, "298亩").entity.name_zh == "蒙牛乳业(曲靖)年产33万吨饮料及乳制品生产项目"
    assert one(result, "52亿元").entity.name_zh == "陆良南境颐养小镇"


def test_a_stock_given_for_a_period_is_its_value_on_the_last_day() -> None:
    result = run(
        "2025年一季度，耀州区生猪存栏4.99万头，同比增长20.6%；规模以上工业增加值下降2.3%。"
        "一季度末，金融机构本外币各项存款余额442.8亿元。2024年末常住人口26.44万人。"
        "一季度投放创业担保贷款1303万元。"
    )
    pigs = one(result, "4.99万头")
    assert (pigs.period.start, pigs.period.end) == (date(2025, 3, 31), date(2025, 3, 31))
    assert one(result, "20.6%").period.start == date(2025, 3, 31)  # the stock's growth too
    industry = one(result, "2.3%").period  # a flow keeps the quarter
    assert (industry.start, industry.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert one(result, "442.8亿元").period.start == date(2025, 3, 31)
    assert one(result, "26.44万人").period.start == date(2024, 12, 31)
    assert one(result, "1303万元").period.start == date(2025, 1, 1)  # loans made: a flow


def test_yuan_zhi_jiu_yue_and_a_place_named_only_in_comparison() -> None:
    result = run(
        "前三季度，全县主要经济发展指标与比拼对象保康县比，增幅均领先。\n\n"
        "元至九月，全县完成生产总值56.7亿，增长7.5%。三季度综合排名全市第四，位居郧阳区、"
        "丹江口市、茅箭区之后。",
        published=date(2018, 11, 16),
        url="http://szb.jinrifangxian.com/content/2018-11/16/022258.html",
    )
    gdp = one(result, "56.7亿")
    assert (gdp.unit, name(gdp), gdp.entity.name_zh) == ("CNY", "地区生产总值", "房县")
    assert (gdp.period.start, gdp.period.end) == (date(2018, 1, 1), date(2018, 9, 30))


def test_a_work_report_reviews_the_year_before_it_is_delivered() -> None:
    text = "一、过去一年工作回顾\n\n夏县地区生产总值完成82.86亿元，增长2.5%。"
    titled = run(text, published=None, title="2024年夏县政府工作报告")
    assert one(titled, "82.86亿元").period.start == date(2023, 1, 1)
    december = run(
        text, published=date(2018, 12, 22), title="政府工作报告——2018年12月22日在建平县人代会上"
    )
    assert one(december, "82.86亿元").period.start == date(2018, 1, 1)


def test_table_rows_with_their_own_unit_and_a_generic_level_column() -> None:
    result = run(
        "东兴区2021年国民经济和社会发展统计公报\n\n表1 主要农产品产量\n\n"
        "品 名 | 2021年完成数 | 比2020年±% |\n"
        "粮食(吨) | 376207 | 1.2 |\n#稻谷(吨) | 147500 | 0.1 |\n\n"
        "表2 2021年地区生产总值\n\n指标 | 绝对额(万元) | 同比增长(%) |\n"
        "地区生产总值 | 7775365 | 5.7 |\n金融业 | 335768 | 7.0 |",
        title="东兴区2021年国民经济和社会发展统计公报",
    )
    grain = one(result, "376207")
    assert (name(grain), grain.unit, grain.value) == ("粮食产量", "t", Decimal(376207))
    assert name(one(result, "0.1")) == "稻谷产量增速"
    gdp = one(result, "7775365")
    assert (name(gdp), gdp.value) == ("地区生产总值", Decimal(77753650000))
    assert name(one(result, "7.0")) == "金融业增加值增速"


def test_products_weighed_are_outputs_and_common_short_forms_are_expanded() -> None:
    result = run(
        "一季度，耀州区水泥125万吨，增长1.5%；猪存栏4.99万头。出口13525万美元，增长3.6%。"
        "财政一般公共预算收入完成12.3亿元；规模工业增加值增长6.1%；全社会固定资产投资增长8%。"
        "地区生产总值逼近300亿元；民营经济增加值占地区生产总值比重56.4%。"
    )
    assert name(one(result, "125万吨")) == "水泥产量"
    assert name(one(result, "1.5%")) == "水泥产量增速"
    assert name(one(result, "4.99万头")) == "生猪存栏"
    assert name(one(result, "13525万美元")) == "出口总额"
    assert name(one(result, "12.3亿元")) == "一般公共预算收入"
    assert name(one(result, "6.1%")) == "规模以上工业增加值增速"
    assert one(result, "8%").indicator == "fixed_asset_investment_growth"
    near = one(result, "300亿元")
    assert (name(near), near.qualifier) == ("地区生产总值", "approx")
    assert name(one(result, "56.4%")) == "民营经济增加值比重"


def test_completed_investment_a_lone_day_and_gong_before_a_verb() -> None:
    result = run(
        "截9月底，全县133个重点项目，累计完成投资167.1亿元。五一期间，红色旅游景区共接待游客"
        "2.5万人次，其中一日游游客0.8万人次。"
    )
    assert name(one(result, "167.1亿元")) == "重点项目完成投资"
    assert name(one(result, "2.5万人次")) == "红色旅游景区接待游客人次"
    assert one(result, "0.8万人次").period.start is None  # 一日游 is no date


def test_size_classes_are_no_amounts_and_bare_areas_are_areas() -> None:
    result = run(
        "一季度，全县共签约项目18个，签约金额199.7亿元，其中20亿元项目2个。"
        "\n\n该项目拟租赁厂房10000平方米，建设期1年，带动就业1000人以上。"
    )
    assert [f.surface for f in result.figures if f.unit == "CNY"] == ["199.7亿元"]
    assert name(one(result, "10000平方米")) == "租赁厂房面积"
    assert name(one(result, "1年")) == "建设期"
    assert one(result, "1000人").indicator == "jobs"  # 带动就业人数, a catalogue alias


def test_project_totals_have_no_period_and_a_years_plan_is_the_year() -> None:
    result = run(
        "奉节县2023年一季度重点项目集中开工，共63个项目，总投资190亿元，年度计划投资45亿元。"
        "今年以来，全县新增市场主体1200户。",
        published=date(2023, 3, 3),
    )
    assert one(result, "190亿元").period.label is None
    plan = one(result, "45亿元").period
    assert (plan.start, plan.end) == (date(2023, 1, 1), date(2023, 12, 31))
    so_far = one(result, "1200户").period
    assert (so_far.start, so_far.end) == (date(2023, 1, 1), date(2023, 3, 3))


def test_counts_name_the_verb_and_the_manner_before_the_thing() -> None:
    result = run("活动现场，16家企业集中签约。全县重点工业项目已开工建设17个，开工率65%。")
    assert name(one(result, "16家")) == "集中签约企业数"
    assert name(one(result, "17个")) == "开工重点工业项目数"


def test_a_shared_site_pinyin_is_settled_by_what_the_report_calls_itself() -> None:
    text = "今年1-8月，全县实现规模以上工业增加值12.3亿元，全县固定资产投资增长9%。"
    result = run(text, url="https://www.wuhua.gov.cn/xxgk/sjfb/tjfx/content/post_317976.html")
    assert one(result, "12.3亿元").entity.name_zh == "五华县"  # not 昆明市五华区
    counted = run("山丹县加快推进养殖基地建设，目前5栋鸡舍地基工程完工。")
    assert one(counted, "5栋").entity.name_zh == "山丹县"  # 5栋鸡舍地基工程 is no project name


def test_what_a_counted_set_of_projects_has_together() -> None:
    result = run(
        "此次集中开工的63个项目，总投资190亿元，年度计划投资45亿元，预计年产值33.6亿元。"
        "其中，肉兔全产业链项目预计年出栏商品兔1000万只，该项目租赁厂房10000平方米，建设期1年。"
    )
    assert name(one(result, "63个")) == "集中开工项目数"
    assert name(one(result, "190亿元")) == "集中开工项目总投资"
    assert name(one(result, "45亿元")) == "集中开工项目年度计划投资"
    assert name(one(result, "33.6亿元")) == "集中开工项目年产值"
    assert name(one(result, "1000万只")) == "商品兔年出栏量"
    assert name(one(result, "10000平方米")) == "租赁厂房面积"  # not 建设期: an area is no duration


def test_the_place_of_a_dateline_is_not_the_reports_subject() -> None:
    result = run(
        "东北网黑河02月27日讯 孙吴县坚持产业规划引领。2014年，谋划产业项目105个。\n\n"
        "园区成为黑河国家农业科技园区重要的核心区之一。"
    )
    assert one(result, "105个").entity.name_zh == "孙吴县"


def test_an_opening_so_far_gives_way_to_the_statistics_own_period() -> None:
    result = run(
        "今年以来，全区上下认真落实各项稳增长举措，前三季度\n\n全区经济运行稳中有进\n\n"
        "西山区地区生产总值为769.36亿元，同比增长1.6%。",
        published=date(2023, 12, 4),
        title="",
    )
    gdp = one(result, "769.36亿元").period
    assert (gdp.start, gdp.end) == (date(2023, 1, 1), date(2023, 9, 30))


def test_a_prefectures_site_reporting_on_one_of_its_counties() -> None:
    result = run(
        "东北网黑河02月27日讯 孙吴县坚持产业规划引领。2014年，谋划产业项目105个。",
        url="http://heihe.dbw.cn/system/2015/02/27/056358001.shtml",
    )
    assert one(result, "105个").entity.name_zh == "孙吴县"


def test_the_county_is_the_subject_again_and_a_set_is_not_its_examples() -> None:
    result = run(
        "5月12日，平泉县冀东特种水泥建设项目、承德亮达国际酒店综合开发项目等18个重点项目集中开工。"
        "承德亮达国际酒店综合开发项目总投资5亿元。\n\n"
        "据了解，今年一季度，该县谋划了投资千万元以上项目267个。"
    )
    assert one(result, "18个").entity.name_zh == "平泉县"
    assert one(result, "5亿元").entity.name_zh == "承德亮达国际酒店综合开发项目"
    assert one(result, "267个").entity.name_zh == "平泉县"


def test_an_aside_on_the_prefecture_does_not_carry_over() -> None:
    result = run(
        "一季度，郏县规模以上工业增加值同比增长7.5%(全市11.1%)，较去年同期回落0.9个百分点，"
        "六县市排名第五。"
    )
    assert one(result, "11.1%").entity.kind == "prefecture"
    assert one(result, "0.9个百分点").entity.name_zh == "郏县"
    assert one(result, "第五").entity.name_zh == "郏县"


def test_parts_of_a_total_and_common_spellings() -> None:
    result = run(
        "1-8月，全县固定资产投资增长9.1%，其中项目投资增长8.2%。农林牧渔业总产值25亿元，其中农业"
        "12亿元。地方公共预算收入3.2亿元。金融机构本外币各项存款余额120亿元。"
        "全县城乡居民人均可支配收入15000元。"
    )
    assert name(one(result, "8.2%")) == "项目投资增速"
    assert name(one(result, "12亿元")) == "农业产值"
    assert name(one(result, "3.2亿元")) == "一般公共预算收入"
    assert name(one(result, "120亿元")) == "金融机构本外币存款余额"
    assert name(one(result, "15000元")) == "居民人均可支配收入"


def test_list_items_split_on_the_comma_and_keep_their_own_conjunctions() -> None:
    result = run(
        "2020年，食品烟酒、衣着、居住、生活用品及服务、交通和通信价格分别上涨3.1%、2.2%、1.5%、"
        "0.8%和-1.1%。第一、二、三次产业对经济增长的贡献率分别为12.0%、19.0%和69.0%。"
        "第二产业增加值比重提升1.2个百分点。"
    )
    assert name(one(result, "1.5%")) == "居住价格增速"
    assert name(one(result, "0.8%")) == "生活用品及服务价格增速"
    assert name(one(result, "-1.1%")) == "交通和通信价格增速"
    assert name(one(result, "19.0%")) == "第二产业对地区生产总值增长贡献率"
    assert name(one(result, "1.2个百分点")) == "第二产业增加值比重变动"


def test_a_rate_of_a_class_of_projects_keeps_the_class() -> None:
    result = run("全市重点工业建设项目开工复工率为62.5%。某某产业园项目总投资5亿元。")
    assert name(one(result, "62.5%")) == "重点工业建设项目开工复工率"
    planned = one(result, "5亿元")
    assert (name(planned), planned.entity.name_zh) == ("计划总投资", "某某产业园项目")


def test_times_electricity_a_dot_typed_for_a_point_and_a_ratio_called_比例() -> None:
    result = run(
        "1-8月，房地产行业投资增长2.9倍。发电量13.56亿度。医疗保健类价格上涨1·8%。"
        "上半年三产比例为:25:28:47。"
    )
    times = one(result, "2.9倍")
    assert (times.value, times.unit) == (Decimal("290.0"), "percent")
    assert name(times) == "房地产行业投资增速"
    power = one(result, "13.56亿度")
    assert (power.value, power.unit) == (Decimal("1356000000.00"), "kWh")
    assert one(result, "1·8%").value == Decimal("1.8")
    assert name(one(result, "47")) == "第三产业增加值比重"


def test_a_table_whose_cells_carry_units_under_a_header_without_a_label_cell() -> None:
    result = run(
        "子洲县2023年国民经济和社会发展统计公报\n\n主要产品产量\n\n"
        "| 2023年 | 较上年增长(%) |\n粮食总产量 | 162817吨 | 0.5 |\n其中:谷物 | 97658吨 | -9.7 |",
        title="子洲县2023年国民经济和社会发展统计公报",
    )
    grain = one(result, "162817吨")
    assert (name(grain), grain.unit) == ("粮食产量", "t")
    cereal = one(result, "-9.7")
    assert (name(cereal), cereal.value) == ("谷物产量增速", Decimal("-9.7"))


def test_months_after_the_publication_are_last_years_unless_planned() -> None:
    result = run(
        "1-12月，沁水县重点工程项目完成投资77.57亿元，年度计划投资63.27亿元。"
        "预计到6月底完成投资10亿元。",
        published=date(2022, 1, 21),
    )
    done = one(result, "77.57亿元").period
    assert (done.start, done.end) == (date(2021, 1, 1), date(2021, 12, 31))
    plan = one(result, "63.27亿元").period
    assert (plan.start, plan.end, plan.label is not None) == (
        date(2021, 1, 1),
        date(2021, 12, 31),
        True,
    )
    assert one(result, "10亿元").period.end == date(2022, 6, 30)


def test_a_size_class_stays_in_the_name_of_what_it_counts() -> None:
    result = run(
        "全年成功招引亿元以上项目27个，其中10亿元以上制造业项目5个。一季度签约20亿元项目2个。"
        "总投资10亿元的新建项目开工。"
    )
    assert name(one(result, "5个")) == "10亿元以上制造业项目数"
    assert name(one(result, "2个")) == "签约20亿元项目数"
    assert [f.surface for f in result.figures if f.unit == "CNY"] == ["10亿元"]  # an amount


def test_sessions_and_ranked_classes_of_companies_are_not_figures() -> None:
    result = run(
        "——2024年1月18日在牟定县第十八届人民代表大会第三次会议上。现在，我代表十八届县人民政府"
        "报告工作。成功引进世界500强企业吉利控股集团。2021年牟定县跻身全国县域十四 强。"
    )
    assert [f.surface for f in result.figures] == ["十四 强"]


def test_ordinals_double_digits_and_elliptical_size_classes_are_not_figures() -> None:
    result = run(
        "全市第5轮第6次重点项目现场观摩活动举行。规模以上工业增加值实现两位数增长。"
        "成功招引亿元以上项目27个，其中3亿元以上17个。"
    )
    assert [f.surface for f in result.figures] == ["27个", "17个"]
