"""API tokens: every contributor and comité member may create their own, for their tools."""

import pytest
from django.test import Client
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["a", "comite"])
def test_accounts_create_their_own_token_in_the_admin(world, who):
    """The admin's token page creates a token for oneself; it then authenticates the API."""
    user = world.users[who]
    client = Client()
    client.force_login(user)
    assert client.get("/admin/api-tokens/").status_code == 200
    response = client.post("/admin/api-tokens/new/", {"name": "Mon outil", "user": user.pk})
    # Wagtail shows the new token once, on the page that answers the form.
    assert response.status_code == 200
    assert APIToken.objects.filter(user=user, name="Mon outil").count() == 1


def test_a_contributor_cannot_create_tokens_for_others(world):
    """A contributor's token form only offers their own account."""
    client = Client()
    client.force_login(world.users["a"])
    response = client.post(
        "/admin/api-tokens/new/", {"name": "Pour B", "user": world.users["b"].pk}
    )
    # The form comes back with its error, and no token is made for anyone.
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not APIToken.objects.filter(name="Pour B").exists()


def test_revoked_tokens_see_the_public_view_only(world):
    """A revoked token no longer shows the centre's drafts."""
    token = APIToken.objects.filter(user=world.users["a"]).get()
    client = world.client("a")
    assert client.get(f"/api/v3/pages/{world.draft_sheet.pk}/").status_code == 200
    token.revoke()
    assert client.get(f"/api/v3/pages/{world.draft_sheet.pk}/").status_code == 404
    assert client.post(f"/api/v3/sheets/{world.draft_sheet.pk}/submit/").status_code == 401
