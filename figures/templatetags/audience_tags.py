"""`{% audience_beacon %}`: the script that counts a public view of the page (figures.counting)."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail.models import Page

from figures import counting

register = template.Library()


@register.simple_tag(takes_context=True)
def audience_beacon(context):
    """The beacon for a live page shown to a visitor who is not logged in; nothing otherwise.

    Previews and logged-in views never carry it. The token is the same for every
    visitor, so a page served from a cache keeps counting.
    """
    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page) or not counting.enabled():
        return ""
    if getattr(request, "is_preview", False) or not page.live or not page.pk:
        return ""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return ""
    return format_html(
        '<script src="{}" data-mesure="{}" data-mesure-url="{}" defer></script>',
        static("js/mesure.js"),
        counting.page_token(page.pk),
        reverse("audience_beacon"),
    )
