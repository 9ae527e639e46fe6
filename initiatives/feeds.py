"""RSS and Atom feeds of newly published sheets: all of them, and per theme."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from core.visibility import public_pages

from .models import InitiativePage, Theme

FEED_SIZE = 30


class LatestSheetsFeed(Feed):
    """The latest published sheets (RSS 2.0)."""

    description = "Les initiatives des centres sociaux publiées sur C'est possible."

    def get_object(self, request, slug=None):
        self.request = request
        return get_object_or_404(Theme, slug=slug) if slug else None

    def title(self, theme):
        if theme is None:
            return "C'est possible — les dernières fiches actions"
        return f"C'est possible — fiches actions : {theme.name}"

    def link(self, theme):
        return f"/thematiques/{theme.slug}/" if theme else "/action/"

    def items(self, theme):
        sheets = public_pages(InitiativePage.objects.all())
        if theme is not None:
            sheets = sheets.filter(theme_items__tag=theme)
        return (
            sheets.select_related("centre")
            .defer_streamfields()
            .order_by("-first_published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.summary} — {item.centre.name} ({item.centre.city})"

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class LatestSheetsAtomFeed(LatestSheetsFeed):
    """The same, as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = LatestSheetsFeed.description
