"""Read a report (plain text, HTML, or Markdown with YAML front matter) into a `Document`.

The body kept here is the text every span indexes; metadata comes from front matter, HTML meta
tags, or lines such as "文章来源：泉州晚报". Site chrome (navigation, share buttons, copyright
footers) is dropped by the patterns in `chrome.yaml`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Literal

import yaml
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from app.datafiles import package_file, plain

Format = Literal["text", "html", "markdown"]

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_HTML_HINT = re.compile(r"<(p|div|html|body|article|br|span|h[1-6])[\s>/]", re.I)
_URL = re.compile(r"https?://[^\s<>\"'）)\]]+")
_SENTENCE_END = re.compile(r"[。！？!?]")
_TABLE_ROW = re.compile(r"^\s*\|?[^|\n]*\|[^|\n]*\|.*\d")  # a table row with figures in it
_BLOCK_TAGS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td"


class ReportError(ValueError):
    """The report cannot be read: binary, not text, or no body left."""


class UnsupportedFormat(ReportError):
    """A document format the parser does not read (yet): PDF, Word."""


# Documents people send that are not text, by their first bytes.
SIGNATURES = {
    b"%PDF-": "a PDF file",
    b"PK\x03\x04": "a Word (.docx) or other ZIP file",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "a Word 97-2003 (.doc) file",
    b"{\\rtf": "an RTF file",
}
# Besides UTF-8, the encodings Chinese reports come in: GB18030 (a superset of GBK and GB2312)
# on the mainland, Big5 in Hong Kong and Taiwan.
CHINESE_ENCODINGS = ("gb18030", "big5")


@dataclass(frozen=True)
class Document:
    title: str
    text: str
    format: Format
    publisher: str | None = None
    url: str | None = None
    published: date | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Chrome:
    drop: tuple[re.Pattern[str], ...]
    publisher: tuple[re.Pattern[str], ...]
    published: tuple[re.Pattern[str], ...]


@cache
def _chrome() -> _Chrome:
    raw = plain(package_file("chrome.yaml"))
    return _Chrome(
        drop=tuple(re.compile(p) for p in raw["drop"]),
        publisher=tuple(re.compile(p) for p in raw["publisher"]),
        published=tuple(re.compile(p) for p in raw["published"]),
    )


def decode(data: bytes, declared: str | None = None) -> str:
    """The report's text: UTF-8 (a BOM is allowed), the `declared` charset, or GB18030 or Big5
    as charset-normalizer tells them apart. Anything else is refused with a clear reason."""
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            raise UnsupportedFormat(
                f"{kind} is not supported yet; send the report's text (UTF-8, GB18030/GBK or "
                "Big5) or its HTML page"
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 byte order mark
        declared = "utf-16"
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ReportError(f"the report is not valid {declared}: {exc}") from exc
    if b"\x00" in data[:8192]:
        raise ReportError("the report looks binary (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
        if best is None:
            raise ReportError(
                f"the report is not text in UTF-8, GB18030/GBK or Big5 (byte {exc.start} is "
                "not UTF-8); convert it to UTF-8"
            ) from exc
        return str(best)


def detect_format(raw: str) -> Format:
    if _FRONT_MATTER.match(raw):
        return "markdown"
    if _HTML_HINT.search(raw[:5000]):
        return "html"
    return "text"


def _clean(line: str) -> str:
    return re.sub(r"[ \t\u3000\xa0]+$", "", line.replace("\r", "")).strip("\ufeff")


def _is_chrome(line: str) -> bool:
    return any(p.search(line.strip()) for p in _chrome().drop)


def _first(patterns: tuple[re.Pattern[str], ...], lines: list[str]) -> re.Match[str] | None:
    """The first line matching the first pattern that matches anywhere (patterns by priority)."""
    for pattern in patterns:
        for line in lines:
            if match := pattern.search(line):
                return match
    return None


def _date_from(match: re.Match[str] | None) -> date | None:
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return _date_from(_chrome().published[0].search(value))
    return None


def _publisher(lines: list[str]) -> str | None:
    match = _first(_chrome().publisher, lines)
    return match.group(1).strip("（()）:：") if match else None


def _paragraphs_from_html(html: str) -> tuple[list[str], HTMLParser]:
    tree = HTMLParser(html)
    for node in tree.css("script, style, nav, header, footer, aside, form, noscript, iframe"):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    blocks = root.css(_BLOCK_TAGS) if root is not None else []
    paragraphs = [re.sub(r"\s+", " ", b.text(separator="")).strip() for b in blocks]
    if not any(paragraphs) and root is not None:
        paragraphs = [line.strip() for line in root.text(separator="\n").splitlines()]
    return [p for p in paragraphs if p], tree


def _split_body(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop chrome lines; the footer is what follows the last line that ends a sentence."""
    kept = [line for line in lines if line.strip() and not _is_chrome(line)]
    last_sentence = max(
        (i for i, line in enumerate(kept) if _SENTENCE_END.search(line) or _TABLE_ROW.match(line)),
        default=len(kept) - 1,
    )
    body, footer = kept[: last_sentence + 1], kept[last_sentence + 1 :]
    # a trailing line that is only a link stays as metadata, not body
    return body, footer


def _title_from_text(body: list[str]) -> str | None:
    for line in body[:3]:
        if 6 <= len(line) <= 80 and not _SENTENCE_END.search(line[-1:]):
            return line
    return None


def load(raw: str, *, fmt: Format | None = None, name: str = "report") -> Document:
    """Parse a report's text; `name` is used only in error messages."""
    if not raw.strip():
        raise ReportError(f"{name} is empty")
    if "\x00" in raw:
        raise ReportError(f"{name} contains NUL characters; it looks binary")
    fmt = fmt or detect_format(raw)
    meta: dict[str, Any] = {}
    rest = raw
    if fmt == "markdown" and (fm := _FRONT_MATTER.match(raw)):
        try:
            loaded = yaml.safe_load(fm.group(1)) or {}
        except yaml.YAMLError as exc:
            raise ReportError(f"{name}: unreadable YAML front matter: {exc}") from exc
        meta = loaded if isinstance(loaded, dict) else {}
        rest = raw[fm.end() :]
    all_lines = [_clean(line) for line in rest.splitlines()]
    title = str(meta["title"]).strip() if meta.get("title") else None
    text_lines = all_lines
    if fmt == "text":
        body, footer = _split_body(all_lines)
        title = title or _title_from_text(body)
        html_title = None
    else:
        paragraphs, tree = _paragraphs_from_html(rest)
        text_lines = paragraphs + [line for line in all_lines if "<" not in line]
        body, footer = _split_body(paragraphs)
        head = tree.css_first("title") or tree.css_first("h1")
        html_title = head.text().strip() if head is not None else None
        title = title or html_title
        for selector in ('meta[property="og:url"]', 'link[rel="canonical"]'):
            node = tree.css_first(selector)
            if node is not None:
                meta.setdefault(
                    "url", node.attributes.get("content") or node.attributes.get("href")
                )
        for selector in ('meta[property="article:published_time"]', 'meta[name="pubdate"]'):
            node = tree.css_first(selector)
            if node is not None:
                meta.setdefault("date", node.attributes.get("content"))
    publisher = meta.get("publisher") or meta.get("source") or _publisher(text_lines)
    # the publisher line itself is metadata, not body
    body = [
        line for line in body if not re.fullmatch(r"[（(]?(?:文章|稿件)?来源[:：].*?[)）]?", line)
    ]
    if not body:
        raise ReportError(f"{name} has no readable body text")
    if title and body[0] != title:
        body.insert(0, title)
    url = meta.get("url") or meta.get("link") or _url_from(footer + all_lines)
    # a dateline is a short line or says what it is (发布时间): 现将2020年11月1日零时…公布如下
    # is the census's reference day, not the day of publication
    datelines = [
        line for line in all_lines[:8] if len(line) <= 40 or re.search("发布|时间|日期", line)
    ]
    published = _as_date(meta.get("date") or meta.get("published")) or _date_from(
        _first(_chrome().published, datelines)
    )
    if published is None and url and (published := _date_in_url(str(url))):
        meta = {**meta, "published_from": "url"}  # approximate: the day may be the 1st
    return Document(
        title=title or body[0][:80],
        text="\n\n".join(body),
        format=fmt,
        publisher=str(publisher) if publisher else None,
        url=str(url) if url else None,
        published=published,
        metadata={k: v for k, v in meta.items() if isinstance(v, str | int | float | bool)},
    )


_URL_DATE = re.compile(
    r"[/_t](20\d{2})[/-]?(0[1-9]|1[0-2])(?:[/-]?(0[1-9]|[12]\d|3[01]))?(?=[/_.]|\d{3,}|$)"
)


def _date_in_url(url: str) -> date | None:
    """…/202504/881077.html, …/t20230726_2908449.htm, …/2025/08/01/…: when the page was
    filed, for a report that states no date of its own (the year anchors 一季度)."""
    path = url.split("://", 1)[-1].partition("/")[2]
    matches = list(_URL_DATE.finditer("/" + path))
    match = next((m for m in matches if m.group(3)), matches[0] if matches else None)
    if match is None:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3) or "1"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _url_from(lines: list[str]) -> str | None:
    """A line that is only a link (<http://...> or a bare URL) names the original article."""
    for line in lines:
        stripped = line.strip().strip("<>")
        if _URL.fullmatch(stripped):
            return stripped
    return None


def load_bytes(data: bytes, *, fmt: Format | None = None, name: str = "report") -> Document:
    try:
        text = decode(data)
    except ReportError as exc:
        raise type(exc)(f"{name}: {exc}") from exc
    return load(text, fmt=fmt, name=name)
