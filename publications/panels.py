"""Editor panels of the publications."""

from django.utils.html import format_html_join
from wagtail.admin.panels import Panel


class UnavailableSheetsPanel(Panel):
    """A warning listing the chosen sheets that are no longer online (left out of the print)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "publications/admin/unavailable_sheets_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            page = self.instance
            self.sheets = page.unavailable_sheets() if page is not None and page.pk else []

        def is_shown(self):
            return bool(self.sheets)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["items"] = format_html_join(
                "", "<li>{}</li>", ((sheet.get_admin_display_title(),) for sheet in self.sheets)
            )
            context["count"] = len(self.sheets)
            return context

    @property
    def clean_name(self):
        return super().clean_name or "fiches_indisponibles"
