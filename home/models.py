"""The site's root and its editorial pages.

Tree: HomePage sits at the root of the site; under it the sheets index
(/action/), the resources index (/ressource/) and StandardPages (à propos,
comment ça marche, mentions légales).
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.api_fields import typed_field
from core.api_schemas import EditorialItem, editorial_body
from core.blocks import RICH_TEXT_FEATURES, EditorialStreamBlock
from core.pages import FastRouteMixin
from core.preview import HeadlessPreviewMixin


class HomePage(FastRouteMixin, HeadlessPreviewMixin, Page):
    """The home page, root of the site: introduces the platform, the sheets the
    comité features, the latest sheets, the axes and the key figures."""

    intro = RichTextField("introduction", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "featured_sheets",
            label="Fiche à la une",
            heading="Fiches à la une",
            help_text="Choisies par le comité éditorial ; seules les fiches publiées s'affichent.",
            max_num=6,
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "initiatives.InitiativeIndexPage",
        "ressources.ResourceIndexPage",
        "publications.PublicationIndexPage",
        "home.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        from core.visibility import public_pages
        from figures.key_figures import current as key_figures
        from initiatives.listing import attach_cards
        from initiatives.models import Axis, InitiativePage

        context = super().get_context(request, *args, **kwargs)
        featured_ids = [item.sheet_id for item in self.featured_sheets.all()]
        featured = {
            sheet.pk: sheet
            for sheet in public_pages(
                InitiativePage.objects.filter(pk__in=featured_ids)
            ).defer_streamfields()
        }
        featured = [featured[pk] for pk in featured_ids if pk in featured]
        latest = list(
            public_pages(InitiativePage.objects.descendant_of(self))
            .exclude(pk__in=[sheet.pk for sheet in featured])
            .defer_streamfields()
            .order_by("-first_published_at")[:6]
        )
        attach_cards(featured + latest)
        context.update(
            {
                "json_ld": self.json_ld(request),
                "featured_initiatives": featured,
                "latest_initiatives": latest,
                "axes": Axis.objects.order_by("number"),
                "figures": key_figures(),
            }
        )
        return context

    def json_ld(self, request):
        """schema.org description of the site (WebSite, with its search), safe in a script."""
        from html import unescape

        from django.urls import reverse
        from django.utils.html import strip_tags
        from wagtail.api.utils import get_full_url

        from home.structured_data import PUBLISHER, json_ld

        url = self.get_full_url(request) or request.build_absolute_uri("/")
        search = get_full_url(request, reverse("search"))
        data = {
            "@type": "WebSite",
            "name": "C'est possible",
            "url": url,
            "description": " ".join(unescape(strip_tags(self.intro)).split()),
            "inLanguage": "fr",
            "publisher": PUBLISHER,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        }
        return json_ld(data)


class HomeFeaturedSheet(Orderable):
    """A sheet the comité puts forward on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_sheets")
    sheet = models.ForeignKey(
        "initiatives.InitiativePage",
        verbose_name="fiche action",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("sheet")]

    class Meta(Orderable.Meta):
        verbose_name = "fiche à la une"
        verbose_name_plural = "fiches à la une"


class StandardPage(HeadlessPreviewMixin, Page):
    """An editorial page (à propos, comment ça marche, mentions légales), under the home page."""

    intro = models.TextField("chapô", blank=True, max_length=500)
    body = StreamField(EditorialStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("intro"),
        APIField(
            "body",
            serializer=typed_field("EditorialBody", list[EditorialItem], editorial_body("body")),
        ),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "page éditoriale"
