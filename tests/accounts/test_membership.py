"""Centre membership decisions, Mon compte (data, deletion) and media isolation."""

import io
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

from accounts.models import Membership
from initiatives.models import InitiativeIndexPage, InitiativePage
from initiatives.permissions import centre_collection, shared_collection
from tests import editorial as ed
from tests.factories import CentreFactory, InitiativePageFactory

pytestmark = pytest.mark.django_db


def png(name="photo.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_member_of_the_centre_accepts_a_colleague(client, site_tree):
    """A centre with members: one of them may accept a newcomer, another centre may not."""
    centre = CentreFactory()
    member = ed.make_contributor("membre@centre.fr", centre)
    outsider = ed.make_contributor("autre@ailleurs.fr", CentreFactory())
    newcomer = ed.make_pending("nouveau@centre.fr", centre)
    client.force_login(outsider)
    url = reverse("membership_decide", args=(newcomer.membership.pk, "accepter"))
    assert client.post(url).status_code in (302, 403)
    newcomer.membership.refresh_from_db()
    assert newcomer.membership.is_pending
    client.force_login(member)
    listing = client.get(reverse("membership_requests")).content.decode()
    assert "nouveau@centre.fr" in listing
    mail.outbox.clear()
    client.post(url)
    newcomer.membership.refresh_from_db()
    assert newcomer.membership.is_accepted
    assert [m.to for m in mail.outbox] == [["nouveau@centre.fr"]]
    assert "Vous pouvez contribuer" in mail.outbox[0].subject


def test_first_account_of_a_centre_is_for_the_comite(client, site_tree):
    """Nobody but the comité decides a centre's first account or a proposed centre."""
    centre = CentreFactory(is_validated=False)
    first = ed.make_pending("premier@centre.fr", centre)
    comite = ed.make_comite("comite@plateforme.fr")
    # A refused account of the same centre does not count as a member.
    client.force_login(first)
    assert client.post(
        reverse("membership_decide", args=(first.membership.pk, "accepter"))
    ).status_code in (302, 403)
    first.membership.refresh_from_db()
    assert first.membership.is_pending
    client.force_login(comite)
    client.post(reverse("membership_decide", args=(first.membership.pk, "accepter")))
    first.membership.refresh_from_db()
    centre.refresh_from_db()
    assert first.membership.is_accepted and centre.is_validated


def test_refusal_keeps_the_account_out(client, site_tree):
    """A refused request gives no access to the admin."""
    centre = CentreFactory()
    pending = ed.make_pending("jean@exemple.fr", centre)
    client.force_login(ed.make_comite("comite@plateforme.fr"))
    client.post(reverse("membership_decide", args=(pending.membership.pk, "refuser")))
    pending.membership.refresh_from_db()
    assert pending.membership.status == Membership.REFUSED
    client.force_login(pending)
    assert client.get("/admin/").status_code == 302
    assert "refusée" in client.get(reverse("accounts:home")).content.decode()


def test_download_my_data(client, site_tree):
    """'Télécharger mes données' returns my account and membership as JSON."""
    user = ed.make_contributor("lea@centre.fr", CentreFactory(name="Centre des Lilas"))
    client.force_login(user)
    response = client.get(reverse("accounts:download_data"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["compte"]["adresse_electronique"] == "lea@centre.fr"
    assert data["adhesion"]["centre"] == "Centre des Lilas"
    assert data["adhesion"]["etat"] == "Acceptée"


def test_delete_my_account_keeps_the_centre_sheets(client, site_tree):
    """Deleting an account needs the password; the centre's sheets stay."""
    centre = CentreFactory()
    user = ed.make_contributor("lea@centre.fr", centre)
    sheet = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(), centre=centre, owner=user
    )
    client.force_login(user)
    wrong = client.post(reverse("accounts:delete"), {"password": "faux", "confirm": "on"})
    assert "Mot de passe incorrect." in wrong.content.decode()
    client.post(reverse("accounts:delete"), {"password": ed.PASSWORD, "confirm": "on"})
    assert not type(user).objects.filter(email="lea@centre.fr").exists()
    sheet = InitiativePage.objects.get(pk=sheet.pk)
    assert sheet.centre == centre and sheet.owner is None


def test_media_are_isolated_between_centres(client, site_tree):
    """A contributor's upload goes to their centre's collection, out of other centres' reach."""
    centre_a, centre_b = CentreFactory(), CentreFactory()
    author = ed.make_contributor("a@centre-a.fr", centre_a)
    other = ed.make_contributor("b@centre-b.fr", centre_b)
    shared = Image.objects.create(
        title="Logo du réseau", file=png("logo.png"), collection=shared_collection()
    )
    client.force_login(author)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Atelier du jeudi", "file": png(), "collection": centre_collection(centre_a).pk},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    image = Image.objects.get(title="Atelier du jeudi")
    assert image.collection == centre_collection(centre_a)
    assert image.uploaded_by_user == author

    client = Client()  # a fresh browser: no flash message from the author's session
    client.force_login(other)
    assert "Atelier du jeudi" not in client.get(reverse("wagtailimages:index")).content.decode()
    chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "Atelier du jeudi" not in chooser and "Logo du réseau" in chooser
    assert client.get(reverse("wagtailimages:edit", args=(image.pk,))).status_code in (302, 403)
    assert client.post(reverse("wagtailimages:delete", args=(image.pk,))).status_code in (302, 403)
    assert Image.objects.filter(pk=image.pk).exists()
    # Nor can B upload into A's collection.
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Intrus",
            "file": png("intrus.png"),
            "collection": centre_collection(centre_a).pk,
        },
    )
    assert not Image.objects.filter(title="Intrus", collection=centre_collection(centre_a)).exists()

    client.force_login(author)
    chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "Atelier du jeudi" in chooser and shared.title in chooser
