"""The custom user model logs in with its email address."""

import pytest
from django.contrib.auth import authenticate, get_user_model

pytestmark = pytest.mark.django_db


def test_email_is_the_login():
    """A user is created and authenticated by email, case-insensitively stored."""
    User = get_user_model()
    user = User.objects.create_user("Anouk@Exemple.FR", "un-mot-de-passe-solide")
    assert user.email == "anouk@exemple.fr"
    assert User.USERNAME_FIELD == "email"
    assert authenticate(username="anouk@exemple.fr", password="un-mot-de-passe-solide") == user


def test_email_is_required():
    """No email, no user."""
    with pytest.raises(ValueError, match="obligatoire"):
        get_user_model().objects.create_user("", "x")


def test_admin_login_with_email(client):
    """The Wagtail admin's login form accepts the email address and password."""
    get_user_model().objects.create_superuser("comite@exemple.fr", "un-mot-de-passe-solide")
    page = client.get("/admin/login/")
    assert page.status_code == 200
    response = client.post(
        "/admin/login/",
        {"username": "comite@exemple.fr", "password": "un-mot-de-passe-solide"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_login_refuses_wrong_password(client):
    """A wrong password keeps the visitor on the login page with an error."""
    get_user_model().objects.create_superuser("comite@exemple.fr", "un-mot-de-passe-solide")
    response = client.post("/admin/login/", {"username": "comite@exemple.fr", "password": "non"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
