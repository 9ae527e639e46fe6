"""Admin wiring for the audience figures: the comité's report and dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks

from core.menus import ComiteMenuItem

from .reports import AudienceReportView, audience_panel


@hooks.register("register_admin_urls")
def register_audience_report_urls():
    return [
        path("reports/audience/", AudienceReportView.as_view(), name="audience_report"),
        path(
            "reports/audience/resultats/",
            AudienceReportView.as_view(results_only=True),
            name="audience_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_audience_report_menu_item():
    return ComiteMenuItem("Audience", reverse("audience_report"), icon_name="view", order=800)


@hooks.register("construct_homepage_panels")
def add_audience_panel(request, panels):
    panel = audience_panel(request)
    if panel is not None:
        panels.append(panel)
