"""Publications: booklets the comité composes from chosen sheets, as a web page and a PDF."""

import hashlib
import json

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.pages import FixedSlugMixin
from core.preview import HeadlessPreviewMixin

from .blocks import PublicationBodyBlock
from .panels import UnavailableSheetsPanel

# Bump when the PDF's layout changes: every cached PDF is made again.
PDF_LAYOUT_VERSION = 1

FIGURES_LIVE = "live"
FIGURES_FROZEN = "frozen"
FIGURES_MODES = [
    (FIGURES_LIVE, "À jour : recalculés à chaque génération du PDF et à chaque affichage"),
    (FIGURES_FROZEN, "Figés : ceux du jour où la publication est publiée"),
]


class PublicationIndexPage(FixedSlugMixin, HeadlessPreviewMixin, Page):
    """The list of publications, at /publications/ (slug fixed); under the home page."""

    intro = RichTextField("introduction", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["publications.PublicationPage"]
    max_count = 1
    fixed_slug = "publications"

    class Meta:
        verbose_name = "liste des publications"

    def get_context(self, request, *args, **kwargs):
        from core.visibility import public_pages

        context = super().get_context(request, *args, **kwargs)
        context["publications"] = (
            public_pages(PublicationPage.objects.child_of(self))
            .defer_streamfields()
            .select_related("cover_image")
            .order_by("-first_published_at")
        )
        return context


class PublicationPage(RoutablePageMixin, HeadlessPreviewMixin, Page):
    """A booklet (under the PublicationIndexPage): édito, chapters of chosen sheets with
    quotes between them, key figures, conclusion, how to contribute, contacts.

    Read on the site at its URL, downloaded as a PDF at `<url>pdf/` (publications.pdf
    lays it out; publications.tasks makes it in the background and keeps it until
    the publication or one of its sheets changes).
    """

    subtitle = models.CharField("sous-titre", max_length=250, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="image de couverture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_image_alt = models.CharField(
        "texte alternatif de l'image de couverture", max_length=250, blank=True
    )
    edito = RichTextField("édito", features=RICH_TEXT_FEATURES)
    edito_signature = models.CharField("signature de l'édito", max_length=200, blank=True)
    edito_signature_role = models.CharField("qualité du signataire", max_length=250, blank=True)
    chapters = StreamField(PublicationBodyBlock(), verbose_name="chapitres")
    figures_mode = models.CharField(
        "chiffres clés", max_length=10, choices=FIGURES_MODES, default=FIGURES_FROZEN
    )
    conclusion = RichTextField("conclusion", blank=True, features=RICH_TEXT_FEATURES)
    conclusion_signature = models.CharField(
        "signature de la conclusion", max_length=200, blank=True
    )
    conclusion_signature_role = models.CharField(
        "qualité de la signataire", max_length=250, blank=True
    )
    contribute = RichTextField("comment contribuer", blank=True, features=RICH_TEXT_FEATURES)
    contacts = RichTextField("contacts", blank=True, features=RICH_TEXT_FEATURES)
    back_cover = RichTextField("quatrième de couverture", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        HelpPanel(
            content=(
                "<p>Composez la publication : l'édito, puis un chapitre par axe avec son "
                "introduction et ses fiches dans l'ordre (des citations peuvent s'intercaler), "
                "les chiffres clés, la conclusion. Le PDF se génère tout seul après la "
                "publication, et se refait quand une de ses fiches change.</p>"
            )
        ),
        UnavailableSheetsPanel(),
        FieldPanel("subtitle"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_image_alt")], heading="Couverture"
        ),
        MultiFieldPanel(
            [
                FieldPanel("edito"),
                FieldRowPanel([FieldPanel("edito_signature"), FieldPanel("edito_signature_role")]),
            ],
            heading="Édito",
        ),
        FieldPanel("chapters"),
        FieldPanel("figures_mode"),
        MultiFieldPanel(
            [
                FieldPanel("conclusion"),
                FieldRowPanel(
                    [FieldPanel("conclusion_signature"), FieldPanel("conclusion_signature_role")]
                ),
            ],
            heading="Conclusion",
        ),
        FieldPanel("contribute"),
        FieldPanel("contacts"),
        FieldPanel("back_cover"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("subtitle"),
        index.SearchField("edito"),
        index.SearchField("conclusion"),
    ]
    api_fields = [
        APIField("subtitle"),
        APIField("edito"),
        APIField("edito_signature"),
        APIField("edito_signature_role"),
        APIField("chapters"),
        APIField("figures_mode"),
        APIField("conclusion"),
        APIField("conclusion_signature"),
        APIField("conclusion_signature_role"),
        APIField("contribute"),
        APIField("contacts"),
        APIField("back_cover"),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "publication"
        verbose_name_plural = "publications"

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        self.cover_image_alt = (self.cover_image_alt or "").strip()
        if self.cover_image_id and not self.cover_image_alt:
            raise ValidationError(
                {
                    "cover_image_alt": (
                        "Décrivez l'image de couverture : le texte alternatif est "
                        "obligatoire dès qu'une image est choisie."
                    )
                }
            )

    # ------------------------------------------------------------ content

    def chosen_sheet_ids(self):
        """The ids of the sheets the chapters name, in order (from the raw data: no query)."""
        ids = []
        for chapter in self.chapters.raw_data:
            for item in chapter["value"].get("items", []):
                if item["type"] == "sheet" and item["value"] and item["value"] not in ids:
                    ids.append(item["value"])
        return ids

    def available_sheets(self):
        """{id: sheet} of the chosen sheets the public may see, with what the layout shows."""
        from core.visibility import public_pages
        from initiatives.models import InitiativePage

        ids = self.chosen_sheet_ids()
        sheets = (
            public_pages(InitiativePage.objects.filter(pk__in=ids))
            .select_related("centre", "axis", "cover_image")
            .prefetch_related("themes")
        )
        return {sheet.pk: sheet for sheet in sheets}

    def unavailable_sheets(self):
        """The chosen sheets left out because they are no longer online (for the editor)."""
        from initiatives.models import InitiativePage

        ids = self.chosen_sheet_ids()
        available = set(self.available_sheets())
        return list(
            InitiativePage.objects.filter(pk__in=[pk for pk in ids if pk not in available])
            .defer_streamfields()
            .order_by("title")
        )

    def outline(self):
        """The chapters with their items resolved: sheets the public may see, and quotes.

        A sheet unpublished after it was chosen is left out (never a broken page).
        Each sheet gets an anchor (`fiche-<slug>`) for the table of contents.
        """
        sheets = self.available_sheets()
        chapters = []
        for number, chapter in enumerate(self.chapters, start=1):
            if chapter.block_type != "chapter":
                continue
            value = chapter.value
            items = []
            for item in value["items"]:
                if item.block_type == "sheet":
                    page = item.value and sheets.get(item.value.pk)
                    if page is not None:
                        items.append(
                            {"type": "sheet", "page": page, "anchor": f"fiche-{page.slug}"}
                        )
                elif item.block_type == "quote":
                    items.append({"type": "quote", "value": item.value})
            chapters.append(
                {
                    "number": number,
                    "anchor": f"chapitre-{number}",
                    "title": value["title"],
                    "axis": value.get("axis"),
                    "introduction": value.get("introduction"),
                    "items": items,
                    "sheets": [item["page"] for item in items if item["type"] == "sheet"],
                }
            )
        return chapters

    def frozen_figures_data(self):
        if self.figures_mode != FIGURES_FROZEN or not self.pk:
            return None
        frozen = PublicationFigures.objects.filter(publication=self).first()
        return frozen.data if frozen is not None else None

    def key_figures(self):
        """The figures the publication prints: frozen at its publication, or live (as of
        now on the web page, as of its making in the PDF)."""
        from figures.key_figures import snapshot

        return self.frozen_figures_data() or snapshot()

    # ------------------------------------------------------------ PDF

    def pdf_fingerprint(self):
        """What the PDF depends on: the publication, its sheets, and its frozen figures
        (live figures: the day, so that a PDF is at most a day behind them)."""
        from initiatives.models import InitiativePage

        sheets = list(
            InitiativePage.objects.filter(pk__in=self.chosen_sheet_ids())
            .order_by("pk")
            .values_list("pk", "live", "last_published_at", "live_revision_id")
        )
        parts = {
            "layout": PDF_LAYOUT_VERSION,
            "publication": [self.pk, self.live_revision_id, str(self.last_published_at)],
            "sheets": [[pk, live, str(at), revision] for pk, live, at, revision in sheets],
            "figures": self.frozen_figures_data() or {"day": str(timezone.localdate())},
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

    def current_pdf(self):
        """The PDF made for the publication as it is now, or None."""
        return PublicationPDF.objects.filter(
            publication=self, fingerprint=self.pdf_fingerprint()
        ).first()

    @path("pdf/")
    def pdf(self, request):
        from .views import download_pdf

        return download_pdf(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        outline = self.outline()
        pdf = None if getattr(request, "is_preview", False) else self.current_pdf()
        context.update(
            {
                "outline": outline,
                "figures": self.key_figures(),
                "sheet_count": sum(len(chapter["sheets"]) for chapter in outline),
                "pdf": pdf,
            }
        )
        return context


class PublicationFigures(models.Model):
    """The key figures a publication froze on the day it was published (figures_mode)."""

    publication = models.OneToOneField(
        PublicationPage, on_delete=models.CASCADE, related_name="frozen_figures"
    )
    data = models.JSONField("chiffres")
    frozen_at = models.DateTimeField("figés le", default=timezone.now)

    class Meta:
        verbose_name = "chiffres figés d'une publication"
        verbose_name_plural = "chiffres figés des publications"

    def __str__(self):
        return f"{self.publication} — {self.frozen_at:%d/%m/%Y}"


def pdf_upload_to(instance, filename):
    return f"publications/{instance.publication.slug}-{instance.fingerprint[:12]}.pdf"


class PublicationPDF(models.Model):
    """A PDF made for one state of a publication (its fingerprint); the newest one is kept.

    Made by publications.tasks, in the background; `status` says where it stands.
    """

    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"
    STATUSES = [(PENDING, "en préparation"), (READY, "prêt"), (FAILED, "échec")]

    publication = models.ForeignKey(PublicationPage, on_delete=models.CASCADE, related_name="pdfs")
    fingerprint = models.CharField("empreinte", max_length=64)
    status = models.CharField("état", max_length=10, choices=STATUSES, default=PENDING)
    file = models.FileField("fichier", upload_to=pdf_upload_to, blank=True)
    pages = models.PositiveIntegerField("pages", default=0)
    size = models.PositiveIntegerField("taille (octets)", default=0)
    seconds = models.FloatField("durée de génération (s)", default=0)
    error = models.TextField("erreur", blank=True)
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    generated_at = models.DateTimeField("généré le", null=True, blank=True)

    class Meta:
        verbose_name = "PDF d'une publication"
        verbose_name_plural = "PDF des publications"
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "fingerprint"], name="publications_one_pdf_per_state"
            )
        ]

    def __str__(self):
        return f"{self.publication} ({self.get_status_display()})"
