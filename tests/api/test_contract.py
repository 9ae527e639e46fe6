"""The API's contract: the OpenAPI document and golden JSON of a sheet and a resource.

A change to the contract shows as a diff of the files in tests/api/snapshots/.
After a deliberate change, regenerate them with UPDATE_API_SNAPSHOTS=1 and review
the diff before committing.
"""

import json
import os
import re
from pathlib import Path

import pytest
import wagtail_factories
from django.test import Client
from wagtail.documents.models import Document
from wagtail.models import Page

from initiatives.models import Axis, InitiativeGalleryImage, InitiativeIndexPage, Theme
from ressources.models import ResourceDocument, ResourceIndexPage
from tests.factories import (
    CentreFactory,
    InitiativePageFactory,
    ResourcePageFactory,
    initiative_body,
)

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_API_SNAPSHOTS") == "1"

pytestmark = pytest.mark.django_db

# Values that change from one run to the next, and what they become in the snapshots.
VOLATILE = [
    (re.compile(r'"id": \d+'), '"id": 0'),
    (re.compile(r"/(pages|images|documents)/\d+/"), r"/\1/ID/"),
    (re.compile(r"/media/[^\"]+"), "/media/FICHIER"),
    (re.compile(r"/documents/ID/[^\"]+"), "/documents/ID/FICHIER"),
    (re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?"), "DATE"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
]


def normalised(data):
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text + "\n"


def check_snapshot(name, text):
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        assert UPDATE, f"{name} manque : lancez les tests avec UPDATE_API_SNAPSHOTS=1"
        path.write_text(text)
    assert text == path.read_text(), f"le contrat de l'API a changé ({name})"


def test_openapi_document_matches_snapshot(site_tree):
    """The OpenAPI document equals tests/api/snapshots/openapi.json."""
    document = Client().get("/api/v3/openapi.json").json()
    check_snapshot("openapi.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def test_sections_and_impacts_have_a_real_schema(site_tree):
    """A sheet's body is typed: sections, impacts by audience, images and videos."""
    schemas = Client().get("/api/v3/openapi.json").json()["components"]["schemas"]
    impact = schemas["ImpactOut"]
    assert impact["properties"]["audience"]["enum"] == [
        "habitants",
        "public",
        "centre",
        "territoire",
        "partenaires",
    ]
    assert set(schemas["CentreOut"]["required"]) >= {"name", "city", "departement", "region"}
    sheet = schemas["InitiativePageSchema"]["properties"]
    body = json.dumps(sheet["body"])
    for item in ("SectionItem", "ImpactsItem", "SheetImageItem", "SheetVideoItem"):
        assert f"#/components/schemas/{item}" in body
    assert schemas["ImpactsItem"]["properties"]["value"]["items"]["$ref"].endswith("ImpactOut")
    assert "ImageOut" in json.dumps(sheet["cover_image"])


@pytest.fixture
def golden_sheet(site_tree):
    centre = CentreFactory(
        name="Centre social La Paz",
        city="Tours",
        postcode="37000",
        departement="Indre-et-Loire",
        departement_code="37",
        region="Centre-Val de Loire",
        territory_type="urbain",
        website="https://lapaz.example.org",
    )
    cover = wagtail_factories.ImageFactory(title="Couverture", description="Le jardin au printemps")
    photo = wagtail_factories.ImageFactory(title="Photo")
    sheet = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(),
        title="Un jardin partagé au pied des immeubles",
        slug="jardin-partage",
        summary="Des habitant·e·s cultivent ensemble un jardin au cœur du quartier.",
        centre=centre,
        axis=Axis.objects.get(number=1),
        year=2018,
        cover_image=cover,
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        more_link="https://lapaz.example.org/jardin",
        body=[
            {"type": "action", "value": '<p>Un <a href="https://exemple.org">jardin</a>.</p>'},
            {"type": "situation", "value": "<p>Pas d'espace vert.</p>"},
            {
                "type": "impacts",
                "value": [
                    {"audience": "territoire", "points": ["Un square plus vivant."]},
                    {"audience": "habitants", "points": ["Des voisins qui se parlent.", "Fierté."]},
                ],
            },
            {"type": "quote", "value": {"text": "On s'y retrouve.", "author": "Une voisine"}},
            {"type": "video", "value": "https://vimeo.com/76979871"},
        ],
    )
    sheet.themes.add(*Theme.objects.filter(slug__in=["culture", "solidarite"]))
    InitiativeGalleryImage.objects.create(page=sheet, image=photo, alt_text="Les bacs", caption="")
    sheet.save_revision().publish()
    return sheet


@pytest.fixture
def golden_resource(site_tree):
    resource = ResourcePageFactory(
        parent=ResourceIndexPage.objects.get(),
        title="Guide de la participation",
        slug="guide-participation",
        summary="Un guide pour associer les habitant·e·s.",
        resource_type="guide",
        external_url="https://exemple.org/guide",
        body=[{"type": "text", "value": "<p>Le <b>guide</b>.</p>"}],
    )
    resource.themes.add(Theme.objects.get(slug="citoyennete-democratie"))
    document = Document.objects.create(
        title="Guide (PDF)", file=wagtail_factories.DocumentFactory.build().file
    )
    ResourceDocument.objects.create(page=resource, document=document, title="")
    resource.save_revision().publish()
    return resource


@pytest.mark.parametrize("version", ["v3", "v2"])
def test_sheet_matches_golden_json(golden_sheet, version):
    """A sheet's detail (v3, and v2 with the same fields) equals its golden file."""
    url = {
        "v3": f"/api/v3/pages/{golden_sheet.pk}/",
        "v2": f"/api/v2/pages/{golden_sheet.pk}/",
    }[version]
    response = Client().get(url)
    assert response.status_code == 200
    check_snapshot(f"sheet.{version}.json", normalised(response.json()))


def test_resource_matches_golden_json(golden_resource):
    """A resource's v3 detail equals its golden file."""
    response = Client().get(f"/api/v3/pages/{golden_resource.pk}/")
    assert response.status_code == 200
    check_snapshot("resource.v3.json", normalised(response.json()))


def action_of(client, page, rich_text_format=None):
    """The `action` section of a page's v3 detail, in the requested rich text format."""
    params = {"rich_text_format": rich_text_format} if rich_text_format else {}
    response = client.get(f"/api/v3/pages/{page.pk}/", params)
    assert response.status_code == 200, response.content
    return next(item for item in response.json()["body"] if item["type"] == "action")["value"]


def test_rich_text_follows_the_requested_format(golden_sheet):
    """html (the default) resolves internal links; db_html keeps Wagtail's storage
    format; markdown converts."""
    linking = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(),
        axis=golden_sheet.axis,
        body=initiative_body(
            action=(
                f'<p>Comme <a linktype="page" id="{golden_sheet.pk}">le jardin</a>, '
                '<a href="https://exemple.org">ailleurs</a>.</p>'
            )
        ),
    )
    linking.save_revision().publish()
    client = Client()
    html = action_of(client, linking)
    assert html == action_of(client, linking, "html")
    assert html == (
        f'<p>Comme <a href="{golden_sheet.url}">le jardin</a>, '
        '<a href="https://exemple.org">ailleurs</a>.</p>'
    )
    assert action_of(client, linking, "db_html") == (
        f'<p>Comme <a linktype="page" id="{golden_sheet.pk}">le jardin</a>, '
        '<a href="https://exemple.org">ailleurs</a>.</p>'
    )
    markdown = action_of(client, linking, "markdown").strip()
    assert markdown == f"Comme [le jardin]({golden_sheet.url}), [ailleurs](https://exemple.org)."
    # The golden sheet's external link reads the same in each format.
    assert action_of(client, golden_sheet, "db_html") == action_of(client, golden_sheet)
    assert action_of(client, golden_sheet, "markdown").strip() == (
        "Un [jardin](https://exemple.org)."
    )


def test_page_list_is_typed_by_page(site_tree):
    """Every page model appears in the document with its own schema."""
    schemas = Client().get("/api/v3/openapi.json").json()["components"]["schemas"]
    for name in ("InitiativePageSchema", "ResourcePageSchema", "StandardPageSchema"):
        assert name in schemas
    assert Page.objects.exists()
