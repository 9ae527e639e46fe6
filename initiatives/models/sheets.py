"""The sheets' pages: HomePage > InitiativeIndexPage (slug "action") > InitiativePage,
so that a sheet lives at /action/<slug>/, with its themes and photos.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.api_fields import typed_field
from core.api_schemas import ImageOut, VideoOut
from core.blocks import RICH_TEXT_FEATURES
from core.pages import FixedSlugMixin
from core.preview import HeadlessPreviewMixin

from .. import schemas
from ..blocks import InitiativeBodyBlock
from ..forms import InitiativePageForm
from .directory import (  # noqa: F401
    ASCII_NUMBER,
    FIRST_YEAR,
    INDEX_SLUG,
    LINK_ID,
    LISTING_PER_PAGE,
    PAGE_LINK,
    TERRITORY_CHOICES,
    Axis,
    Centre,
    Theme,
    current_year_plus_one,
)


class InitiativeTheme(TaggedItemBase):
    """Links a sheet to one of its themes."""

    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="initiative_items")
    content_object = ParentalKey(
        "initiatives.InitiativePage", on_delete=models.CASCADE, related_name="theme_items"
    )


class InitiativeIndexPage(FixedSlugMixin, HeadlessPreviewMixin, Page):
    """The sheets listing, at /action/ (its slug must stay "action"); one per site."""

    intro = RichTextField("introduction", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["initiatives.InitiativePage"]
    max_count = 1
    fixed_slug = INDEX_SLUG

    class Meta:
        verbose_name = "liste des fiches actions"

    def get_context(self, request, *args, **kwargs):
        """The sheets, filtered and sorted by the search service (filtering has one home)."""
        from search import service

        from ..listing import attach_cards

        context = super().get_context(request, *args, **kwargs)
        params = request.GET.copy()
        if not ASCII_NUMBER.fullmatch(params.get("annee", "")):
            # "²⁰¹⁹" passes str.isdigit() but not int(): a year is four ASCII digits.
            params.pop("annee", None)
        filters = service.Filters.from_querydict(params)
        filters = service.Filters(**{**filters.__dict__, "kind": "fiche"})
        page_param = request.GET.get("page", "").strip() or "1"
        page_number = int(page_param) if ASCII_NUMBER.fullmatch(page_param) else 0
        sort = request.GET.get("tri", "")
        results = service.search(
            "",
            filters,
            page_number=min(max(page_number, 1), service.MAX_PAGE),
            per_page=LISTING_PER_PAGE,
            sort=sort if sort in {"recent", "ancien", "titre"} else "",
        )
        page_error = not 1 <= page_number <= results.num_pages
        if page_error:
            results.hits = []
        attach_cards([hit.page for hit in results.hits])
        base_params = filters.as_params()
        base_params = [(key, value) for key, value in base_params if key != "type"]
        if sort:
            base_params.append(("tri", sort))
        context.update(
            {
                "results": results,
                "filters": filters,
                "facets": {facet.name: facet for facet in results.facets},
                "sort": sort,
                "sort_choices": [c for c in service.SORT_CHOICES if c[0]],
                "base_querystring": urlencode(base_params),
                "years": range(current_year_plus_one() - 1, FIRST_YEAR - 1, -1),
                "page_error": page_error,
                "page_requested": "".join(ch for ch in page_param[:20] if ch.isprintable()),
            }
        )
        return context

    def serve(self, request, *args, **kwargs):
        """The listing; a page number that is not one of its pages answers 404, in French."""
        response = super().serve(request, *args, **kwargs)
        if getattr(response, "context_data", None) and response.context_data.get("page_error"):
            response.status_code = 404
        return response


def cover_image_data(page, context):
    """The API's cover image: its renditions, with the alternative text the sheet gives it."""
    from core.blocks import image_api_representation

    data = image_api_representation(page.cover_image, page.cover_image_alt, context=context)
    if data is not None:
        data["alt"] = page.cover_image_alt  # never the image's title
    return data


def _strings(data):
    """Every string inside raw StreamField data."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


class InitiativePage(HeadlessPreviewMixin, Page):
    """A fiche action: one initiative of one centre, under the InitiativeIndexPage.

    Its body follows the guided structure (L'action, La situation de départ,
    Les impacts by audience); the rest places it: centre, axis, themes,
    territory type (the centre's by default) and year.
    """

    centre = models.ForeignKey(
        Centre,
        verbose_name="centre",
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text="Le centre qui porte l'action.",
    )
    summary = models.TextField(
        "chapô",
        max_length=500,
        help_text="En une ou deux phrases, de quoi parle l'action (500 caractères au plus).",
    )
    axis = models.ForeignKey(
        Axis,
        verbose_name="axe",
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text="L'axe de la plateforme auquel l'action se rattache.",
    )
    themes = ClusterTaggableManager(
        "thématiques",
        through=InitiativeTheme,
        blank=True,
        help_text="Choisissez une ou plusieurs thématiques dans la liste.",
    )
    territory_type = models.CharField(
        "type de territoire",
        max_length=10,
        choices=TERRITORY_CHOICES,
        blank=True,
        help_text="Laissez vide pour reprendre celui du centre.",
    )
    year = models.PositiveSmallIntegerField(
        "année",
        validators=[MinValueValidator(FIRST_YEAR)],
        help_text="L'année où l'action a commencé.",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="image de couverture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_image_alt = models.CharField(
        "texte alternatif de l'image de couverture",
        max_length=250,
        blank=True,
        default="",
        db_default="",
        help_text=(
            "Obligatoire si vous choisissez une image : décrivez-la pour les personnes "
            "qui ne la voient pas (ce qu'elle montre, pas son nom de fichier)."
        ),
    )
    video_url = models.URLField(
        "vidéo de présentation",
        blank=True,
        help_text="Adresse d'une courte vidéo d'introduction (PeerTube, Vimeo, YouTube…).",
    )
    more_link = models.URLField(
        "en savoir plus",
        blank=True,
        help_text="Un lien vers le site du centre ou un article sur l'action.",
    )
    body = StreamField(
        InitiativeBodyBlock(),
        verbose_name="récit de l'action",
        default=[("action", ""), ("situation", ""), ("impacts", [])],
    )

    content_panels = Page.content_panels + [
        HelpPanel(
            content=(
                "<p>Racontez votre initiative en suivant le cheminement proposé : "
                "<strong>L'action</strong>, <strong>La situation de départ</strong>, "
                "<strong>Les impacts</strong>. Ajoutez une ou plusieurs photos et, si vous "
                "le souhaitez, une vidéo d'introduction.</p>"
            )
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("centre"),
                FieldRowPanel([FieldPanel("axis"), FieldPanel("year")]),
                FieldPanel("themes"),
                FieldPanel("territory_type"),
            ],
            heading="Situer l'action",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("cover_image"),
                FieldPanel("cover_image_alt"),
                InlinePanel("gallery_images", label="Photo", heading="Galerie"),
                FieldPanel("video_url"),
                FieldPanel("more_link"),
            ],
            heading="Photos, vidéo et liens",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("axis"),
        index.FilterField("territory_type"),
        index.FilterField("year"),
        index.FilterField("centre"),
        index.RelatedFields(
            "centre",
            [
                index.SearchField("name"),
                index.SearchField("city"),
                index.SearchField("departement"),
                index.SearchField("region"),
            ],
        ),
        index.RelatedFields("themes", [index.SearchField("name")]),
        # Facet fields for the search service (search/service.py).
        index.FilterField("theme_slugs"),
        index.FilterField("axis_slug"),
        index.FilterField("region"),
    ]

    api_fields = [
        APIField("summary"),
        APIField(
            "centre", serializer=typed_field("Centre", schemas.CentreOut, schemas.sheet_centre)
        ),
        APIField("axis", serializer=typed_field("Axis", schemas.AxisOut, schemas.sheet_axis)),
        APIField(
            "themes", serializer=typed_field("Themes", list[schemas.ThemeOut], schemas.sheet_themes)
        ),
        APIField(
            "territory_type",
            serializer=typed_field("Territory", schemas.TerritoryOut, schemas.sheet_territory),
        ),
        APIField("year"),
        APIField("cover_image", serializer=typed_field("CoverImage", ImageOut, cover_image_data)),
        APIField(
            "gallery",
            serializer=typed_field("Gallery", list[schemas.GalleryImageOut], schemas.sheet_gallery),
        ),
        APIField("video", serializer=typed_field("Video", VideoOut, schemas.sheet_video)),
        APIField("more_link"),
        APIField(
            "body",
            serializer=typed_field("SheetBody", list[schemas.SheetBodyItem], schemas.sheet_body),
        ),
    ]

    base_form_class = InitiativePageForm
    # Fetched with the page when it is served (core.pages.find_page).
    route_select_related = ("centre", "axis", "cover_image")

    parent_page_types = ["initiatives.InitiativeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "fiche action"
        verbose_name_plural = "fiches actions"

    def clean(self):
        super().clean()
        errors = {}
        if self.year and self.year > current_year_plus_one():
            errors["year"] = "L'année ne peut pas être dans le futur."
        self.cover_image_alt = (self.cover_image_alt or "").strip()
        if self.cover_image_id and not self.cover_image_alt:
            errors["cover_image_alt"] = (
                "Décrivez l'image de couverture : le texte alternatif est obligatoire "
                "dès qu'une image est choisie."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.territory_type and self.centre_id:
            self.territory_type = self.centre.territory_type
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from core.visibility import public_pages

        from ..listing import attach_cards

        context = super().get_context(request, *args, **kwargs)
        themes = list(self.themes.all())
        theme_ids = [theme.pk for theme in themes]
        similar = []
        if theme_ids and self.pk:
            # A semi-join, not a DISTINCT over every sheet of the themes: the newest
            # three are read from the publication-date order and the scan stops there.
            sharing = InitiativeTheme.objects.filter(tag_id__in=theme_ids).values(
                "content_object_id"
            )
            similar = list(
                public_pages(InitiativePage.objects.filter(pk__in=sharing))
                .exclude(pk=self.pk)
                .defer_streamfields()
                .select_related("centre", "cover_image")
                .order_by("-first_published_at", "-pk")[:3]
            )
            attach_cards(similar)
        context.update(
            {
                "similar": similar,
                "video": schemas.sheet_video(self, {}),
                "territory_label": schemas.sheet_territory(self, {})["label"],
                "json_ld": self.json_ld(request, themes),
                "fragment_stamp": (
                    "" if getattr(request, "is_preview", False) else self.fragment_stamp(themes)
                ),
            }
        )
        return context

    def fragment_stamp(self, themes=None):
        """A digest of what the cached fragments show that publishing does not version.

        The fragments of the sheet page are keyed on the page's cache key (it changes
        at each publication) and on this stamp: the centre, axis and themes as they
        are now, the images shown (cover, gallery, body: file, focal point) and the
        addresses of the pages the text links to. Editing any of them changes the
        key, so a fragment never outlives what it shows.
        """
        from wagtail.images import get_image_model

        themes = self.themes.all() if themes is None else themes
        centre, axis = self.centre, self.axis
        body = list(self.body.raw_data)
        image_ids = {self.cover_image_id} if self.cover_image_id else set()
        if self.pk:
            image_ids.update(self.gallery_images.values_list("image_id", flat=True))
        image_ids.update(
            block["value"].get("image")
            for block in body
            if block.get("type") == "image" and isinstance(block.get("value"), dict)
        )
        image_ids.discard(None)
        link_ids = {
            int(match.group(1))
            for text in _strings(body)
            for tag in PAGE_LINK.findall(text)
            if (match := LINK_ID.search(tag))
        }
        parts = [
            [centre.pk, centre.name, centre.city, centre.postcode, centre.departement]
            + [centre.region, centre.territory_type, centre.website],
            [axis.pk, axis.number, axis.name, axis.slug],
            sorted([theme.pk, theme.name, theme.slug] for theme in themes),
            list(
                get_image_model()
                .objects.filter(pk__in=image_ids)
                .order_by("pk")
                .values_list(
                    "pk",
                    "file",
                    "file_hash",
                    "focal_point_x",
                    "focal_point_y",
                    "focal_point_width",
                    "focal_point_height",
                )
            )
            if image_ids
            else [],
            list(Page.objects.filter(pk__in=link_ids).order_by("pk").values_list("pk", "url_path"))
            if link_ids
            else [],
        ]
        digest = hashlib.md5(json.dumps(parts, default=str).encode(), usedforsecurity=False)
        return digest.hexdigest()

    def json_ld(self, request, themes=None):
        """schema.org description of the sheet, safe to embed in a script element."""
        from home.structured_data import PUBLISHER, json_ld

        themes = self.themes.all() if themes is None else themes
        data = {
            "@type": "Article",
            "headline": self.title,
            "name": self.title,
            "description": self.summary,
            "inLanguage": "fr",
            "author": {
                "@type": "Organization",
                "name": self.centre.name,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": self.centre.city,
                    "postalCode": self.centre.postcode,
                    "addressRegion": self.centre.region,
                    "addressCountry": "FR",
                },
            },
            "publisher": PUBLISHER,
            "about": [theme.name for theme in themes],
        }
        if self.live:
            data["url"] = self.get_full_url(request)
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return json_ld(data)

    def section(self, name):
        """The value of a guided section ("action", "situation", "impacts"), or None."""
        for child in self.body:
            if child.block_type == name:
                return child.value
        return None

    @property
    def impacts(self):
        return self.section("impacts") or []

    @property
    def theme_slugs(self):
        return [theme.slug for theme in self.themes.all()]

    @property
    def axis_slug(self):
        return self.axis.slug if self.axis_id else ""

    @property
    def region(self):
        return self.centre.region if self.centre_id else ""


class InitiativeGalleryImage(Orderable):
    """A photo of a sheet's gallery, with its required alternative text."""

    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="image", on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        "texte alternatif",
        max_length=250,
        help_text="Décrivez l'image pour les personnes qui ne la voient pas.",
    )
    caption = models.CharField("légende", max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]
    api_fields = [APIField("image"), APIField("alt_text"), APIField("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "photo"
        verbose_name_plural = "photos"
