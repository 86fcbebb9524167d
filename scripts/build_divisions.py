"""Build seed/divisions.csv from the cpca package's adcode table (MIT licence).

Run once when the table needs refreshing: `pip download --no-deps cpca`, unzip the wheel and
`python scripts/build_divisions.py path/to/cpca/resources/adcodes.csv`.
"""

import csv
import sys
from collections import Counter
from pathlib import Path

from pypinyin import Style, lazy_pinyin

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SUFFIXES = (
    "自治县",
    "自治州",
    "自治区",
    "地区",
    "林区",
    "特区",
    "新区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)


def core(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def english(name: str) -> str:
    syllables = lazy_pinyin(core(name), style=Style.NORMAL)
    out = ""
    for i, syllable in enumerate(syllables):
        if i and syllable[:1] in "aoe":
            out += "'"
        out += syllable
    return out.capitalize()


def main(source: str) -> None:
    rows = {}
    with open(source, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["adcode"][:6]
            if row["name"] in PLACEHOLDERS:
                continue
            if code.endswith("0000"):
                kind = "province"
            elif code.endswith("00"):
                kind = "prefecture"
            else:
                kind = "county"
            rows[code] = {"code": code, "name_zh": row["name"], "kind": kind}
    for code, row in rows.items():
        parent = ""
        if row["kind"] == "county":
            parent = code[:4] + "00" if code[:4] + "00" in rows else code[:2] + "0000"
        elif row["kind"] == "prefecture":
            parent = code[:2] + "0000"
        row["parent_code"] = parent if parent in rows else ""
        row["name_en"] = english(row["name_zh"])
        row["slug"] = "".join(lazy_pinyin(core(row["name_zh"]))).lower().replace("ü", "v")
    clashes = Counter(row["slug"] for row in rows.values())
    for code, row in rows.items():
        if clashes[row["slug"]] > 1:
            row["slug"] = f"{row['slug']}-{code}"
    out = Path(__file__).resolve().parent.parent / "seed" / "divisions.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        fields = ["code", "slug", "kind", "name_zh", "name_en", "parent_code"]
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for code in sorted(rows):
            writer.writerow({f: rows[code][f] for f in fields})


if __name__ == "__main__":
    main(sys.argv[1])
