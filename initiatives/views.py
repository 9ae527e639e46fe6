"""Public views of the initiatives domain that are not pages: the themes."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from core.visibility import public_pages

from .listing import attach_cards, themes_with_counts
from .models import InitiativePage, Theme


@require_GET
def theme_list(request):
    """/thematiques/: the themes and how many sheets and resources each has."""
    return TemplateResponse(
        request, "initiatives/theme_list.html", {"themes": themes_with_counts()}
    )


@require_GET
def theme_detail(request, slug):
    """/thematiques/<slug>/: the published sheets and resources of one theme."""
    from ressources.models import ResourcePage

    theme = get_object_or_404(Theme, slug=slug)
    sheets = list(
        public_pages(InitiativePage.objects.filter(theme_items__tag=theme))
        .defer_streamfields()
        .order_by("-first_published_at")
    )
    attach_cards(sheets)
    resources = (
        public_pages(ResourcePage.objects.filter(theme_items__tag=theme))
        .defer_streamfields()
        .order_by("title")
    )
    return TemplateResponse(
        request,
        "initiatives/theme_detail.html",
        {"theme": theme, "sheets": sheets, "resources": resources},
    )
