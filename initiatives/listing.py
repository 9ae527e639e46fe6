"""What lists of the initiatives domain show, fetched in bulk for a whole list.

A list of sheets costs the same number of queries whatever its length: the
listing, theme pages, the home page and similar sheets all go through here for
their cards (centre, cover image). The themes with their counts, which the
/thematiques/ page and the API's /themes/ endpoint both show, are computed here.
"""

from django.db.models import Count, Q
from wagtail.images import get_image_model

from core.visibility import public_pages

CARD_RENDITION = "fill-480x270"


def attach_cards(pages):
    """Set `card_centre` and `card_image` on each sheet of `pages` (others untouched)."""
    from .models import Centre, InitiativePage

    sheets = [page for page in pages if isinstance(page, InitiativePage)]
    centres = Centre.objects.in_bulk({page.centre_id for page in sheets})
    image_ids = {page.cover_image_id for page in sheets if page.cover_image_id}
    images = (
        get_image_model().objects.prefetch_renditions(CARD_RENDITION).in_bulk(image_ids)
        if image_ids
        else {}
    )
    for page in sheets:
        page.card_centre = centres.get(page.centre_id)
        page.card_image = images.get(page.cover_image_id)
    return pages


def public_sheet_ids():
    """The keys of the sheets the public may see, as a subquery."""
    from .models import InitiativePage

    return public_pages(InitiativePage.objects.all()).values("pk")


def themes_with_counts():
    """Every theme, by name, with `sheets` and `resources`: its numbers of published,
    public sheets and resources (one query)."""
    from ressources.models import ResourcePage

    from .models import Theme

    public_resource_ids = public_pages(ResourcePage.objects.all()).values("pk")
    return Theme.objects.annotate(
        sheets=Count(
            "initiative_items",
            filter=Q(initiative_items__content_object__in=public_sheet_ids()),
            distinct=True,
        ),
        resources=Count(
            "resource_items",
            filter=Q(resource_items__content_object__in=public_resource_ids),
            distinct=True,
        ),
    ).order_by("name")
