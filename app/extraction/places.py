"""The place a report is about when its text never names it: its publisher, then its site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from app.extraction.catalogue import Gazetteer, Place
from app.extraction.loader import Document

_GENERIC_HOST_LABELS = {"www", "m", "wap", "news", "gov", "com", "cn", "net", "org", "html"}


def report_place(document: Document, gazetteer: Gazetteer) -> Place | None:
    """A division named in full by the publisher (淳安县融媒体中心), else the one whose pinyin is
    a label of the report's host name (luoshan.gov.cn), disambiguated by the provinces and
    prefectures the text names."""
    if document.publisher:
        named = [
            p for p in gazetteer.places if len(p.name_zh) >= 3 and p.name_zh in document.publisher
        ]
        if named:
            return max(named, key=lambda p: len(p.name_zh))
    if not document.url:
        return None
    host = urlsplit(document.url).hostname or ""
    labels = [label for label in host.split(".") if label not in _GENERIC_HOST_LABELS]
    for label in labels:
        candidates = [
            p
            for p in gazetteer.places
            if p.kind in ("county", "prefecture")
            and _names_host(re.sub(r"-\d+$", "", p.slug), label)
        ]
        if len(candidates) > 1:
            named = [c for c in candidates if _parent_named(c, document.text, gazetteer)]
            candidates = named or [
                c for c in candidates if c.name_zh.endswith(_self(document.text))
            ]
        if len(candidates) == 1:
            return candidates[0]
    return None


def _self(text: str) -> str:
    """What a report calls itself: 全县/我县 → 县, 全区 → 区 (五华县 is not 五华区)."""
    counts = {kind: len(re.findall(f"[全我本该]{kind}", text)) for kind in "县区市旗"}
    return max(counts, key=lambda kind: counts[kind])


def _names_host(pinyin: str, label: str) -> bool:
    """luoshan for luoshan.gov.cn; a long pinyin also inside a label (szb.jinrifangxian.com)."""
    return pinyin == label or (len(pinyin) >= 7 and pinyin in label)


def _parent_named(place: Place, text: str, gazetteer: Gazetteer) -> bool:
    parent = gazetteer.by_code.get(place.parent_code or "")
    while parent is not None:
        if parent.short_name in text:
            return True
        parent = gazetteer.by_code.get(parent.parent_code or "")
    return False
