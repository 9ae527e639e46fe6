"""The contributor's admin: short menu, Mon espace, sheets only, locks respected."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Revision

from initiatives.models import InitiativeIndexPage
from ressources.models import ResourceIndexPage
from tests import editorial as ed
from tests.factories import CentreFactory, InitiativePageFactory

pytestmark = pytest.mark.django_db


def menu_names(html):
    """Names of the admin sidebar's menu items (serialised as JSON in the page)."""
    return set(re.findall(r'"name": "([a-z0-9-]+)"', html))


def test_contributor_menu_is_short(client, site_tree):
    """A contributor's menu shows pages, images and documents; the comité's shows more."""
    contributor = ed.make_contributor("lea@centre.fr", CentreFactory())
    client.force_login(contributor)
    names = menu_names(client.get("/admin/").content.decode())
    assert {"explorer", "images", "documents"} <= names
    assert not names & {"reports", "settings", "help", "thematiques", "axes", "centres"}
    client.force_login(ed.make_comite("comite@plateforme.fr"))
    comite_names = menu_names(client.get("/admin/").content.decode())
    assert {"thematiques", "axes", "centres"} <= comite_names


def test_my_space_lists_the_centre_sheets_with_their_state(client, site_tree):
    """Mon espace: the centre's sheets, their state, and the public link once published."""
    centre = CentreFactory()
    index = InitiativeIndexPage.objects.get()
    author = ed.make_contributor("lea@centre.fr", centre)
    draft = InitiativePageFactory(
        parent=index, centre=centre, title="Brouillon du jardin", live=False
    )
    draft.save_revision(user=author)
    published = InitiativePageFactory(parent=index, centre=centre, title="La fête publiée")
    InitiativePageFactory(parent=index, centre=CentreFactory(), title="Fiche d'ailleurs")
    in_review = InitiativePageFactory(
        parent=index, centre=centre, title="En cours de relecture", live=False
    )
    in_review.save_revision(user=author)
    in_review.get_workflow().start(in_review, author)
    client.force_login(author)
    html = client.get("/admin/").content.decode()
    assert "Mon espace" in html and "Nouvelle action" in html
    rows = re.findall(r'<tr data-state="(\w+)">\s*<td><a href="[^"]+">([^<]+)</a>', html)
    assert {title: state for state, title in rows} == {
        "Brouillon du jardin": "draft",
        "La fête publiée": "live",
        "En cours de relecture": "in_review",
    }
    assert "Fiche d&#x27;ailleurs" not in html and "Fiche d'ailleurs" not in html
    assert published.url in html


def test_my_space_queries_do_not_grow_with_sheets(client, site_tree, django_assert_max_num_queries):
    """The dashboard's query count does not grow with the number of sheets."""
    centre = CentreFactory()
    index = InitiativeIndexPage.objects.get()
    author = ed.make_contributor("lea@centre.fr", centre)
    client.force_login(author)
    InitiativePageFactory(parent=index, centre=centre)
    client.get("/admin/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for _ in range(8):
        InitiativePageFactory(parent=index, centre=centre)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/")


def test_contributors_cannot_create_resources(client, site_tree):
    """Resources stay with the comité: a contributor cannot open the resource form."""
    client.force_login(ed.make_contributor("lea@centre.fr", CentreFactory()))
    index = ResourceIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=("ressources", "resourcepage", index.pk))
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert 'name="title"' not in response.content.decode()


def test_a_lock_stops_other_editors(client, site_tree):
    """When the comité locks a sheet, its centre cannot save it until unlocked."""
    centre = CentreFactory()
    index = InitiativeIndexPage.objects.get()
    author = ed.make_contributor("lea@centre.fr", centre)
    sheet = InitiativePageFactory(parent=index, centre=centre, live=False, owner=author)
    comite = ed.make_comite("comite@plateforme.fr")
    client.force_login(comite)
    client.post(reverse("wagtailadmin_pages:lock", args=(sheet.pk,)))
    client.force_login(author)
    before = Revision.page_revisions.filter(object_id=str(sheet.pk)).count()
    data = ed.sheet_form_data("Nouveau titre", sheet.slug, centre, sheet.axis)
    client.post(ed.edit_url(sheet), data)
    assert Revision.page_revisions.filter(object_id=str(sheet.pk)).count() == before
    client.force_login(comite)
    client.post(reverse("wagtailadmin_pages:unlock", args=(sheet.pk,)))
    client.force_login(author)
    client.post(ed.edit_url(sheet), data)
    assert Revision.page_revisions.filter(object_id=str(sheet.pk)).count() == before + 1


def test_members_and_comite_are_told_about_a_request(client, site_tree):
    """A request to join a centre with members reaches its members and the comité."""
    centre = CentreFactory()
    ed.make_contributor("membre@centre.fr", centre)
    ed.make_comite("comite@plateforme.fr")
    client.post(
        reverse("account_signup"),
        {
            "email": "nouveau@centre.fr",
            "password1": ed.PASSWORD,
            "password2": ed.PASSWORD,
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "centre": centre.pk,
            "accept_terms": "on",
        },
    )
    confirmation = [m for m in mail.outbox if m.to == ["nouveau@centre.fr"]][-1]
    link = next(u for u in re.findall(r"https?://\S+", confirmation.body) if "confirm-email" in u)
    mail.outbox.clear()
    client.post(link.split("testserver", 1)[-1])
    notified = sorted(m.to[0] for m in mail.outbox)
    assert notified == ["comite@plateforme.fr", "membre@centre.fr"]
    assert all("Nina Nouvelle" in m.body for m in mail.outbox)
