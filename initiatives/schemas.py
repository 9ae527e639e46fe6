"""API types of a fiche action and of its directory data (centres, axes, themes).

Used by the page's `api_fields` (v2 and v3) and by the project's endpoints, so a
centre or a theme has one shape everywhere in the API.
"""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from core.api_schemas import CaptionedImage, ImageOut, Quote, VideoOut

TerritoryCode = Literal["urbain", "rural"]
AudienceCode = Literal["habitants", "public", "centre", "territoire", "partenaires"]


class CentreOut(Schema):
    """A social centre: where it is and what kind of territory it serves."""

    id: int
    name: str
    kind: str
    kind_label: str
    city: str = Field(description="Commune.")
    postcode: str
    departement: str
    departement_code: str
    region: str
    territory_type: TerritoryCode
    territory_type_label: str
    website: str
    latitude: float | None
    longitude: float | None


class AxisOut(Schema):
    """One of the platform's axes (a chapter of the publications)."""

    number: int
    name: str
    slug: str


class ThemeOut(Schema):
    """A theme (thématique) of the platform."""

    slug: str
    name: str


class ImpactOut(Schema):
    """The effects of an action on one audience."""

    audience: AudienceCode
    audience_label: str
    points: list[str]


class SectionItem(Schema):
    type: Literal["action", "situation"]
    id: str
    value: str = Field(description="Texte riche, au format demandé (rich_text_format).")


class ImpactsItem(Schema):
    type: Literal["impacts"]
    id: str
    value: list[ImpactOut] = Field(description="Les impacts, par public, dans l'ordre du guide.")


class SheetTextItem(Schema):
    type: Literal["text"]
    id: str
    value: str


class SheetQuoteItem(Schema):
    type: Literal["quote"]
    id: str
    value: Quote


class SheetImageItem(Schema):
    type: Literal["image"]
    id: str
    value: CaptionedImage


class SheetVideoItem(Schema):
    type: Literal["video"]
    id: str
    value: VideoOut | None


SheetBodyItem = Annotated[
    SectionItem | ImpactsItem | SheetTextItem | SheetQuoteItem | SheetImageItem | SheetVideoItem,
    Field(discriminator="type"),
]


class GalleryImageOut(Schema):
    image: ImageOut
    caption: str


def centre_data(centre):
    """A centre as the API describes it."""
    return {
        "id": centre.pk,
        "name": centre.name,
        "kind": centre.kind,
        "kind_label": centre.get_kind_display(),
        "city": centre.city,
        "postcode": centre.postcode,
        "departement": centre.departement,
        "departement_code": centre.departement_code,
        "region": centre.region,
        "territory_type": centre.territory_type,
        "territory_type_label": centre.get_territory_type_display(),
        "website": centre.website,
        "latitude": float(centre.latitude) if centre.latitude is not None else None,
        "longitude": float(centre.longitude) if centre.longitude is not None else None,
    }


def axis_data(axis):
    return {"number": axis.number, "name": axis.name, "slug": axis.slug}


def theme_data(theme):
    return {"slug": theme.slug, "name": theme.name}


# Getters of the sheet's typed API fields: (page, context) -> value.


def sheet_centre(page, context):
    return centre_data(page.centre)


def sheet_axis(page, context):
    return axis_data(page.axis)


def sheet_themes(page, context):
    return [theme_data(theme) for theme in page.themes.all()]


def sheet_territory(page, context):
    # Empty means "the centre's" (filled on save; a previewed draft may not be saved yet).
    code = page.territory_type or page.centre.territory_type
    return {"code": code, "label": dict(page._meta.get_field("territory_type").choices)[code]}


def sheet_body(page, context):
    return page.body.stream_block.get_api_representation(page.body, context)


def sheet_gallery(page, context):
    from core.blocks import image_api_representation

    if "gallery_images" in getattr(page, "_prefetched_objects_cache", {}):
        items = page.gallery_images.all()  # a listing prefetched them (cestpossible.api)
    else:
        # A real queryset for a saved page; a previewed draft's in-memory photos ignore these.
        items = page.gallery_images.select_related("image").prefetch_related("image__renditions")
    return [
        {
            "image": image_api_representation(item.image, item.alt_text, context),
            "caption": item.caption,
        }
        for item in items
        if item.image is not None
    ]


def sheet_video(page, context):
    from core.video import video_provider_and_embed

    if not page.video_url:
        return None
    provider, embed_url = video_provider_and_embed(page.video_url)
    return {"url": page.video_url, "provider": provider, "embed_url": embed_url or None}


class TerritoryOut(Schema):
    code: TerritoryCode
    label: str
