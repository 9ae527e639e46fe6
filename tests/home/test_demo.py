"""The site skeleton and the demo content built from the 2019 publication."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from home.models import HomePage, StandardPage
from initiatives.models import Axis, Centre, InitiativePage, Theme
from ressources.models import ResourcePage

pytestmark = pytest.mark.django_db

# The nine "En savoir plus" links as printed in the 2019 publication, cut where the
# booklet's lines broke them, with the real slug each one stands for.
PRINTED_LINKS = [
    (
        ["csc-tour-2018-", "aller-a-la-rencontre-des-habitants-en-caravane/"],
        "csc-tour-2018-aller-a-la-rencontre-des-habitants-en-caravane",
    ),
    (
        ["medialab-citoy-", "en-la-participation-des-habitants-2-0/"],
        "medialab-citoyen-la-participation-des-habitants-2-0",
    ),
    (
        ["a-la-rencon-", "tre-des-invisibles-de-folschviller/"],
        "a-la-rencontre-des-invisibles-de-folschviller",
    ),
    (
        [
            "casse-noisettes-",
            "une-halte-garderie-des-vendredis-soirs-pour-que-",
            "les-parents-puissent-sortir/",
        ],
        "casse-noisettes-une-halte-garderie-des-vendredis-soirs-pour-que-les-parents-puissent-sortir",
    ),
    (["table-de-quar-", "tier-detouvie/"], "table-de-quartier-detouvie"),
    (["stop-aux-vio-", "lences-faites-aux-femmes/"], "stop-aux-violences-faites-aux-femmes"),
    (
        ["systeme-r-re-", "parer-ensemble-pour-ne-plus-jeter/"],
        "systeme-r-reparer-ensemble-pour-ne-plus-jeter",
    ),
    (
        ["faut-quon-", "serve-la-conserverie-mobile-et-solidaire-de-la-", "drome/"],
        "faut-quon-serve-la-conserverie-mobile-et-solidaire-de-la-drome",
    ),
    (["le-royans-ex-", "press-un-transport-partage/"], "le-royans-express-un-transport-partage"),
]


def content_snapshot():
    return {
        "pages": sorted(Page.objects.values_list("pk", "path", "slug", "live")),
        "revisions": Revision.objects.count(),
        "centres": sorted(Centre.objects.values_list("pk", "name")),
        "themes": sorted(Theme.objects.values_list("pk", "slug")),
        "axes": sorted(Axis.objects.values_list("pk", "slug")),
    }


def test_setup_site_is_idempotent(db):
    """setup_site builds the fixed tree on an empty database, and a second run changes nothing."""
    call_command("setup_site", verbosity=0)
    first = content_snapshot()
    call_command("setup_site", verbosity=0)
    assert content_snapshot() == first
    home = HomePage.objects.get()
    assert [child.slug for child in home.get_children()] == [
        "action",
        "ressource",
        "publications",
        "a-propos",
        "comment-ca-marche",
        "mentions-legales",
        "politique-de-confidentialite",
        "accessibilite",
    ]
    assert Axis.objects.count() == 3
    assert Theme.objects.count() == 8
    assert home.get_site().is_default_site


def test_load_demo_twice_changes_nothing(db):
    """The demo loader builds nine sheets; running it again writes nothing."""
    call_command("load_demo", verbosity=0)
    first = content_snapshot()
    assert InitiativePage.objects.live().count() == 9
    assert ResourcePage.objects.live().count() == 3
    assert Centre.objects.count() == 9
    call_command("load_demo", verbosity=0)
    assert content_snapshot() == first


def test_demo_sheets_follow_the_publication(db):
    """Each demo sheet has its centre, axis, themes and the three guided sections."""
    call_command("load_demo", verbosity=0)
    counts_by_axis = {axis.slug: axis.initiatives.count() for axis in Axis.objects.all()}
    assert counts_by_axis == {"parole": 3, "action-collective": 3, "alternatives": 3}
    royans = InitiativePage.objects.get(slug="le-royans-express-un-transport-partage")
    assert royans.centre.city == "Saint-Jean-en-Royans"
    assert royans.territory_type == "rural"
    for page in InitiativePage.objects.all():
        assert page.section("action") and page.section("situation") and page.impacts
        assert page.themes.exists()
    hugo = [c.value for c in royans.body if c.block_type == "quote"]
    assert hugo and hugo[0]["author"] == "Victor Hugo"


@pytest.mark.parametrize(("pieces", "slug"), PRINTED_LINKS)
def test_publication_urls_resolve(db, client, pieces, slug):
    """Every "En savoir plus" link of the publication resolves at /action/<slug>/."""
    call_command("load_demo", verbosity=0)
    joined_keeping_cuts = "".join(pieces)
    joined_dropping_cuts = (
        "".join(piece.rstrip("-") if piece.endswith("-") else piece for piece in pieces[:-1])
        + pieces[-1]
    )
    assert slug + "/" in (joined_keeping_cuts, joined_dropping_cuts) or (
        slug.replace("-", "") + "/" == joined_keeping_cuts.replace("-", "")
    )
    response = client.get(f"/action/{slug}/")
    assert response.status_code == 200
    assert InitiativePage.objects.get(slug=slug).title in response.content.decode()


def test_every_demo_page_answers(db, client):
    """Every live demo page answers 200 in French."""
    call_command("load_demo", verbosity=0)
    pages = Page.objects.live().filter(depth__gt=1).specific()
    # home, 3 indexes, 5 editorial pages, 9 sheets, 3 resources, the 2019 publication
    assert len(pages) == 1 + 3 + 5 + 9 + 3 + 1
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert '<html lang="fr">' in response.content.decode()
    assert StandardPage.objects.get(slug="comment-ca-marche").body
