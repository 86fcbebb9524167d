"""The scorer: what counts as found, and which aspects of a found figure are right."""

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.evaluation import CorpusError, evaluate, load_corpus, parse_period
from app.services import reference

REPORT = """---
title: 测试县2023年统计公报
date: 2024-03-01
---
2023年，永春县实现地区生产总值356.8亿元，同比增长6.2%。全县粮食产量12万吨。
"""

ANNOTATIONS = """
place: 永春县
figures:
  - text: 356.8亿元
    context: 实现地区生产总值356.8亿元
    value: 35680000000
    unit: CNY
    qualifier: exact
    indicator: 地区生产总值
    place: 永春县
    period: "2023"
  - text: 6.2%
    context: 同比增长6.2%
    value: 6.2
    unit: percent
    qualifier: exact
    indicator: GDP增长率
    place: 永春县
    period: "2022"
  - text: 7.7%
    context: 7.7%
    value: 7.7
    unit: percent
    qualifier: exact
    indicator: 不存在的增速
    place: 永春县
    period: null
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(ANNOTATIONS.replace("  - text: 7.7%", "  - text: X"), "utf-8")
    return tmp_path


def test_periods_are_read_in_every_written_form() -> None:
    assert parse_period("2023-Q3") == (date(2023, 7, 1), date(2023, 9, 30))
    assert parse_period("2023-H1") == (date(2023, 1, 1), date(2023, 6, 30))
    assert parse_period("2023-01..2023-04") == (date(2023, 1, 1), date(2023, 4, 30))
    assert parse_period("2012..2021") == (date(2012, 1, 1), date(2021, 12, 31))
    assert parse_period("2020-11-01") == (date(2020, 11, 1), date(2020, 11, 1))
    assert parse_period(None) is None
    with pytest.raises(CorpusError):
        parse_period("spring")


def test_an_annotation_that_is_not_in_the_report_is_refused(corpus: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(corpus)


def test_found_figures_are_judged_aspect_by_aspect(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(REPORT, encoding="utf-8")
    kept = ANNOTATIONS.split("  - text: 7.7%")[0]
    (tmp_path / "a.yaml").write_text(kept, encoding="utf-8")
    [score], total = evaluate(load_corpus(tmp_path), reference.catalogue(), reference.gazetteer())
    # the parser reports three figures (GDP, its growth, grain); two are annotated and found
    assert (score.annotated, score.found, score.reported) == (2, 2, 3)
    assert score.recall == 1.0 and round(score.precision, 3) == 0.667
    # GDP增长率 is another spelling of 地区生产总值增速; the annotated period 2022 is wrong
    assert score.right["indicator"] == 2
    assert score.right["period"] == 1
    assert score.meaning == 1 and total.meaning_rate == 0.5


def test_county_eval_prints_totals_and_refuses_a_bad_corpus(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "a.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(ANNOTATIONS.split("  - text: 7.7%")[0], encoding="utf-8")
    shown = runner.invoke(cli, ["eval", str(tmp_path), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert '"report": "total"' in shown.output and '"meaning": 0.5' in shown.output
    (tmp_path / "b.yaml").write_text("figures:\n  - text: 1\n", encoding="utf-8")
    refused = runner.invoke(cli, ["eval", str(tmp_path)])
    assert refused.exit_code == 1
    assert "no report beside it" in refused.output and "Traceback" not in refused.output


def test_an_alias_the_catalogue_lists_is_the_same_indicator(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: 某项目开工\ndate: 2024-03-01\n---\n永春县某某产业园项目总投资5亿元，"
        "建成后可带动就业300人。\n",
        encoding="utf-8",
    )
    gold = ANNOTATIONS.split("figures:")[0] + (
        "figures:\n  - text: 300人\n    context: 带动就业300人\n    value: 300\n    unit: person\n"
        "    qualifier: exact\n    indicator: 带动就业人数\n    place: 某某产业园项目\n"
        "    period: null\n"
    )
    (tmp_path / "a.yaml").write_text(gold, encoding="utf-8")
    [score], _ = evaluate(load_corpus(tmp_path), reference.catalogue(), reference.gazetteer())
    # the parser names it by the catalogue's 就业岗位数 (code jobs), which lists 带动就业人数
    [(_, figure)] = score.matched
    assert figure.indicator == "jobs"
    assert score.right["indicator"] == 1
