"""Rich-text links to pages: followed when the page is public, mere words otherwise."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def link(page, text):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def test_links_to_hidden_pages_lose_their_address(site_tree):
    """On the site and in the API, a link to a draft or restricted page keeps only its words."""
    public = StandardPageFactory(parent=site_tree, title="Page publique", slug="page-publique")
    public.save_revision().publish()
    draft = StandardPageFactory(
        parent=site_tree, title="Projet confidentiel", slug="projet-confidentiel", live=False
    )
    restricted = StandardPageFactory(parent=site_tree, title="Réservée", slug="zone-reservee")
    restricted.save_revision().publish()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    page = StandardPageFactory(
        parent=site_tree,
        title="Liens",
        slug="liens",
        body=[
            {
                "type": "text",
                "value": f"<p>{link(public, 'lien public')}, {link(draft, 'lien brouillon')}, "
                f"{link(restricted, 'lien réservé')}</p>",
            }
        ],
    )
    page.save_revision().publish()

    html = Client().get(page.url).content.decode()
    assert '<a href="/page-publique/">lien public</a>' in html
    assert "<a>lien brouillon</a>" in html and "<a>lien réservé</a>" in html
    api = Client().get(f"/api/v2/pages/{page.pk}/", {"fields": "body"}).content.decode()
    assert "/page-publique/" in api
    for secret in ("projet-confidentiel", "zone-reservee"):
        assert secret not in html and secret not in api, secret
