import re
from datetime import date

import pytest

from app.extraction.loader import (
    ReportError,
    UnsupportedFormat,
    decode,
    detect_format,
    load,
    load_bytes,
)

PLAIN = """欢迎光临某某新闻网!

当前位置: 首页 > 经济

某县经济运行稳中向好

某县今年一季度实现地区生产总值120亿元，同比增长6.5%。

（文章来源：某某日报）
我要收藏
3个赞
Copyright 2003-2024 by 某某新闻网 All Right Reserved.
"""

MARKDOWN = """---
title: "县域经济观察"
date: 2023-04-05 08:00:00 +0800
---
<p>全县新增市场主体1200户。</p>
 <p class="em_media">（文章来源：某某晚报）</p>

<https://news.example.org/article/42>

[返回首页](//news.example.org/)
"""

HTML = """<html><head><title>园区建设提速</title>
<meta property="og:url" content="https://example.org/p/7">
<meta property="article:published_time" content="2024-03-01T09:00:00+08:00"></head>
<body><nav>首页 | 新闻</nav><article><h1>园区建设提速</h1>
<p>园区已建成厂房12栋。</p><p>来源：某某县融媒体中心</p></article>
<footer>版权所有 © 某某县</footer></body></html>"""


def test_plain_text_drops_site_chrome_and_finds_metadata() -> None:
    document = load(PLAIN)
    assert document.format == "text"
    assert document.title == "某县经济运行稳中向好"
    assert document.publisher == "某某日报"
    assert "欢迎光临" not in document.text and "Copyright" not in document.text
    assert "个赞" not in document.text and "我要收藏" not in document.text
    assert "120亿元" in document.text


def test_markdown_front_matter_gives_title_date_and_the_link_line_the_url() -> None:
    document = load(MARKDOWN)
    assert document.format == "markdown"
    assert document.title == "县域经济观察"
    assert document.published == date(2023, 4, 5)
    assert document.publisher == "某某晚报"
    assert document.url == "https://news.example.org/article/42"
    assert "返回首页" not in document.text and "<p>" not in document.text


def test_html_uses_meta_tags_and_the_article() -> None:
    document = load(HTML)
    assert document.format == "html"
    assert (document.title, document.url) == ("园区建设提速", "https://example.org/p/7")
    assert document.published == date(2024, 3, 1)
    assert document.publisher == "某某县融媒体中心"
    assert "厂房12栋" in document.text and "首页 | 新闻" not in document.text
    assert "版权所有" not in document.text


def test_a_report_without_a_url_has_none() -> None:
    assert load(PLAIN).url is None


def test_detect_format() -> None:
    assert detect_format(MARKDOWN) == "markdown"
    assert detect_format(HTML) == "html"
    assert detect_format(PLAIN) == "text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (bytes(range(128, 256)) * 4, "not text in UTF-8, GB18030/GBK or Big5"),
        ("某县".encode("gbk"), "not valid utf-16"),
    ],
)
def test_unreadable_bytes_are_refused(data: bytes, message: str) -> None:
    declared = "utf-16" if message.endswith("utf-16") else None
    with pytest.raises(ReportError, match=message):
        decode(data, declared)


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "Word (.docx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Word 97-2003"),
    ],
)
def test_pdf_and_word_are_named_as_not_supported_yet(data: bytes, named: str) -> None:
    with pytest.raises(UnsupportedFormat, match=f"{re.escape(named)}.*not supported yet"):
        decode(data)


SIMPLIFIED = "南安市2021年实现地区生产总值1205亿元，同比增长8.1%。全市常住人口152万人。\n"
TRADITIONAL = "南安市2021年實現地區生產總值1205億元，同比增長8.1%。全市常住人口152萬人。\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(SIMPLIFIED, "gbk"), (SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5"), (SIMPLIFIED, "utf-16")],
)
def test_chinese_encodings_read_like_their_utf8_copies(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if encoding == "utf-16":  # known by its byte order mark, or when declared
        assert decode(data) == decode(data, "utf-16") == text
        return
    assert decode(data) == text == decode(text.encode("utf-8"))
    assert load_bytes(data).text == load_bytes(text.encode("utf-8")).text


@pytest.mark.parametrize("raw", ["", "   \n\n", "我要收藏\n3个赞\n"])
def test_an_empty_body_is_refused(raw: str) -> None:
    with pytest.raises(ReportError):
        load(raw)


def test_the_sha256_is_of_the_stored_text() -> None:
    import hashlib

    document = load(PLAIN)
    assert document.sha256 == hashlib.sha256(document.text.encode()).hexdigest()


def test_a_date_inside_the_first_sentence_is_not_a_dateline() -> None:
    census = load_bytes(
        "某县第七次全国人口普查公报\n\n根据第七次全国人口普查结果，现将2020年11月1日零时"
        "我县人口的基本情况公布如下：\n\n全县常住人口260971人。".encode(),
        fmt="text",
    )
    assert census.published is None
    dated = load_bytes("某县经济运行\n\n发布时间：2023-07-26\n\n全县地区生产总值120亿元。".encode())
    assert dated.published == date(2023, 7, 26)


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://www.example.gov.cn/tjxx/202504/881077.html", date(2025, 4, 1)),
        ("http://qzfz.gov.cn/zwgk/tjfx/202307/t20230726_2908449.htm", date(2023, 7, 26)),
        ("http://dsnews.zjol.com.cn/system/2025/08/01/035018506.shtml", date(2025, 8, 1)),
        ("http://yunyang.cjyun.org/p/30395.html", None),
    ],
)
def test_a_report_without_a_date_takes_it_from_its_url(url: str, day: date | None) -> None:
    text = f"---\ntitle: 一季度经济运行情况\nurl: {url}\n---\n一季度，全县地区生产总值38.87亿元。"
    document = load_bytes(text.encode(), fmt="markdown")
    assert document.published == day
    assert (document.metadata.get("published_from") == "url") == (day is not None)
