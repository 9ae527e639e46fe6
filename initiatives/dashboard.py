"""'Mon espace': the contributor's dashboard panel in the Wagtail admin home."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from figures import audience

from .models import InitiativeIndexPage, InitiativePage
from .permissions import accepted_centre

STATE_LABELS = {
    "draft": "Brouillon",
    "in_review": "En relecture",
    "needs_changes": "À compléter",
    "live": "Publiée",
    "live_changed": "Publiée, modifications en cours",
}


def sheet_states(pages):
    """Map each sheet's pk to its editorial state, with one query for the workflow states."""
    page_type = ContentType.objects.get_for_model(Page)
    states = {
        int(object_id): status
        for object_id, status in WorkflowState.objects.active()
        .filter(base_content_type=page_type, object_id__in=[str(page.pk) for page in pages])
        .values_list("object_id", "status")
    }
    result = {}
    for page in pages:
        workflow_status = states.get(page.pk)
        if workflow_status == WorkflowState.STATUS_IN_PROGRESS:
            result[page.pk] = "in_review"
        elif workflow_status == WorkflowState.STATUS_NEEDS_CHANGES:
            result[page.pk] = "needs_changes"
        elif page.live:
            result[page.pk] = "live_changed" if page.has_unpublished_changes else "live"
        else:
            result[page.pk] = "draft"
    return result


def new_sheet_url():
    index = InitiativeIndexPage.objects.first()
    if index is None:
        return None
    return reverse("wagtailadmin_pages:add", args=("initiatives", "initiativepage", index.pk))


class MySpacePanel(Component):
    """The centre's sheets with their state, last change and public link; "Nouvelle action"."""

    name = "mon_espace"
    template_name = "initiatives/admin/my_space_panel.html"
    order = 50

    def __init__(self, centre):
        self.centre = centre

    def get_context_data(self, parent_context):
        request = parent_context.get("request")
        sheets = list(
            InitiativePage.objects.filter(centre=self.centre)
            .defer_streamfields()
            .order_by("-latest_revision_created_at")
        )
        states = sheet_states(sheets)
        today = timezone.localdate()
        year_start, _ = audience.last_months(12, today)
        ids = [sheet.pk for sheet in sheets]
        visits_year = audience.per_page(ids, year_start, today)
        visits_month = audience.per_page(ids, today - datetime.timedelta(days=29), today)
        return {
            "centre": self.centre,
            "new_sheet_url": new_sheet_url(),
            "year_label": "12 mois",
            "rows": [
                {
                    "page": sheet,
                    "state": states[sheet.pk],
                    "state_label": STATE_LABELS[states[sheet.pk]],
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[sheet.pk]),
                    # With the request, Wagtail caches the site root paths once for all rows.
                    "public_url": sheet.get_url(request) if sheet.live else None,
                    "visits_month": visits_month.get(sheet.pk, 0),
                    "visits_year": visits_year.get(sheet.pk, 0),
                }
                for sheet in sheets
            ],
        }


def my_space_panel(request):
    centre = accepted_centre(request.user)
    return MySpacePanel(centre) if centre is not None else None
