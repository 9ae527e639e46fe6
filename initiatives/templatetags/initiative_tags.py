from django import template

from initiatives.blocks import AUDIENCE_LABELS

register = template.Library()


@register.filter
def impact_audience_label(audience):
    """The French heading of an impact audience ("Sur le centre"…)."""
    return AUDIENCE_LABELS.get(audience, audience)
