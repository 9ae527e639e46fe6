"""Admin wiring for the sheets' reference data: centres (modeladmin), axes and themes (snippets)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .models import Axis, Centre, Theme


class CentreAdmin(ModelAdmin):
    model = Centre
    menu_label = "Centres"
    menu_icon = "home"
    menu_order = 210
    add_to_settings_menu = False
    list_display = ("name", "kind", "city", "departement", "region", "territory_type")
    list_filter = ("kind", "region", "territory_type")
    search_fields = ("name", "city", "postcode", "departement")


modeladmin_register(CentreAdmin)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thématiques"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AxisViewSet(SnippetViewSet):
    model = Axis
    icon = "list-ol"
    menu_label = "Axes"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["number", "name"]


register_snippet(ThemeViewSet)
register_snippet(AxisViewSet)
