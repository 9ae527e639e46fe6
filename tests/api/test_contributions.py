"""Contributor writes through the API: drafts for their centre, submitted, never published."""

import json

import pytest
from wagtail.models import Page, Revision

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


def test_a_cover_image_needs_its_alternative_text(world):
    """A sheet whose cover has no alt text gets a French 422 until the PATCH gives one."""
    from initiatives.models import InitiativePage

    url = f"/api/v3/sheets/{world.public_sheet.pk}/"
    InitiativePage.objects.filter(pk=world.public_sheet.pk).update(cover_image_alt="")
    refused = patch(world.client("a"), url, {"summary": "Un résumé revu."})
    assert refused.status_code == 422
    assert "texte alternatif est obligatoire" in refused.content.decode()
    accepted = patch(
        world.client("a"),
        url,
        {"summary": "Un résumé revu.", "cover_image_alt": "Des jardinier·e·s au potager"},
    )
    assert accepted.status_code == 200, accepted.content
    draft = InitiativePage.objects.get(pk=world.public_sheet.pk).get_latest_revision_as_object()
    assert draft.cover_image_alt == "Des jardinier·e·s au potager"


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


def page_states():
    """Every page's publication state and latest content, and the number of revisions."""
    pages = {
        page.pk: (
            page.live,
            page.title,
            page.draft_title,
            page.slug,
            page.url_path,
            page.latest_revision_id,
            page.live_revision_id,
            page.has_unpublished_changes,
            page.last_published_at,
            page.owner_id,
        )
        for page in Page.objects.all()
    }
    return pages, Revision.objects.count()


def call(client, method, url, data=None):
    if data is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def refused_calls(calls, client):
    """(method, url, status) of the calls not answered as expected or that changed a page."""
    wrong = []
    for method, url, data, expected in calls:
        before = page_states()
        response = call(client, method, url, data)
        if response.status_code != expected or page_states() != before:
            wrong.append((method, url, response.status_code, response.content[:200]))
    return wrong


def sheet_meta(**meta):
    return {"meta": {"type": "initiatives.InitiativePage", **meta}}


def test_contributor_can_never_publish(world):
    """Every way Wagtail's v3 API offers to publish refuses A's token (403) and leaves
    every page as it was: create-with-publish, PATCH with publish, the publish,
    unpublish, copy-keeping-live and alias actions, deleting a published sheet."""
    index, resources = world.index.pk, world.resource.get_parent().pk
    draft, public, awaiting = world.draft_sheet.pk, world.public_sheet.pk, world.awaiting_sheet.pk
    new_sheet = {**sheet_meta(parent_id=index, action="publish"), "title": "Publiée en douce"}
    new_resource = {
        "meta": {"type": "ressources.ResourcePage", "parent_id": resources, "action": "publish"},
        "title": "Ressource publiée en douce",
    }
    calls = [
        ("post", "/api/v3/pages/", new_sheet, 403),
        ("post", "/api/v3/pages/", new_resource, 403),
        *[
            ("patch", f"/api/v3/pages/{pk}/", {**sheet_meta(action="publish"), "title": "Pub"}, 403)
            for pk in (draft, public, awaiting)
        ],
        *[("post", f"/api/v3/pages/{pk}/actions/publish/", None, 403) for pk in (draft, public)],
        ("post", f"/api/v3/pages/{awaiting}/actions/publish/", None, 403),
        ("post", f"/api/v3/pages/{public}/actions/unpublish/", {}, 403),
        ("post", f"/api/v3/pages/{public}/actions/copy/", {"keep_live": True, "slug": "x"}, 403),
        ("post", f"/api/v3/pages/{public}/actions/create_alias/", {"slug": "alias"}, 403),
        ("post", f"/api/v3/pages/{draft}/actions/create_alias/", {"slug": "alias"}, 403),
        # Deleting a published sheet would take it offline: the comité's decision.
        ("delete", f"/api/v3/pages/{public}/", None, 403),
        ("delete", f"/api/v3/pages/{public}/actions/delete/", None, 403),
    ]
    assert refused_calls(calls, world.client("a")) == []
    # The same token may save a draft through the same endpoint: the refusals are not
    # a broken token.
    response = call(
        world.client("a"), "patch", f"/api/v3/pages/{draft}/", {**sheet_meta(), "title": "Revu"}
    )
    assert response.status_code == 200, response.content
    world.draft_sheet.refresh_from_db()
    assert world.draft_sheet.live is False
    assert world.draft_sheet.get_latest_revision_as_object().title == "Revu"


def test_contributor_cannot_touch_another_centres_sheets(world):
    """A's token cannot edit, publish, delete, move, revert, copy or unpublish B's
    sheets (nor B's private photo) through Wagtail's v3 API or the project's."""
    b_sheet, changed = world.public_sheet_b.pk, world.changed_sheet.pk
    photo = world.private_image_b.pk
    calls = [
        ("patch", f"/api/v3/pages/{b_sheet}/", {**sheet_meta(), "title": "Piraté"}, 403),
        ("patch", f"/api/v3/pages/{b_sheet}/", {"title": "Piraté"}, 403),
        ("patch", f"/api/v3/pages/{changed}/", {**sheet_meta(action="publish")}, 403),
        ("delete", f"/api/v3/pages/{b_sheet}/", None, 403),
        ("delete", f"/api/v3/pages/{b_sheet}/actions/delete/", None, 403),
        ("post", f"/api/v3/pages/{b_sheet}/actions/publish/", None, 403),
        ("post", f"/api/v3/pages/{changed}/actions/publish/", None, 403),
        ("post", f"/api/v3/pages/{b_sheet}/actions/unpublish/", {}, 403),
        ("post", f"/api/v3/pages/{b_sheet}/actions/move/", {"destination_id": world.index.pk}, 403),
        (
            "post",
            f"/api/v3/pages/{changed}/actions/revert/",
            {"revision_id": world.changed_sheet.live_revision_id},
            403,
        ),
        ("post", f"/api/v3/pages/{b_sheet}/actions/copy/", {"keep_live": False}, 403),
        ("patch", f"/api/v3/sheets/{b_sheet}/", {"title": "Piraté"}, 404),
        ("post", f"/api/v3/sheets/{changed}/submit/", None, 404),
        ("patch", f"/api/v3/images/{photo}/", {"title": "Piratée"}, 403),
        ("delete", f"/api/v3/images/{photo}/", None, 403),
    ]
    assert refused_calls(calls, world.client("a")) == []
    assert world.private_image_b._meta.model.objects.get(pk=photo).title == (
        world.private_image_b.title
    )


def test_contributor_cannot_hand_a_sheet_to_another_centre(world):
    """Through Wagtail's PATCH, the centre of A's sheet stays A's (the field is fixed)."""
    url = f"/api/v3/pages/{world.public_sheet.pk}/"
    response = call(world.client("a"), "patch", url, {**sheet_meta(), "centre": world.centre_b.pk})
    assert response.status_code == 200
    world.public_sheet.refresh_from_db()
    assert world.public_sheet.centre == world.centre_a
    assert world.public_sheet.get_latest_revision_as_object().centre == world.centre_a


def test_wagtail_create_of_an_incomplete_sheet_is_a_422(world):
    """Wagtail's create operation cannot fill a sheet's centre, axis or year: a French
    422 problem, no page left behind (it used to be a server error)."""
    before = page_states()
    response = call(
        world.client("a"),
        "post",
        "/api/v3/pages/",
        {**sheet_meta(parent_id=world.index.pk), "title": "Une fiche incomplète"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "POST /api/v3/sheets/" in response.json()["detail"]
    assert page_states() == before


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
