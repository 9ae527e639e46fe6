"""The API tests' world: two centres, their accounts and tokens, public content and
the kinds of hidden content (drafts, pages awaiting approval, draft changes,
restricted pages, and the media only hidden content uses), each marked with a
secret word that must never leak."""

from dataclasses import dataclass, field

import pytest
import wagtail_factories
from django.test import Client
from wagtail.models import APIToken, Collection, Page, PageViewRestriction

from home.models import StandardPage
from initiatives.models import Axis, InitiativeGalleryImage, InitiativeIndexPage, Theme
from initiatives.permissions import centre_collection, shared_collection
from ressources.models import ResourceDocument, ResourceIndexPage
from tests.editorial import make_comite, make_contributor
from tests.factories import CentreFactory, InitiativePageFactory, ResourcePageFactory

# Secret words of hidden content, by kind.
DRAFT = "brouillonsecret"  # A's sheet, never published
AWAITING = "relecturesecrete"  # A's sheet, submitted to the comité
DRAFT_CHANGES = "modificationsecrete"  # draft changes on B's published sheet
RESTRICTED = "restreintsecret"  # a standard page behind a login restriction
RESTRICTED_SHEET = "fichereservee"  # A's published sheet behind a login restriction
RESTRICTED_RESOURCE = "ressourcereservee"  # a published resource behind a login restriction
DRAFT_RESOURCE = "ressourcebrouillon"  # a resource never published
# Media only hidden content uses, or private uploads.
DRAFT_PHOTO = "photosecrete"  # cover of A's draft
CHANGES_PHOTO = "photomodifiee"  # gallery photo only B's draft changes add
RESTRICTED_PHOTO = "photoreservee"  # gallery photo of A's restricted sheet
PRIVATE_B = "photoprivee"  # B's private upload, used nowhere
DRAFT_DOCUMENT = "documentbrouillon"  # document of the draft resource only
PRIVATE_DOC_B = "documentprive"  # B's private document, used nowhere
SECRETS = [
    DRAFT,
    AWAITING,
    DRAFT_CHANGES,
    RESTRICTED,
    RESTRICTED_SHEET,
    RESTRICTED_RESOURCE,
    DRAFT_RESOURCE,
    DRAFT_PHOTO,
    CHANGES_PHOTO,
    RESTRICTED_PHOTO,
    PRIVATE_B,
    DRAFT_DOCUMENT,
    PRIVATE_DOC_B,
]

# Titles of the public content, which public endpoints must show.
PUBLIC_SHEET = "Jardin partagé des Fontaines"
PUBLIC_SHEET_B = "Café des parents du Bocage"
CHANGED_SHEET = "Repair café du Bocage"
PUBLIC_RESOURCE = "Guide du jardin partagé"
PUBLIC_IMAGE = "Photo publique"
SHARED_IMAGE = "Photo partagée"
PUBLIC_DOCUMENT = "Fiche pratique du jardin"


@dataclass
class World:
    home: Page
    index: InitiativeIndexPage
    theme: Theme
    centre_a: object
    centre_b: object
    public_sheet: object
    public_sheet_b: object
    resource: object
    draft_sheet: object
    awaiting_sheet: object
    changed_sheet: object
    restricted_page: object
    restricted_sheet: object
    restricted_resource: object
    draft_resource: object
    public_image: object
    draft_image: object
    changes_image: object
    restricted_image: object
    private_image_b: object
    shared_image: object
    public_document: object
    draft_document: object
    private_document_b: object
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def client(self, who):
        """A client calling the API as `who` (anonymous, a, b, comite; session: the
        comité logged in to the site, without a token)."""
        if who == "anonymous":
            return Client()
        if who == "session":
            client = Client()
            client.force_login(self.users["comite"])
            return client
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[who]}")

    @property
    def hidden_pages(self):
        return [
            self.draft_sheet,
            self.awaiting_sheet,
            self.restricted_page,
            self.restricted_sheet,
            self.restricted_resource,
            self.draft_resource,
        ]

    @property
    def hidden_images(self):
        return [self.draft_image, self.changes_image, self.restricted_image, self.private_image_b]

    @property
    def hidden_documents(self):
        return [self.draft_document, self.private_document_b]


def image(title, collection):
    return wagtail_factories.ImageFactory(title=title, collection=collection)


def document(title, collection):
    return wagtail_factories.DocumentFactory(title=title, collection=collection)


def publish(page, user=None):
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    return page


@pytest.fixture
def world(site_tree):
    home = site_tree
    index = InitiativeIndexPage.objects.get()
    resources = ResourceIndexPage.objects.get()
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
    root = Collection.get_first_root_node()

    public_image = image(PUBLIC_IMAGE, centre_collection(centre_a))
    draft_image = image(f"Photo {DRAFT_PHOTO} du brouillon", centre_collection(centre_a))
    changes_image = image(f"Photo {CHANGES_PHOTO} de B", centre_collection(centre_b))
    restricted_image = image(f"Photo {RESTRICTED_PHOTO} de A", centre_collection(centre_a))
    private_image_b = image(f"Photo {PRIVATE_B} de B", centre_collection(centre_b))
    shared_image = image(SHARED_IMAGE, shared_collection())
    public_document = document(PUBLIC_DOCUMENT, root)
    draft_document = document(f"Document {DRAFT_DOCUMENT}", root)
    private_document_b = document(f"Document {PRIVATE_DOC_B} de B", centre_collection(centre_b))

    def sheet(title, centre, live=True, **kwargs):
        page = InitiativePageFactory(
            parent=index, title=title, centre=centre, axis=axis, live=live, **kwargs
        )
        page.themes.add(theme)
        page.save()
        return publish(page) if live else page

    def resource_page(title, live=True, documents=()):
        page = ResourcePageFactory(parent=resources, title=title, live=live)
        page.themes.add(theme)
        page.save()
        for item in documents:
            ResourceDocument.objects.create(page=page, document=item, title="")
        return publish(page) if live else page

    public_sheet = sheet(PUBLIC_SHEET, centre_a, cover_image=public_image)
    public_sheet_b = sheet(PUBLIC_SHEET_B, centre_b)
    resource = resource_page(PUBLIC_RESOURCE, documents=[public_document])

    # A draft never published (with a photo only it uses).
    draft_sheet = sheet(f"Atelier {DRAFT}", centre_a, live=False, cover_image=draft_image)
    draft_sheet.save_revision(user=users["a"])
    # A sheet submitted, awaiting the comité's approval.
    awaiting_sheet = sheet(f"Fête {AWAITING}", centre_a, live=False)
    awaiting_sheet.save_revision(user=users["a"])
    awaiting_sheet.get_workflow().start(awaiting_sheet, users["a"])
    # Draft changes on a published sheet of centre B, adding a photo.
    changed_sheet = sheet(CHANGED_SHEET, centre_b)
    changed_sheet.title = f"Repair café {DRAFT_CHANGES}"
    changed_sheet.summary = f"Résumé {DRAFT_CHANGES}"
    changed_sheet.gallery_images.add(
        InitiativeGalleryImage(image=changes_image, alt_text="Une photo des modifications")
    )
    changed_sheet.save_revision(user=users["b"])
    # Published pages behind a login restriction: a standard page, a sheet of
    # centre A (with a photo only it uses) and a resource.
    restricted_page = home.add_child(
        instance=StandardPage(title=f"Page {RESTRICTED}", slug="reserve", intro=RESTRICTED)
    )
    restrict(publish(restricted_page))
    restricted_sheet = InitiativePageFactory(
        parent=index, title=f"Fiche {RESTRICTED_SHEET}", centre=centre_a, axis=axis
    )
    restricted_sheet.themes.add(theme)
    InitiativeGalleryImage.objects.create(
        page=restricted_sheet, image=restricted_image, alt_text="Une photo réservée"
    )
    restrict(publish(restricted_sheet))
    restricted_resource = restrict(resource_page(f"Ressource {RESTRICTED_RESOURCE}"))
    # A resource never published, with a document only it uses.
    draft_resource = resource_page(
        f"Guide {DRAFT_RESOURCE}", live=False, documents=[draft_document]
    )
    draft_resource.save_revision(user=users["comite"])

    return World(
        home=home,
        index=index,
        theme=theme,
        centre_a=centre_a,
        centre_b=centre_b,
        public_sheet=public_sheet,
        public_sheet_b=public_sheet_b,
        resource=resource,
        draft_sheet=draft_sheet,
        awaiting_sheet=awaiting_sheet,
        changed_sheet=changed_sheet,
        restricted_page=restricted_page,
        restricted_sheet=restricted_sheet,
        restricted_resource=restricted_resource,
        draft_resource=draft_resource,
        public_image=public_image,
        draft_image=draft_image,
        changes_image=changes_image,
        restricted_image=restricted_image,
        private_image_b=private_image_b,
        shared_image=shared_image,
        public_document=public_document,
        draft_document=draft_document,
        private_document_b=private_document_b,
        users=users,
        tokens=tokens,
    )
