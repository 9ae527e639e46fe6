"""Charts of the key figures, drawn on the server as accessible SVG.

Each chart is an `<svg role="img">` with a title and a description giving every
value in words, and the page shows the same numbers as a table: nothing is only
in the picture. No JavaScript, prints well, works without CSS.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 330
CHART_WIDTH = 720
PALETTE = ["#1d5e8c", "#b3441e", "#2e7d32", "#6a3d9a", "#8c6d1f", "#00695c", "#ad1457", "#455a64"]


@dataclass
class Bar:
    label: str
    value: int


def _describe(bars, unit):
    return "; ".join(f"{bar.label} : {bar.value} {unit}" for bar in bars) + "."


def bar_chart(chart_id, title, bars, unit="fiches"):
    """A horizontal bar chart; bars are (label, value) pairs, drawn in the given order."""
    bars = [Bar(label, value) for label, value in bars]
    top = max([bar.value for bar in bars] + [1])
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    plot = CHART_WIDTH - LABEL_WIDTH - 60
    rows = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(plot * bar.value / top) if bar.value else 0
        rows.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text></g>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT * 0.68,
                _shorten(bar.label, 40),
                LABEL_WIDTH,
                y,
                width,
                BAR_HEIGHT,
                PALETTE[0],
                LABEL_WIDTH + width + 6,
                y + BAR_HEIGHT * 0.68,
                bar.value,
            )
        )
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{0}-titre {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-titre">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id,
        CHART_WIDTH,
        height,
        title,
        _describe(bars, unit),
        mark_safe("".join(rows)),  # noqa: S308 - each row is built with format_html
    )


def split_chart(chart_id, title, parts, unit="fiches"):
    """A single 100 % stacked bar (e.g. urban / rural), with a legend in the SVG."""
    parts = [Bar(label, value) for label, value in parts]
    total = sum(part.value for part in parts) or 1
    x = 0
    segments = []
    legend = []
    for index, part in enumerate(parts):
        width = CHART_WIDTH * part.value / total
        colour = PALETTE[index % len(PALETTE)]
        segments.append(
            format_html(
                '<rect x="{}" y="0" width="{}" height="40" fill="{}"></rect>',
                round(x, 1),
                round(width, 1),
                colour,
            )
        )
        percent = round(100 * part.value / total)
        legend.append(
            format_html(
                '<rect x="{}" y="56" width="16" height="16" fill="{}"></rect>'
                '<text x="{}" y="69" class="chart-label">{} : {} ({} %)</text>',
                index * 300,
                colour,
                index * 300 + 22,
                part.label,
                part.value,
                percent,
            )
        )
        x += width
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{0}-titre {0}-desc" '
        'viewBox="0 0 {1} 80" width="100%" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-titre">{2}</title><desc id="{0}-desc">{3}</desc>{4}{5}</svg>',
        chart_id,
        CHART_WIDTH,
        title,
        _describe(parts, unit),
        format_html_join("", "{}", ((segment,) for segment in segments)),
        format_html_join("", "{}", ((item,) for item in legend)),
    )


def _shorten(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"
