"""Contributor writes through the API: drafts for their centre, submitted, never published."""

import json

import pytest
from wagtail.models import Page

from initiatives.models import InitiativePage

pytestmark = pytest.mark.django_db


def sheet_payload(**overrides):
    data = {
        "title": "Une gratiferia au centre",
        "summary": "Des habitant·e·s donnent et prennent des objets, sans argent.",
        "axis": "",
        "themes": [],
        "year": 2024,
        "action": "<p>Chaque mois, une <b>gratiferia</b> dans le hall.</p><script>x()</script>",
        "situation": "<p>Beaucoup d'objets jetés, peu de lieux de rencontre.</p>",
        "impacts": [{"audience": "habitants", "points": ["Des voisins qui se parlent."]}],
    }
    data.update(overrides)
    return data


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def axis_slug(world):
    return world.public_sheet.axis.slug


def test_contributor_creates_a_draft_for_their_centre(world, axis_slug):
    """A contributor's token creates a draft of their centre; nothing goes online."""
    theme = world.public_sheet.themes.get()
    response = post(
        world.client("a"), "/api/v3/sheets/", sheet_payload(axis=axis_slug, themes=[theme.slug])
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "brouillon"
    page = InitiativePage.objects.get(pk=data["id"])
    assert page.live is False
    assert page.centre == world.centre_a
    assert list(page.themes.values_list("slug", flat=True)) == [theme.slug]
    assert page.get_parent().pk == world.index.pk
    assert "<script>" not in str(page.body.raw_data)
    assert world.client("anonymous").get(f"/api/v3/pages/{page.pk}/").status_code == 404


def test_invalid_sheet_gets_french_errors_and_saves_nothing(world, axis_slug):
    """Missing impacts and an unknown theme give 422 with French messages and no page."""
    before = Page.objects.count()
    response = post(
        world.client("a"),
        "/api/v3/sheets/",
        sheet_payload(axis=axis_slug, themes=["inconnue"], impacts=[]),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    messages = " ".join(error["msg"] for error in response.json()["errors"])
    assert "Thématique inconnue" in messages
    response = post(world.client("a"), "/api/v3/sheets/", sheet_payload(axis=axis_slug, impacts=[]))
    assert response.status_code == 422
    messages = " ".join(error["msg"] for error in response.json()["errors"])
    assert "« Les impacts »" in messages
    assert Page.objects.count() == before


def test_contributor_cannot_write_for_another_centre(world, axis_slug):
    """Naming another centre is refused; B's sheets are unknown to A's token."""
    response = post(
        world.client("a"),
        "/api/v3/sheets/",
        sheet_payload(axis=axis_slug, centre=world.centre_b.pk),
    )
    assert response.status_code == 422
    response = patch(
        world.client("a"), f"/api/v3/sheets/{world.public_sheet_b.pk}/", {"title": "Piraté"}
    )
    assert response.status_code == 404
    world.public_sheet_b.refresh_from_db()
    assert world.public_sheet_b.get_latest_revision_as_object().title != "Piraté"


def test_editing_a_published_sheet_keeps_the_live_version(world):
    """A PATCH saves a draft revision; the public still reads the published text."""
    url = f"/api/v3/sheets/{world.public_sheet.pk}/"
    response = patch(
        world.client("a"),
        url,
        {
            "title": "Nouveau titre",
            "impacts": [{"audience": "territoire", "points": ["Un quartier plus vivant."]}],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "publiee_avec_brouillon"
    live = world.client("anonymous").get(f"/api/v3/pages/{world.public_sheet.pk}/").json()
    assert live["title"] == world.public_sheet.title
    world.public_sheet.refresh_from_db()
    draft = world.public_sheet.get_latest_revision_as_object()
    assert draft.title == "Nouveau titre"
    assert [impact["audience"] for impact in draft.impacts] == ["territoire"]
    # The other sections are kept.
    assert draft.section("action") is not None


def test_submit_starts_the_comite_workflow_once(world):
    """Submitting puts the sheet in the comité's hands; a second submit is a conflict."""
    url = f"/api/v3/sheets/{world.draft_sheet.pk}/submit/"
    response = world.client("a").post(url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "en_relecture"
    world.draft_sheet.refresh_from_db()
    assert world.draft_sheet.workflow_in_progress
    assert world.draft_sheet.live is False
    again = world.client("a").post(url)
    assert again.status_code == 409
    assert "déjà en relecture" in again.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/{pk}/actions/publish/",
    ],
)
def test_contributor_can_never_publish(world, url):
    """Wagtail's publish action and create-with-publish refuse a contributor's token."""
    response = world.client("a").post(url.format(pk=world.draft_sheet.pk))
    assert response.status_code == 403
    world.draft_sheet.refresh_from_db()
    assert world.draft_sheet.live is False
    response = patch(
        world.client("a"),
        f"/api/v3/pages/{world.draft_sheet.pk}/",
        {"meta": {"action": "publish"}, "title": "Publiée en douce"},
    )
    assert response.status_code in (403, 422)
    world.draft_sheet.refresh_from_db()
    assert world.draft_sheet.live is False


def test_writes_need_a_token(world, axis_slug):
    """Without a token (even with an admin session) writes answer 401."""
    client = world.client("anonymous")
    client.force_login(world.users["comite"])
    response = post(client, "/api/v3/sheets/", sheet_payload(axis=axis_slug))
    assert response.status_code == 401
    assert client.post(f"/api/v3/sheets/{world.draft_sheet.pk}/submit/").status_code == 401


def test_resubmitting_after_requested_changes_resumes_the_workflow(world):
    """When the comité asks for changes, the contributor edits and resubmits the same review."""
    page = world.awaiting_sheet
    state = page.current_workflow_state
    state.current_task_state.specific.reject(user=world.users["comite"])
    status = world.client("a").get(f"/api/v3/sheets/{page.pk}/").json()
    assert status["status"] == "modifications_demandees"
    url = f"/api/v3/sheets/{page.pk}/"
    assert patch(world.client("a"), url, {"summary": "Un résumé revu."}).status_code == 200
    response = world.client("a").post(f"/api/v3/sheets/{page.pk}/submit/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "en_relecture"
    state.refresh_from_db()
    assert state.status == state.STATUS_IN_PROGRESS


def test_unknown_and_foreign_sheets_answer_alike(world):
    """A missing id and another centre's sheet give the same 404 message."""
    client = world.client("a")
    missing = client.get("/api/v3/sheets/999999/")
    foreign = client.get(f"/api/v3/sheets/{world.public_sheet_b.pk}/")
    assert missing.status_code == foreign.status_code == 404
    assert (
        missing.json()["detail"] == foreign.json()["detail"] == "Aucune fiche action ne correspond."
    )
