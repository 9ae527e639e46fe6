"""Headless preview: signed tokens that expire, two preview modes in the admin."""

import json

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from core import preview
from tests.editorial import sheet_form_data

from .conftest import DRAFT, DRAFT_CHANGES

pytestmark = pytest.mark.django_db


def create_token(client, page_id):
    return client.post(
        "/api/v3/preview/", json.dumps({"page_id": page_id}), content_type="application/json"
    )


def test_editor_gets_a_token_and_anyone_with_it_reads_the_draft(world):
    """B's token previews its draft changes; the preview is typed like a page detail."""
    response = create_token(world.client("b"), world.changed_sheet.pk)
    assert response.status_code == 201
    token = response.json()["token"]
    read = world.client("anonymous").get("/api/v3/preview/", {"token": token})
    assert read.status_code == 200
    data = read.json()
    assert DRAFT_CHANGES in data["title"]
    assert data["meta"]["type"] == "initiatives.InitiativePage"
    assert data["centre"]["name"] == world.centre_b.name
    assert read["Cache-Control"] == "private, no-store"
    # The published version is untouched.
    live = world.client("anonymous").get(f"/api/v3/pages/{world.changed_sheet.pk}/").json()
    assert DRAFT_CHANGES not in live["title"]


def test_no_token_for_pages_the_account_may_not_edit(world):
    """A cannot preview B's sheet; anonymous callers cannot ask for a token."""
    assert create_token(world.client("a"), world.changed_sheet.pk).status_code == 404
    assert create_token(world.client("anonymous"), world.changed_sheet.pk).status_code == 401
    assert create_token(world.client("comite"), world.draft_sheet.pk).status_code == 201


@pytest.mark.parametrize("token", ["", "abc", "abc:def", "pas:un:jeton"])
def test_forged_tokens_are_refused(world, token):
    """Malformed or forged tokens answer 401/422 in problem+json, never the draft."""
    response = world.client("anonymous").get("/api/v3/preview/", {"token": token})
    assert response.status_code in (401, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert DRAFT not in response.content.decode()


def test_a_token_signed_for_another_purpose_is_refused(world):
    """A value signed with the site's key but another salt is not a preview token."""
    forged = signing.TimestampSigner(salt="autre-chose").sign(
        "00000000-0000-0000-0000-000000000000"
    )
    response = world.client("anonymous").get("/api/v3/preview/", {"token": forged})
    assert response.status_code == 401


def test_tokens_expire(world):
    """Past PREVIEW_TOKEN_MAX_AGE seconds, the token is refused with a French message."""
    token, _expires = preview.create_preview(world.draft_sheet, world.users["a"])
    client = world.client("anonymous")
    assert client.get("/api/v3/preview/", {"token": token}).status_code == 200
    with override_settings(PREVIEW_TOKEN_MAX_AGE=-1):
        response = client.get("/api/v3/preview/", {"token": token})
    assert response.status_code == 401
    assert "expiré" in response.json()["detail"]


def test_admin_offers_both_preview_modes(world):
    """The editor previews the HTML page or the front-end (API) version of the draft."""
    from django.test import Client

    client = Client()
    client.force_login(world.users["a"])
    page = world.draft_sheet.specific
    assert [mode for mode, _label in page.preview_modes] == ["", "headless"]
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    # The editor's unsaved changes, as the preview panel posts them.
    data = sheet_form_data(f"Titre {DRAFT} non enregistré", page.slug, page.centre, page.axis)
    posted = client.post(url, data)
    assert posted.json()["is_valid"] is True
    html = client.get(url, {"mode": ""})
    headless = client.get(url, {"mode": "headless"})
    assert html.status_code == 200 and headless.status_code == 200
    assert f"Titre {DRAFT} non enregistré" in html.content.decode()
    body = headless.content.decode()
    assert "/api/v3/preview/?token=" in body
    token = body.split("/api/v3/preview/?token=")[1].split("'")[0].split('"')[0]
    from html import unescape
    from urllib.parse import unquote

    read = Client().get("/api/v3/preview/", {"token": unquote(unescape(token))})
    assert read.status_code == 200, read.content
    assert read.json()["title"] == f"Titre {DRAFT} non enregistré"


@override_settings(HEADLESS_PREVIEW_URL="https://front.example.org/apercu")
def test_configured_front_end_receives_the_token(world):
    """With HEADLESS_PREVIEW_URL set, the token response names the front end's URL."""
    response = create_token(world.client("a"), world.draft_sheet.pk)
    front_url = response.json()["front_url"]
    assert front_url.startswith("https://front.example.org/apercu?token=")
    assert "type=initiatives.InitiativePage" in front_url
