"""The whole journey: sign up, confirm, membership accepted, write, submit, approve, public."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts.models import Membership
from initiatives.models import InitiativeIndexPage, InitiativePage
from tests import editorial as ed
from tests.factories import AxisFactory, CentreFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def links_in(message):
    return LINK.findall(message.body)


def signup(client, email, **extra):
    data = {
        "email": email,
        "password1": ed.PASSWORD,
        "password2": ed.PASSWORD,
        "first_name": "Léa",
        "last_name": "Martin",
        "accept_terms": "on",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def login(client, email, password=ed.PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_full_journey(client, site_tree):
    """Sign-up to publication, through the emails' links and the comité's decisions."""
    centre = CentreFactory(name="Centre social des Tilleuls")
    axis = AxisFactory()
    comite = ed.make_comite("comite@plateforme.fr")
    index = InitiativeIndexPage.objects.get()

    response = signup(client, "lea@tilleuls.fr", centre=str(centre.pk))
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="lea@tilleuls.fr")
    assert membership.status == Membership.PENDING and membership.centre == centre

    # Unconfirmed: the login does not open a session.
    client.logout()
    login(client, "lea@tilleuls.fr")
    assert "_auth_user_id" not in client.session

    confirmation = [m for m in mail.outbox if "lea@tilleuls.fr" in m.to][-1]
    confirm_link = next(link for link in links_in(confirmation) if "confirm-email" in link)
    path = confirm_link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    mail.outbox.clear()
    client.post(path)
    # The comité (first account of the centre) is told about the request.
    request_mail = [m for m in mail.outbox if m.to == ["comite@plateforme.fr"]]
    assert request_mail and "Centre social des Tilleuls" in request_mail[0].subject
    assert any("/admin/adhesions/" in link for link in links_in(request_mail[0]))

    # Confirmed but pending: can log in, sees the request's state, nothing else.
    login(client, "lea@tilleuls.fr")
    assert client.session["_auth_user_id"]
    home = client.get(reverse("accounts:home")).content.decode()
    assert "en attente" in home
    assert client.get("/admin/").status_code == 302

    # The comité accepts.
    client.force_login(comite)
    client.post(reverse("membership_decide", args=(membership.pk, "accepter")))
    membership.refresh_from_db()
    assert membership.is_accepted

    # The contributor writes and submits a sheet.
    lea = membership.user
    client.force_login(lea)
    dashboard = client.get("/admin/").content.decode()
    assert "Nouvelle action" in dashboard and ed.add_sheet_url(index) in dashboard
    mail.outbox.clear()
    data = ed.sheet_form_data(
        "Un jardin partagé", "un-jardin-partage", centre, axis, **{"action-submit": "1"}
    )
    response = client.post(ed.add_sheet_url(index), data)
    assert response.status_code == 302
    sheet = InitiativePage.objects.get(slug="un-jardin-partage")
    assert sheet.centre == centre and not sheet.live and sheet.workflow_in_progress
    submitted = [m for m in mail.outbox if m.to == ["comite@plateforme.fr"]]
    assert submitted and "Un jardin partagé" in submitted[0].subject

    client.logout()
    assert client.get("/action/un-jardin-partage/").status_code == 404

    # The comité approves: the sheet is public, the centre is told.
    client.force_login(comite)
    mail.outbox.clear()
    state = WorkflowState.objects.get(object_id=str(sheet.pk), status="in_progress")
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(sheet.pk, "approve", state.current_task_state.pk),
        )
    )
    client.logout()
    assert client.get("/action/un-jardin-partage/").status_code == 200
    approved = [m for m in mail.outbox if m.to == ["lea@tilleuls.fr"]]
    assert approved and "est publiée" in approved[0].subject
    assert InitiativePage.objects.get(pk=sheet.pk).full_url in approved[0].body
    assert "/action/un-jardin-partage/" in approved[0].body


def test_changes_requested_go_back_to_the_centre(client, site_tree):
    """ "Request changes" returns the sheet to its centre with the comment, by email."""
    centre = CentreFactory()
    author = ed.make_contributor("autrice@centre.fr", centre)
    colleague = ed.make_contributor("collegue@centre.fr", centre)
    ed.make_contributor("ailleurs@autre.fr", CentreFactory())
    comite = ed.make_comite("comite@plateforme.fr")
    index = InitiativeIndexPage.objects.get()
    client.force_login(author)
    data = ed.sheet_form_data(
        "Une fiche", "une-fiche", centre, AxisFactory(), **{"action-submit": "1"}
    )
    client.post(ed.add_sheet_url(index), data)
    sheet = InitiativePage.objects.get(slug="une-fiche")
    state = WorkflowState.objects.get(object_id=str(sheet.pk), status="in_progress")
    client.force_login(comite)
    mail.outbox.clear()
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(sheet.pk, "reject", state.current_task_state.pk),
        ),
        {"comment": "Précisez les impacts sur le territoire."},
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [author.email, colleague.email]
    message = mail.outbox[0]
    assert "Modifications demandées" in message.subject
    assert "Précisez les impacts sur le territoire." in message.body
    assert f"/admin/pages/{sheet.pk}/edit/" in message.body
    # Back with its centre: the colleague can edit it again.
    assert not sheet.permissions_for_user(colleague).page_locked()


def test_incomplete_sheet_submission_keeps_what_was_typed(client, site_tree):
    """Submitting without "L'action" is refused with the French message; the text stays."""
    centre = CentreFactory()
    author = ed.make_contributor("autrice@centre.fr", centre)
    client.force_login(author)
    index = InitiativeIndexPage.objects.get()
    data = ed.sheet_form_data(
        "Fiche incomplète",
        "fiche-incomplete",
        centre,
        AxisFactory(),
        sections=ed.complete_sections(action=None),
        **{"action-submit": "1"},
    )
    response = client.post(ed.add_sheet_url(index), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["body"].as_data()[0].non_block_errors
    assert any("« L'action »" in str(error) for error in errors)
    assert "Un quartier sans espace vert." in response.content.decode()
    assert not InitiativePage.objects.filter(slug="fiche-incomplete").exists()


def test_contributor_cannot_choose_another_centre(client, site_tree):
    """A contributor's sheet belongs to their centre, whatever centre the form posts."""
    centre = CentreFactory()
    other = CentreFactory()
    author = ed.make_contributor("autrice@centre.fr", centre)
    client.force_login(author)
    index = InitiativeIndexPage.objects.get()
    data = ed.sheet_form_data("Ma fiche", "ma-fiche", other, AxisFactory())
    assert client.post(ed.add_sheet_url(index), data).status_code == 302
    assert InitiativePage.objects.get(slug="ma-fiche").centre == centre
