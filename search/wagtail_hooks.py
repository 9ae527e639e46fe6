"""Admin wiring for search: the comité's report of queries."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from initiatives.permissions import is_comite

from . import views


class ComiteMenuItem(MenuItem):
    def is_shown(self, request):
        return is_comite(request.user)


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/recherches/", views.search_report, name="search_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return ComiteMenuItem(
        "Recherches du public", reverse("search_report"), icon_name="search", order=900
    )
