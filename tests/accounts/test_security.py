"""One way in, rate limits, no enumeration, confirmation links, emails that never block."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Membership
from initiatives.models import Centre
from tests import editorial as ed
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def signup_data(email, **extra):
    return {
        "email": email,
        "password1": ed.PASSWORD,
        "password2": ed.PASSWORD,
        "first_name": "Jean",
        "last_name": "Dupont",
        "accept_terms": "on",
        **extra,
    }


def test_admin_login_goes_through_allauth(client):
    """The admin's login page hands over to allauth; posting to it logs nobody in."""
    ed.make_admin("admin@plateforme.fr")
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/admin/pages/" in response["Location"]
    client.post("/admin/login/", {"username": "admin@plateforme.fr", "password": ed.PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_front_end_login_goes_through_allauth(client):
    """Wagtail's front-end login (private pages) hands over to allauth too."""
    ed.make_user("nonconfirme@exemple.fr", verified=False)
    response = client.get("/_util/login/?next=/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.post("/_util/login/", {"username": "nonconfirme@exemple.fr", "password": ed.PASSWORD})
    assert "_auth_user_id" not in client.session


def test_wagtail_account_page_cannot_change_the_email(client):
    """The admin's account page offers no email field: the address changes through allauth."""
    user = ed.make_admin("admin@plateforme.fr")
    client.force_login(user)
    html = client.get("/admin/account/").content.decode()
    assert 'name="email"' not in html


def test_wagtail_password_reset_is_off(client):
    """Wagtail's own password reset does not exist: allauth's is the only one."""
    assert client.get("/admin/password_reset/").status_code == 404
    assert client.get(reverse("account_reset_password")).status_code == 200


def test_admin_login_with_confirmed_email(client):
    """Logging in through allauth with a confirmed address opens the admin."""
    ed.make_admin("admin@plateforme.fr")
    response = client.post(
        reverse("account_login"), {"login": "admin@plateforme.fr", "password": ed.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_unconfirmed_account_cannot_log_in(client):
    """Without a confirmed address, the login sends a confirmation instead of a session."""
    ed.make_user("nouveau@exemple.fr", verified=False)
    client.post(reverse("account_login"), {"login": "nouveau@exemple.fr", "password": ed.PASSWORD})
    assert "_auth_user_id" not in client.session
    assert any("nouveau@exemple.fr" in m.to for m in mail.outbox)


def test_signup_does_not_reveal_existing_accounts(client):
    """Signing up with a taken address looks the same as a new one, and creates nothing."""
    centre = CentreFactory()
    ed.make_user("existe@exemple.fr")
    fresh = client.post(reverse("account_signup"), signup_data("neuf@exemple.fr", centre=centre.pk))
    client.logout()
    taken = client.post(
        reverse("account_signup"), signup_data("existe@exemple.fr", centre=centre.pk)
    )
    assert fresh.status_code == taken.status_code == 302
    assert fresh["Location"] == taken["Location"]
    assert EmailAddress.objects.filter(email="existe@exemple.fr").count() == 1
    assert not Membership.objects.filter(user__email="existe@exemple.fr").exists()
    warning = [m for m in mail.outbox if m.to == ["existe@exemple.fr"]]
    assert warning, "the owner of the address is told someone tried to sign up"


def test_password_reset_does_not_reveal_accounts_and_is_rate_limited(client):
    """Reset answers alike for known and unknown addresses; a flood gets 429."""
    ed.make_user("connu@exemple.fr")
    known = client.post(reverse("account_reset_password"), {"email": "connu@exemple.fr"})
    unknown = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    statuses = [
        client.post(reverse("account_reset_password"), {"email": "connu@exemple.fr"}).status_code
        for _ in range(4)
    ]
    assert 429 in statuses
    assert (
        "Trop de tentatives"
        in client.post(
            reverse("account_reset_password"), {"email": "connu@exemple.fr"}
        ).content.decode()
    )


def test_failed_logins_are_rate_limited(client):
    """After a few wrong passwords for an address, even the right one is refused for a while."""
    ed.make_user("cible@exemple.fr")
    responses = [
        client.post(reverse("account_login"), {"login": "cible@exemple.fr", "password": "mauvais"})
        for _ in range(6)
    ]
    assert "Trop de tentatives de connexion" not in responses[0].content.decode()
    assert "Trop de tentatives de connexion" in responses[-1].content.decode()
    response = client.post(
        reverse("account_login"), {"login": "cible@exemple.fr", "password": ed.PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_signup_requires_terms_and_a_centre(client):
    """Missing terms or centre: French messages, nothing created."""
    data = signup_data("jean@exemple.fr")
    del data["accept_terms"]
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vous devez accepter les conditions d" in content
    assert "Choisissez votre centre dans la liste" in content
    assert not EmailAddress.objects.filter(email="jean@exemple.fr").exists()


def test_signup_proposes_a_new_centre(client):
    """A proposed centre waits for the comité, located by its postcode."""
    response = client.post(
        reverse("account_signup"),
        signup_data(
            "jean@exemple.fr",
            new_centre_name="Maison des habitants du Moulin",
            new_centre_city="Niort",
            new_centre_postcode="79000",
        ),
    )
    assert response.status_code == 302
    centre = Centre.objects.get(name="Maison des habitants du Moulin")
    assert not centre.is_validated
    assert (centre.departement, centre.region) == ("Deux-Sèvres", "Nouvelle-Aquitaine")
    assert Membership.objects.get(user__email="jean@exemple.fr").centre == centre


def test_signup_rejects_bad_postcode(client):
    """A postcode that is not French is refused with a French message."""
    response = client.post(
        reverse("account_signup"),
        signup_data(
            "jean@exemple.fr",
            new_centre_name="Centre X",
            new_centre_city="Ailleurs",
            new_centre_postcode="00999",
        ),
    )
    assert response.status_code == 200
    assert "Ce code postal français n&#x27;est pas valide." in response.content.decode()


def confirmation_path(email):
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = next(
        link for link in re.findall(r"https?://\S+", message.body) if "confirm-email" in link
    )
    return link.split("testserver", 1)[-1]


def test_reused_and_bad_confirmation_links(client, settings):
    """A used or forged confirmation link gives a clear page, never a 500 nor a second notice."""
    centre = CentreFactory()
    ed.make_comite("comite@plateforme.fr")
    client.post(reverse("account_signup"), signup_data("jean@exemple.fr", centre=centre.pk))
    path = confirmation_path("jean@exemple.fr")
    client.post(path)
    notices = len([m for m in mail.outbox if m.to == ["comite@plateforme.fr"]])
    assert notices == 1
    again = client.post(path)
    assert again.status_code == 404  # a used link is no longer valid: no 500, no second notice
    assert len([m for m in mail.outbox if m.to == ["comite@plateforme.fr"]]) == notices
    forged = client.get(reverse("account_confirm_email", args=("pas-une-cle",)))
    assert forged.status_code == 200
    assert "a expiré ou n'est pas valide" in forged.content.decode()


def test_expired_confirmation_link(client, settings):
    """An expired link does not confirm the address."""
    centre = CentreFactory()
    client.post(reverse("account_signup"), signup_data("jean@exemple.fr", centre=centre.pk))
    path = confirmation_path("jean@exemple.fr")
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = -1
    client.post(path)
    assert not EmailAddress.objects.get(email="jean@exemple.fr").verified


def test_email_failure_never_blocks(client, settings, site_tree, caplog):
    """With the SMTP server down, membership decisions still happen and the failure is logged."""
    settings.EMAIL_BACKEND = "tests.failing_email.EmailBackend"
    centre = CentreFactory()
    comite = ed.make_comite("comite@plateforme.fr")
    pending = ed.make_pending("jean@exemple.fr", centre)
    client.force_login(comite)
    response = client.post(reverse("membership_decide", args=(pending.membership.pk, "accepter")))
    assert response.status_code == 302
    pending.membership.refresh_from_db()
    assert pending.membership.is_accepted
    assert "Échec de l'envoi du courriel" in caplog.text
