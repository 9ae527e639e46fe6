"""Fiches actions: the initiatives social centres publish, and what they refer to.

Tree: HomePage > InitiativeIndexPage (slug "action") > InitiativePage, so that a
sheet lives at /action/<slug>/. Centres, axes and themes are not pages: centres
are a directory managed with wagtail-modeladmin, axes and themes are snippets
the comité éditorial curates.
"""

from .directory import (
    ASCII_NUMBER,
    CENTRE_KIND_CHOICES,
    FIRST_YEAR,
    INDEX_SLUG,
    LINK_ID,
    LISTING_PER_PAGE,
    PAGE_LINK,
    REGION_CHOICES,
    TERRITORY_CHOICES,
    Axis,
    Centre,
    Theme,
    current_year_plus_one,
)
from .sheets import (
    InitiativeGalleryImage,
    InitiativeIndexPage,
    InitiativePage,
    InitiativeTheme,
    cover_image_data,
)

__all__ = [
    "ASCII_NUMBER",
    "CENTRE_KIND_CHOICES",
    "FIRST_YEAR",
    "INDEX_SLUG",
    "LINK_ID",
    "LISTING_PER_PAGE",
    "PAGE_LINK",
    "REGION_CHOICES",
    "TERRITORY_CHOICES",
    "Axis",
    "Centre",
    "InitiativeGalleryImage",
    "InitiativeIndexPage",
    "InitiativePage",
    "InitiativeTheme",
    "Theme",
    "cover_image_data",
    "current_year_plus_one",
]
