"""Admin wiring for the sheets' reference data: centres (modeladmin), axes and themes (snippets)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .dashboard import my_space_panel
from .models import Axis, Centre, Theme
from .permissions import hide_other_centres_sheets, is_comite


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


# --- Editorial permissions and the contributor's space (rules live in permissions.py) ---

CONTRIBUTOR_MENU_ITEMS = {"explorer", "images", "documents", "demandes-dadhesion"}


@hooks.register("construct_explorer_page_queryset")
def hide_other_centres_in_explorer(parent_page, pages, request):
    return hide_other_centres_sheets(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_other_centres_drafts_in_chooser(pages, request):
    return hide_other_centres_sheets(pages, request.user, drafts_only=True)


@hooks.register("construct_main_menu")
def short_menu_for_contributors(request, menu_items):
    if is_comite(request.user):
        return
    menu_items[:] = [item for item in menu_items if item.name in CONTRIBUTOR_MENU_ITEMS]


@hooks.register("construct_homepage_panels")
def add_my_space_panel(request, panels):
    panel = my_space_panel(request)
    if panel is not None:
        panels.insert(0, panel)
