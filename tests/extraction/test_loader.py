from datetime import date

import pytest

from app.extraction.loader import ReportError, decode, detect_format, load

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
        ("某县".encode("gbk"), "not valid UTF-8"),
    ],
)
def test_unreadable_bytes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        decode(data)


@pytest.mark.parametrize("raw", ["", "   \n\n", "我要收藏\n3个赞\n"])
def test_an_empty_body_is_refused(raw: str) -> None:
    with pytest.raises(ReportError):
        load(raw)


def test_the_sha256_is_of_the_stored_text() -> None:
    import hashlib

    document = load(PLAIN)
    assert document.sha256 == hashlib.sha256(document.text.encode()).hexdigest()
