"""The comité's audience report (Rapports → Audience) and its dashboard panel.

The figures come from figures.audience; this module only shapes them for the
Wagtail admin: a period selector, the visits by month as an SVG chart with its
table, the pages by visits, and the CSV / XLSX export of those pages.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Page

from initiatives.permissions import is_comite

from . import audience, charts

PAGE_KINDS = [
    ("fiches", "Fiches actions"),
    ("ressources", "Fiches ressources"),
    ("autres", "Autres pages"),
]
PRESETS = [(30, "30 derniers jours"), (90, "3 derniers mois"), (365, "12 derniers mois")]


class AudienceFilterForm(forms.Form):
    """Checks the period: in order, and not in the future."""

    def clean(self):
        data = super().clean()
        start, end = data.get("debut"), data.get("fin")
        if start and end and start > end:
            raise ValidationError("La date de début doit précéder ou égaler la date de fin.")
        today = timezone.localdate()
        if (start and start > today) or (end and end > today):
            raise ValidationError("La période ne peut pas dépasser aujourd'hui.")
        return data


class AudienceFilterSet(WagtailFilterSet):
    """The period (two dates) and the kind of page; the view applies them to the totals."""

    debut = django_filters.DateFilter(
        label="Du", widget=AdminDateInput, method="keep", help_text="Premier jour inclus"
    )
    fin = django_filters.DateFilter(
        label="Au", widget=AdminDateInput, method="keep", help_text="Dernier jour inclus"
    )
    type = django_filters.ChoiceFilter(
        label="Type de page", choices=PAGE_KINDS, method="keep", empty_label="Toutes les pages"
    )

    class Meta:
        model = Page
        fields = []
        form = AudienceFilterForm

    def keep(self, queryset, name, value):
        return queryset


def preset_links(today=None):
    """The period shortcuts, as query strings for the report."""
    today = today or timezone.localdate()
    return [
        {
            "label": label,
            "query": f"?debut={(today - datetime.timedelta(days=days - 1)).isoformat()}"
            f"&fin={today.isoformat()}",
        }
        for days, label in PRESETS
    ]


def default_period():
    return audience.last_months(12)


def page_kind(page):
    name = page.content_type.model
    if name == "initiativepage":
        return "Fiche action"
    if name == "resourcepage":
        return "Fiche ressource"
    return "Page"


class AudienceReportView(ReportView):
    """Pages by visits over a period; the comité alone (admin reports are comité-only)."""

    page_title = "Audience"
    header_icon = "view"
    template_name = "figures/admin/audience_report.html"
    results_template_name = "figures/admin/audience_report_results.html"
    index_url_name = "audience_report"
    index_results_url_name = "audience_report_results"
    filterset_class = AudienceFilterSet
    paginate_by = 50
    export_filename = "audience"
    list_export = ["title", "kind", "centre_name", "address", "period_visits"]
    export_headings = {
        "title": "Page",
        "kind": "Type",
        "centre_name": "Centre",
        "address": "Adresse",
        "period_visits": "Visites",
    }
    columns = [
        TitleColumn("title", label="Page", url_name="wagtailadmin_pages:edit"),
        Column("kind", label="Type"),
        Column("centre_name", label="Centre"),
        Column("period_visits", label="Visites"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_comite(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("Cet espace est réservé au comité éditorial.")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def period(self):
        start, end = default_period()
        filters = self.filters
        if filters is not None and filters.is_valid():
            start = filters.form.cleaned_data.get("debut") or start
            end = filters.form.cleaned_data.get("fin") or end
        return start, end

    @cached_property
    def kind(self):
        filters = self.filters
        if filters is not None and filters.is_valid():
            return filters.form.cleaned_data.get("type") or ""
        return ""

    def get_filename(self):
        start, end = self.period
        return f"audience-{start.isoformat()}-{end.isoformat()}"

    def pages_of_kind(self):
        pages = Page.objects.all()
        kinds = {
            "fiches": Q(content_type__model="initiativepage"),
            "ressources": Q(content_type__model="resourcepage"),
        }
        if self.kind == "autres":
            return pages.exclude(kinds["fiches"] | kinds["ressources"])
        if self.kind in kinds:
            return pages.filter(kinds[self.kind])
        return pages

    def get_queryset(self):
        start, end = self.period
        pages = (
            self.pages_of_kind()
            .filter(visit_days__day__gte=start, visit_days__day__lte=end)
            .select_related("content_type")
        )
        return pages.annotate(period_visits=Sum("visit_days__visits")).order_by(
            "-period_visits", "title"
        )

    def filter_queryset(self, queryset):
        return queryset

    def decorate_paginated_queryset(self, object_list):
        from initiatives.models import InitiativePage

        pages = list(object_list)
        centres = dict(
            InitiativePage.objects.filter(pk__in=[page.pk for page in pages]).values_list(
                "pk", "centre__name"
            )
        )
        for page in pages:
            page.kind = page_kind(page)
            page.centre_name = centres.get(page.pk) or ""
            page.address = page.get_full_url(self.request) or ""
        return pages

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        start, end = self.period
        months = audience.by_month(start, end, self.pages_of_kind() if self.kind else None)
        context.update(
            {
                "period_start": start,
                "period_end": end,
                "period_label": f"du {audience.date_label(start)} au {audience.date_label(end)}",
                "period_total": sum(month.visits for month in months),
                "months": months,
                "months_chart": charts.bar_chart(
                    "visites-mois",
                    "Visites par mois sur la période",
                    [(month.label, month.visits) for month in months],
                    unit="visites",
                ),
                "presets": preset_links(),
                "export_query": self.request.GET.urlencode(),
            }
        )
        return context


class AudiencePanel(Component):
    """The comité's dashboard panel: visits of the last 30 days and 12 months, most viewed."""

    name = "audience"
    template_name = "figures/admin/audience_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        figures = audience.audience()
        return {
            "figures": figures,
            "last_30_days": audience.total(today - datetime.timedelta(days=29), today),
            "report_url": reverse("audience_report"),
        }


def audience_panel(request):
    return AudiencePanel() if is_comite(request.user) else None
