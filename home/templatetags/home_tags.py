import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

HEADING = re.compile(r"<(/?)h([34])\b", re.IGNORECASE)


@register.filter
def headings_one_level_up(html):
    """Rich text headings one level up (h3 → h2, h4 → h3).

    The editors' rich text offers h3 and h4, the levels under a sheet's section
    titles; an editorial page has no h2 of its own, so its text's headings follow
    the page's h1 directly.
    """
    text = str(html)
    return mark_safe(HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) - 1}", text))  # noqa: S308
