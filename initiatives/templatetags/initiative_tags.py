from django import template

from initiatives.blocks import AUDIENCE_LABELS

register = template.Library()


@register.filter
def impact_audience_label(audience):
    """The French heading of an impact audience ("Sur le centre"…)."""
    return AUDIENCE_LABELS.get(audience, audience)


@register.filter
def pluriel(count, suffix="s"):
    """French plural mark: "" for 0 and 1 (« 0 fiche action »), `suffix` from 2 on."""
    try:
        return suffix if abs(int(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
