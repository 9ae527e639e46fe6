"""What lists of the initiatives domain show, fetched in bulk for a whole list.

A list of sheets costs the same number of queries whatever its length: the
listing, theme pages, the home page and similar sheets all go through here for
their cards (centre, cover image). The themes with their counts, which the
/thematiques/ page and the API's /themes/ endpoint both show, are computed here.
"""

from django.db.models import Count, Prefetch, Q
from wagtail.images import get_image_model

from core.visibility import public_pages

CARD_RENDITION = "fill-480x270"


def attach_cards(pages):
    """Set `card_centre` and `card_image` on each sheet of `pages` (others untouched)."""
    from .models import Centre, InitiativePage

    sheets = [page for page in pages if isinstance(page, InitiativePage)]
    # Relations a query already joined (select_related) are used as they are.
    loaded = [page for page in sheets if _joined(page, "centre") and _joined(page, "cover_image")]
    others = [page for page in sheets if page not in loaded]
    centres = Centre.objects.in_bulk({page.centre_id for page in others}) if others else {}
    image_ids = {page.cover_image_id for page in others if page.cover_image_id}
    images = (
        get_image_model().objects.prefetch_renditions(CARD_RENDITION).in_bulk(image_ids)
        if image_ids
        else {}
    )
    joined_images = [page.cover_image for page in loaded if page.cover_image is not None]
    if joined_images:
        from django.db.models import prefetch_related_objects

        rendition = get_image_model().get_rendition_model()
        prefetch_related_objects(
            joined_images,
            Prefetch("renditions", queryset=rendition.objects.filter(filter_spec=CARD_RENDITION)),
        )
    for page in loaded:
        page.card_centre, page.card_image = page.centre, page.cover_image
    for page in others:
        page.card_centre = centres.get(page.centre_id)
        page.card_image = images.get(page.cover_image_id)
    return pages


def _joined(page, relation):
    return relation in page._state.fields_cache


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
