"""Admin wiring for search: the comité's report of queries."""

from django.urls import path, reverse
from wagtail import hooks

from core.menus import ComiteMenuItem

from . import views


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/recherches/", views.search_report, name="search_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return ComiteMenuItem(
        "Recherches du public", reverse("search_report"), icon_name="search", order=900
    )
