"""The directory side of the sheets: centres, the three axes and the themes.

Not pages: centres are a directory managed with wagtail-modeladmin, axes and
themes are snippets the comité éditorial curates. The constants (territory
types, régions, kinds of centre) live here too.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from taggit.models import TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES

TERRITORY_CHOICES = [("urbain", "Urbain"), ("rural", "Rural")]

CENTRE_KIND_CHOICES = [
    ("centre_social", "Centre social"),
    ("centre_socioculturel", "Centre socioculturel"),
    ("espace_vie_sociale", "Espace de vie sociale"),
    ("maison_quartier", "Maison de quartier"),
    ("maison_citoyenne", "Maison citoyenne"),
    ("autre", "Autre structure"),
]

REGION_CHOICES = [
    (name, name)
    for name in [
        "Auvergne-Rhône-Alpes",
        "Bourgogne-Franche-Comté",
        "Bretagne",
        "Centre-Val de Loire",
        "Corse",
        "Grand Est",
        "Hauts-de-France",
        "Île-de-France",
        "Normandie",
        "Nouvelle-Aquitaine",
        "Occitanie",
        "Pays de la Loire",
        "Provence-Alpes-Côte d'Azur",
        "Guadeloupe",
        "Guyane",
        "La Réunion",
        "Martinique",
        "Mayotte",
    ]
]

FIRST_YEAR = 1990
# An internal page link in stored rich text: <a linktype="page" id="42">.
PAGE_LINK = re.compile(r"<a\b[^>]*\blinktype=\"page\"[^>]*>")
LINK_ID = re.compile(r"\bid=\"(\d+)\"")
INDEX_SLUG = "action"  # sheets live at /action/<slug>/, as printed in the publications
LISTING_PER_PAGE = 12
ASCII_NUMBER = re.compile(r"[0-9]{1,6}")


def current_year_plus_one():
    return datetime.date.today().year + 1


class Centre(index.Indexed, models.Model):
    """A social centre of the network's directory (not a page).

    Sheets belong to a centre; its town, département, région and territory type
    are what the public browses by. Managed in the admin with wagtail-modeladmin.
    """

    name = models.CharField("nom", max_length=200)
    kind = models.CharField(
        "type de structure", max_length=40, choices=CENTRE_KIND_CHOICES, default="centre_social"
    )
    city = models.CharField("commune", max_length=120)
    postcode = models.CharField(
        "code postal",
        max_length=5,
        help_text="Cinq chiffres, par exemple 75018.",
    )
    departement = models.CharField("département", max_length=80)
    departement_code = models.CharField(
        "numéro de département", max_length=3, help_text="Par exemple 79, 2A ou 974."
    )
    region = models.CharField("région", max_length=60, choices=REGION_CHOICES)
    territory_type = models.CharField(
        "type de territoire", max_length=10, choices=TERRITORY_CHOICES, default="urbain"
    )
    website = models.URLField("site internet", blank=True)
    latitude = models.DecimalField(
        "latitude",
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "longitude",
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_validated = models.BooleanField(
        "validé par le comité",
        default=True,
        help_text="Un centre proposé à l'inscription reste non validé jusqu'à l'accord du comité.",
    )
    group = models.OneToOneField(
        "auth.Group",
        verbose_name="groupe des comptes du centre",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="centre",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name="collection de médias du centre",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="centre",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("city"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("departement"), FieldPanel("departement_code")]),
                FieldPanel("region"),
                FieldPanel("territory_type"),
            ],
            heading="Territoire",
        ),
        FieldPanel("website"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading="Coordonnées"),
        FieldPanel("is_validated"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("city"),
        index.FilterField("region"),
        index.FilterField("territory_type"),
    ]

    api_fields = [
        APIField("name"),
        APIField("kind"),
        APIField("city"),
        APIField("postcode"),
        APIField("departement"),
        APIField("departement_code"),
        APIField("region"),
        APIField("territory_type"),
        APIField("website"),
    ]

    class Meta:
        verbose_name = "centre"
        verbose_name_plural = "centres"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "postcode"], name="unique_centre_name_postcode")
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    def clean(self):
        super().clean()
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 5):
            raise ValidationError({"postcode": "Le code postal doit compter cinq chiffres."})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                "Indiquez la latitude et la longitude ensemble, ou aucune des deux."
            )


class Axis(models.Model):
    """One of the platform's three axes, the chapters of a publication (snippet).

    Each sheet belongs to exactly one axis; the comité edits their introductions.
    """

    number = models.PositiveSmallIntegerField("numéro", unique=True)
    name = models.CharField("intitulé", max_length=200, unique=True)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    introduction = RichTextField("introduction", blank=True, features=RICH_TEXT_FEATURES)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("slug")]),
        FieldPanel("name"),
        FieldPanel("introduction"),
    ]

    api_fields = [APIField("number"), APIField("name"), APIField("slug"), APIField("introduction")]

    class Meta:
        verbose_name = "axe"
        verbose_name_plural = "axes"
        ordering = ["number"]

    def __str__(self):
        return self.name


class Theme(TagBase):
    """A curated theme (thématique) the comité manages; authors pick, never invent.

    Used as tags by sheets and resources; `free_tagging = False` makes Wagtail's
    tag widget offer only the existing themes.
    """

    free_tagging = False

    description = models.TextField("description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    api_fields = [APIField("name"), APIField("slug"), APIField("description")]

    class Meta:
        verbose_name = "thématique"
        verbose_name_plural = "thématiques"
        ordering = ["name"]
