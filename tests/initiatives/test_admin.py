"""Writing a sheet in the Wagtail editor: refused without its sections, nothing half-saved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from initiatives.models import InitiativeIndexPage, InitiativePage
from tests import editorial as ed
from tests.factories import AxisFactory, CentreFactory, InitiativePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("comite@example.org", "mot-de-passe-solide")
    client.force_login(user)
    return client


def sheet_form_data(sections):
    return ed.sheet_form_data(
        "Un jardin partagé au pied des immeubles",
        "un-jardin-partage",
        CentreFactory(),
        AxisFactory(),
        sections=sections,
    )


def add_url():
    index = InitiativeIndexPage.objects.get()
    return reverse("wagtailadmin_pages:add", args=("initiatives", "initiativepage", index.pk))


def test_editor_refuses_sheet_without_action(site_tree, admin_client):
    """Without "L'action" the editor shows the French message and saves nothing."""
    data = sheet_form_data(
        [
            ("situation", rich_text("<p>Un quartier sans espace vert.</p>")),
            ("impacts", ed.impacts_form_data("habitants", "Des liens entre voisins.")),
        ]
    )
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    body_error = response.context["form"].errors["body"].as_data()[0]
    messages = [str(message) for message in body_error.non_block_errors]
    assert any("La fiche doit contenir la section « L'action »" in m for m in messages)
    assert not InitiativePage.objects.filter(slug="un-jardin-partage").exists()


def test_editor_saves_complete_sheet(site_tree, admin_client):
    """With its three sections the sheet is saved as a draft."""
    data = sheet_form_data(
        [
            ("action", rich_text("<p>Les habitant·e·s ont planté des carrés potagers.</p>")),
            ("situation", rich_text("<p>Un quartier sans espace vert.</p>")),
            ("impacts", ed.impacts_form_data("territoire", "Un square plus vivant.")),
        ]
    )
    response = admin_client.post(add_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = InitiativePage.objects.get(slug="un-jardin-partage")
    assert page.impacts[0]["audience"] == "territoire"
    assert page.territory_type == "urbain"
    assert not page.live


def test_admin_screens_answer_in_french(site_tree, admin_client):
    """The editor, the centres directory (modeladmin) and the theme snippets open, in French."""
    index = InitiativeIndexPage.objects.get()
    page = InitiativePageFactory(parent=index)
    urls = [
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        add_url(),
        "/admin/initiatives/centre/",
        "/admin/initiatives/centre/create/",
        reverse("wagtailsnippets_initiatives_theme:list"),
        reverse("wagtailsnippets_initiatives_axis:list"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert 'lang="fr"' in response.content.decode()
    edit = admin_client.get(urls[0]).content.decode()
    assert "L&#x27;action" in edit or "L'action" in edit
    assert "Thématiques" in admin_client.get(urls[4]).content.decode()
