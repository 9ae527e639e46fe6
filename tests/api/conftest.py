"""The API tests' world: two centres, their accounts and tokens, public content and
five kinds of hidden content, each marked with a secret word that must never leak."""

from dataclasses import dataclass, field

import pytest
import wagtail_factories
from django.test import Client
from wagtail.models import APIToken, Page, PageViewRestriction

from home.models import StandardPage
from initiatives.models import Axis, InitiativeIndexPage, Theme
from initiatives.permissions import centre_collection, shared_collection
from ressources.models import ResourceIndexPage
from tests.editorial import make_comite, make_contributor
from tests.factories import CentreFactory, InitiativePageFactory, ResourcePageFactory

# Secret words of hidden content, by kind.
DRAFT = "brouillonsecret"
AWAITING = "relecturesecrete"
DRAFT_CHANGES = "modificationsecrete"
RESTRICTED = "restreintsecret"
DRAFT_PHOTO = "photosecrete"  # media only a draft uses
PRIVATE_B = "photoprivee"  # a centre's private upload, used nowhere
SECRETS = [DRAFT, AWAITING, DRAFT_CHANGES, RESTRICTED, DRAFT_PHOTO, PRIVATE_B]


@dataclass
class World:
    home: Page
    index: InitiativeIndexPage
    centre_a: object
    centre_b: object
    public_sheet: object
    public_sheet_b: object
    resource: object
    draft_sheet: object
    awaiting_sheet: object
    changed_sheet: object
    restricted_page: object
    public_image: object
    draft_image: object
    private_image_b: object
    shared_image: object
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def client(self, who):
        """A client calling the API as `who` (anonymous, a, b, comite)."""
        if who == "anonymous":
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[who]}")

    @property
    def hidden_pages(self):
        return [self.draft_sheet, self.awaiting_sheet, self.restricted_page]


def image(title, collection):
    return wagtail_factories.ImageFactory(title=title, collection=collection)


def publish(page, user=None):
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


@pytest.fixture
def world(site_tree):
    home = site_tree
    index = InitiativeIndexPage.objects.get()
    axis = Axis.objects.order_by("number").first()
    theme = Theme.objects.order_by("name").first()
    centre_a = CentreFactory(name="Centre social des Fontaines", region="Bretagne")
    centre_b = CentreFactory(name="Espace de vie sociale du Bocage", territory_type="rural")
    users = {
        "a": make_contributor("a@example.org", centre_a),
        "b": make_contributor("b@example.org", centre_b),
        "comite": make_comite("comite@example.org"),
    }
    tokens = {who: APIToken.create_token(user=user, name="tests")[1] for who, user in users.items()}

    public_image = image("Photo publique", centre_collection(centre_a))
    draft_image = image(f"Photo {DRAFT_PHOTO} du brouillon", centre_collection(centre_a))
    private_image_b = image(f"Photo {PRIVATE_B} de B", centre_collection(centre_b))
    shared_image = image("Photo partagée", shared_collection())

    def sheet(title, centre, live=True, **kwargs):
        page = InitiativePageFactory(
            parent=index, title=title, centre=centre, axis=axis, live=live, **kwargs
        )
        page.themes.add(theme)
        page.save()
        return publish(page) if live else page

    public_sheet = sheet("Jardin partagé des Fontaines", centre_a, cover_image=public_image)
    public_sheet_b = sheet("Café des parents du Bocage", centre_b)
    resource = ResourcePageFactory(
        parent=ResourceIndexPage.objects.get(), title="Guide du jardin partagé"
    )
    publish(resource)

    # 1. A draft never published (with a photo only it uses).
    draft_sheet = sheet(f"Atelier {DRAFT}", centre_a, live=False, cover_image=draft_image)
    draft_sheet.save_revision(user=users["a"])
    # 2. A sheet submitted, awaiting the comité's approval.
    awaiting_sheet = sheet(f"Fête {AWAITING}", centre_a, live=False)
    awaiting_sheet.save_revision(user=users["a"])
    awaiting_sheet.get_workflow().start(awaiting_sheet, users["a"])
    # 3. Draft changes on a published sheet of centre B.
    changed_sheet = sheet("Repair café du Bocage", centre_b)
    changed_sheet.title = f"Repair café {DRAFT_CHANGES}"
    changed_sheet.summary = f"Résumé {DRAFT_CHANGES}"
    changed_sheet.save_revision(user=users["b"])
    # 4. A published page behind a login restriction.
    restricted_page = home.add_child(
        instance=StandardPage(title=f"Page {RESTRICTED}", slug="reserve", intro=RESTRICTED)
    )
    publish(restricted_page)
    PageViewRestriction.objects.create(page=restricted_page, restriction_type="login")
    # (5. the draft's photo and B's private upload: private media.)

    return World(
        home=home,
        index=index,
        centre_a=centre_a,
        centre_b=centre_b,
        public_sheet=public_sheet,
        public_sheet_b=public_sheet_b,
        resource=resource,
        draft_sheet=draft_sheet,
        awaiting_sheet=awaiting_sheet,
        changed_sheet=changed_sheet,
        restricted_page=restricted_page,
        public_image=public_image,
        draft_image=draft_image,
        private_image_b=private_image_b,
        shared_image=shared_image,
        users=users,
        tokens=tokens,
    )
