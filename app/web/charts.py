"""Charts rendered on the server as SVG (pygal): no script, no CDN, readable offline."""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

from app.web.figures import Figure

FONTS = (
    'system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", '
    '"Microsoft YaHei", sans-serif'
)
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#ccc",
    colors=("#b5462f",),
    font_family=FONTS,
    value_font_family=FONTS,
    label_font_family=FONTS,
    major_label_font_family=FONTS,
    title_font_family=FONTS,
    value_font_size=15,
    label_font_size=14,
    major_label_font_size=14,
)


def bar_chart(
    chart_id: str, title: str, labels: list[str], points: list[tuple[float, Figure]]
) -> str:
    """A bar per period; each bar is labelled with the figure as shown and links to its
    sentence in our stored copy of the report."""
    chart = pygal.Bar(
        style=STYLE,
        js=[],  # pygal's tooltips load a script from a CDN: the chart works without it
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        width=640,
        height=320,
        margin=16,
        title=title,
        y_title=None,
        show_y_guides=False,
        explicit_size=False,
    )
    chart.uuid = chart_id  # a stable id keeps the page's body (and so its ETag) stable
    chart.x_labels = labels
    chart.add(
        title,
        [
            {
                "value": value,
                "label": f.display,
                "formatter": lambda _value, shown=f.display: shown,
                "xlink": {"href": f.stored_copy, "target": "_top"},
            }
            for value, f in points
        ],
    )
    svg: str = chart.render(is_unicode=True)
    # drop pygal's generation comment: it carries the date, which would change the ETag daily
    return re.sub(r"<!--.*?-->", "", svg)
