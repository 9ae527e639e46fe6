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
