"""Who may do what with one sheet of centre A, as a draft and once published.

Each cell is checked through the admin (HTTP) or Wagtail's own permission tester,
never through a parallel rule: the table below is the specification.
"""

import pytest
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from initiatives.models import InitiativeIndexPage, InitiativePage
from tests import editorial as ed
from tests.factories import AxisFactory, CentreFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["listed", "open", "save", "submit", "approve", "publish", "unpublish", "delete"]
Y, N = True, False
# role: (listed, open, save, submit, approve, publish, unpublish, delete) for a draft
# never published, then for a published sheet. Unpublishing a never-published draft
# means nothing (Wagtail offers it to nobody): that cell is None.
MATRIX = {
    "anonymous": ((N, N, N, N, N, N, None, N), (N, N, N, N, N, N, N, N)),
    "unconfirmed": ((N, N, N, N, N, N, None, N), (N, N, N, N, N, N, N, N)),
    "pending_a": ((N, N, N, N, N, N, None, N), (N, N, N, N, N, N, N, N)),
    "author_a": ((Y, Y, Y, Y, N, N, None, Y), (Y, Y, Y, Y, N, N, N, N)),
    "other_a": ((Y, Y, Y, Y, N, N, None, Y), (Y, Y, Y, Y, N, N, N, N)),
    "contributor_b": ((N, N, N, N, N, N, None, N), (N, N, N, N, N, N, N, N)),
    "comite": ((Y, Y, Y, Y, Y, Y, None, Y), (Y, Y, Y, Y, Y, Y, Y, Y)),
    "admin": ((Y, Y, Y, Y, Y, Y, None, Y), (Y, Y, Y, Y, Y, Y, Y, Y)),
}


@pytest.fixture
def world(site_tree):
    """Centres A and B, one account per role, and a sheet of A written by its author."""
    centre_a = CentreFactory(name="Centre A")
    centre_b = CentreFactory(name="Centre B")
    users = {
        "anonymous": None,
        "unconfirmed": ed.make_pending("nonconfirme@a.fr", centre_a, verified=False),
        "pending_a": ed.make_pending("attente@a.fr", centre_a),
        "author_a": ed.make_contributor("autrice@a.fr", centre_a),
        "other_a": ed.make_contributor("collegue@a.fr", centre_a),
        "contributor_b": ed.make_contributor("contrib@b.fr", centre_b),
        "comite": ed.make_comite("comite@plateforme.fr"),
        "admin": ed.make_admin("admin@plateforme.fr"),
    }
    index = InitiativeIndexPage.objects.get()
    axis = AxisFactory()
    sheet = InitiativePage(
        title="Un jardin partagé",
        slug="un-jardin-partage",
        summary="Des voisin·e·s cultivent ensemble.",
        centre=centre_a,
        axis=axis,
        year=2020,
        body=[
            {"type": "action", "value": "<p>Des carrés potagers.</p>"},
            {"type": "situation", "value": "<p>Pas d'espace vert.</p>"},
            {
                "type": "impacts",
                "value": [{"audience": "habitants", "points": ["Des liens."]}],
            },
        ],
        owner=users["author_a"],
        live=False,
    )
    index.add_child(instance=sheet)
    sheet.save_revision(user=users["author_a"])
    return {"users": users, "sheet": sheet, "index": index, "axis": axis, "centre": centre_a}


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def edit_data(world, sheet, **actions):
    return ed.sheet_form_data(
        sheet.title + " (modifiée)", sheet.slug, world["centre"], world["axis"], **actions
    )


def check(action, client, world, user, sheet):
    """Try one action; return whether it was allowed."""
    if action == "listed":
        response = client.get(ed.explorer_url(world["index"]))
        return response.status_code == 200 and ed.edit_url(sheet) in response.content.decode()
    if action == "open":
        response = client.get(ed.edit_url(sheet))
        return response.status_code == 200 and 'name="title"' in response.content.decode()
    if action == "save":
        before = Revision.page_revisions.filter(object_id=str(sheet.pk)).count()
        client.post(ed.edit_url(sheet), edit_data(world, sheet))
        return Revision.page_revisions.filter(object_id=str(sheet.pk)).count() == before + 1
    if action == "submit":
        client.post(ed.edit_url(sheet), edit_data(world, sheet, **{"action-submit": "1"}))
        return ed.reload(sheet).workflow_in_progress
    if action == "approve":
        # The author submits, then this user tries to approve the comité's task.
        author = world["users"]["author_a"]
        sheet.save_revision(user=author)
        ed.reload(sheet).get_workflow().start(ed.reload(sheet), author)
        state = WorkflowState.objects.get(object_id=str(sheet.pk), status="in_progress")
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=(sheet.pk, "approve", state.current_task_state.pk),
        )
        client.post(url, {})
        state.refresh_from_db()
        return state.status == WorkflowState.STATUS_APPROVED
    if action == "publish":
        client.post(ed.edit_url(sheet), edit_data(world, sheet, **{"action-publish": "1"}))
        page = ed.reload(sheet)
        return page.live and not page.has_unpublished_changes and page.title.endswith("(modifiée)")
    if action == "unpublish":
        client.post(reverse("wagtailadmin_pages:unpublish", args=(sheet.pk,)), {})
        return not ed.reload(sheet).live
    if action == "delete":
        client.post(reverse("wagtailadmin_pages:delete", args=(sheet.pk,)), {})
        return not InitiativePage.objects.filter(pk=sheet.pk).exists()
    raise AssertionError(action)


def run_matrix(client, world, role, state):
    user = world["users"][role]
    expected = dict(zip(ACTIONS, MATRIX[role][0 if state == "draft" else 1], strict=True))
    results = {}
    for action in ACTIONS:
        if expected[action] is None:
            continue
        # Each action starts from a fresh copy of the sheet in the wanted state.
        sheet = fresh_sheet(world, state)
        results[action] = check(action, client_for(client, user), world, user, sheet)
    assert results == {a: e for a, e in expected.items() if e is not None}


def fresh_sheet(world, state):
    """A new sheet of centre A, owned by its author, as a draft or published."""
    base = world["sheet"]
    count = InitiativePage.objects.count()
    sheet = InitiativePage(
        title=f"Fiche {count}",
        slug=f"fiche-{count}",
        summary=base.summary,
        centre=base.centre,
        axis=base.axis,
        year=base.year,
        body=base.body.raw_data,
        owner=base.owner,
        live=False,
    )
    world["index"].add_child(instance=sheet)
    revision = sheet.save_revision(user=base.owner)
    if state == "published":
        revision.publish()
    return ed.reload(sheet)


@pytest.mark.parametrize("role", list(MATRIX))
def test_matrix_on_a_draft(client, world, role):
    """The permission matrix on a draft never published."""
    run_matrix(client, world, role, "draft")


@pytest.mark.parametrize("role", list(MATRIX))
def test_matrix_on_a_published_sheet(client, world, role):
    """The permission matrix on a published sheet."""
    run_matrix(client, world, role, "published")


def test_sheet_in_review_is_locked_for_its_centre(client, world):
    """While the comité reviews a sheet, its centre can view it but not edit it."""
    author = world["users"]["author_a"]
    sheet = fresh_sheet(world, "draft")
    sheet.get_workflow().start(sheet, author)
    client.force_login(world["users"]["other_a"])
    assert client.get(ed.edit_url(sheet)).status_code == 200
    before = Revision.page_revisions.filter(object_id=str(sheet.pk)).count()
    client.post(ed.edit_url(sheet), edit_data(world, sheet))
    assert Revision.page_revisions.filter(object_id=str(sheet.pk)).count() == before
    assert ed.reload(sheet).permissions_for_user(author).page_locked()
    comite = world["users"]["comite"]
    assert not ed.reload(sheet).permissions_for_user(comite).page_locked()


LEAKY_URLS = [
    "/admin/pages/search/?q=Fiche",
    "/admin/pages/usage/initiatives/initiativepage/",
    "/admin/pages/usage/initiatives/initiativepage/results/",
    "/admin/api/main/pages/?child_of={index}",
    "/admin/api/main/pages/{sheet}/",
    "/admin/reports/site-history/",
    "/admin/reports/page-types-usage/",
    "/admin/bulk/wagtailcore/page/delete/?id={sheet}",
    "/admin/bulk/wagtailcore/page/publish/?id={sheet}",
    "/admin/pages/{sheet}/history/",
    "/admin/pages/{sheet}/revisions/",
    "/admin/pages/{sheet}/view_draft/",
    "/admin/pages/{sheet}/copy/",
]


@pytest.mark.parametrize("url", LEAKY_URLS)
def test_other_centres_draft_leaks_nowhere(client, world, url):
    """No admin screen shows a contributor of B the title of A's draft."""
    sheet = fresh_sheet(world, "draft")
    client.force_login(world["users"]["contributor_b"])
    response = client.get(url.format(index=world["index"].pk, sheet=sheet.pk), follow=True)
    assert sheet.title not in response.content.decode()
    # The same screens do show it to its centre (where they are not comité-only).
    client.force_login(world["users"]["comite"])
    shown = client.get(url.format(index=world["index"].pk, sheet=sheet.pk), follow=True)
    assert shown.status_code == 200


def test_moving_a_sheet_to_another_centre_moves_its_rights(client, world):
    """When the comité gives a sheet to another centre, its former author loses it."""
    sheet = fresh_sheet(world, "draft")
    author = world["users"]["author_a"]
    assert sheet.permissions_for_user(author).can_edit()
    sheet.centre = CentreFactory(name="Centre C")
    sheet.save()
    sheet = ed.reload(sheet)
    # Fresh user objects: Wagtail caches a user's permissions on the instance.
    users = type(author).objects
    assert sheet.owner is None
    assert not sheet.permissions_for_user(users.get(pk=author.pk)).can_edit()
    assert not sheet.permissions_for_user(users.get(pk=world["users"]["other_a"].pk)).can_edit()
