"""Loads the demo content: the 2019 publication's sheets, centres, resources, pages, and the
publication itself recomposed from the sheets (publications.demo).

The facts come from the 2019 publication; the text is our own. Data lives in
`publication_2019.json` beside this module. Loading is idempotent: a second run
finds everything in place and writes nothing.
"""

import json
from collections import Counter
from html import escape
from pathlib import Path

from django.db import transaction

from core.sync import sync_instance, sync_page
from home.models import StandardPage
from home.site_structure import ensure_site, page_body
from initiatives.models import Axis, Centre, InitiativeIndexPage, InitiativePage, Theme
from publications.demo import load_publication
from ressources.models import ResourceIndexPage, ResourcePage

DATA_FILE = Path(__file__).with_name("publication_2019.json")
STATUS_LABELS = {"created": "créée", "updated": "mise à jour"}
# How a count of changes reads, per kind of object and status.
CHANGE_LABELS = {
    ("centres", "created"): "centres créés",
    ("centres", "updated"): "centres mis à jour",
    ("fiches", "created"): "fiches créées",
    ("fiches", "updated"): "fiches mises à jour",
    ("ressources", "created"): "ressources créées",
    ("ressources", "updated"): "ressources mises à jour",
    ("pages", "created"): "pages créées",
    ("pages", "updated"): "pages mises à jour",
    ("publications", "created"): "publications créées",
    ("publications", "updated"): "publications mises à jour",
}


def load_data():
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def paragraphs(texts):
    """Rich text HTML from a list of plain paragraphs."""
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in texts)


def initiative_body(sheet):
    """Raw StreamField data of a sheet's guided sections."""
    body = [
        {"type": "action", "value": paragraphs(sheet["action"])},
        {"type": "situation", "value": paragraphs(sheet["situation"])},
        {
            "type": "impacts",
            "value": [
                {"audience": impact["audience"], "points": impact["points"]}
                for impact in sheet["impacts"]
            ],
        },
    ]
    if sheet.get("quote"):
        body.append(
            {
                "type": "quote",
                "value": {"text": sheet["quote"]["text"], "author": sheet["quote"]["author"]},
            }
        )
    return body


def text_body(texts):
    return [{"type": "text", "value": paragraphs(texts)}]


def page_content(page):
    """An editorial page's body: titled sections (the legal pages, written like
    setup_site's defaults), or plain paragraphs."""
    if "sections" in page:
        return page_body(page)
    return text_body(page["body"])


@transaction.atomic
def load_demo(log=lambda message: None):
    """Build the demo site on top of the fixed structure.

    Returns a Counter of what changed, keyed by (kind, "created"|"updated").
    """
    data = load_data()
    home = ensure_site(log=log)
    changes = Counter()

    centres = {}
    for centre in data["centres"]:
        values = {
            key: centre[key]
            for key in (
                "name",
                "kind",
                "city",
                "postcode",
                "departement",
                "departement_code",
                "region",
                "territory_type",
                "website",
            )
        }
        values["latitude"] = _decimal(centre.get("latitude"))
        values["longitude"] = _decimal(centre.get("longitude"))
        lookup = {"name": values.pop("name"), "postcode": values.pop("postcode")}
        centres[centre["key"]], status = sync_instance(Centre, lookup, values)
        if status:
            changes[("centres", status)] += 1

    axes = {axis.slug: axis for axis in Axis.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}

    initiatives_index = InitiativeIndexPage.objects.child_of(home).get()
    for sheet in data["initiatives"]:
        centre = centres[sheet["centre"]]
        _page, status = sync_page(
            initiatives_index,
            InitiativePage,
            sheet["slug"],
            {
                "title": sheet["title"],
                "summary": sheet["summary"],
                "centre": centre,
                "axis": axes[sheet["axis"]],
                "territory_type": centre.territory_type,
                "year": sheet["year"],
                "more_link": sheet.get("more_link", ""),
                "body": initiative_body(sheet),
            },
            stream_fields={"body"},
            tags={"themes": [themes[slug] for slug in sheet["themes"]]},
        )
        if status:
            changes[("fiches", status)] += 1
            log(f"Fiche « {sheet['title']} » : {STATUS_LABELS[status]}.")

    resources_index = ResourceIndexPage.objects.child_of(home).get()
    for resource in data["resources"]:
        _page, status = sync_page(
            resources_index,
            ResourcePage,
            resource["slug"],
            {
                "title": resource["title"],
                "resource_type": resource["resource_type"],
                "summary": resource["summary"],
                "external_url": resource.get("external_url", ""),
                "body": text_body(resource["body"]),
            },
            stream_fields={"body"},
            tags={"themes": [themes[slug] for slug in resource["themes"]]},
        )
        if status:
            changes[("ressources", status)] += 1
            log(f"Ressource « {resource['title']} » : {STATUS_LABELS[status]}.")

    for page in data["pages"]:
        _page, status = sync_page(
            home,
            StandardPage,
            page["slug"],
            {"title": page["title"], "intro": page["intro"], "body": page_content(page)},
            stream_fields={"body"},
        )
        if status:
            changes[("pages", status)] += 1
            log(f"Page « {page['title']} » : {STATUS_LABELS[status]}.")

    status = load_publication(home, data)
    if status:
        changes[("publications", status)] += 1
        log(f"Publication 2019 : {STATUS_LABELS[status]}.")

    return +changes


def _decimal(value):
    from decimal import Decimal

    return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))
