"""Publications: the demo booklet, small publications from factories, and PDF reading tools."""

import re
import subprocess
from pathlib import Path

import pytest

from initiatives.models import InitiativeIndexPage
from publications.models import PublicationIndexPage, PublicationPage
from tests.factories import InitiativePageFactory, initiative_body

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def demo_publication(site_tree):
    """The demo site and the 2019 publication recomposed from its nine sheets."""
    from home.demo.loader import load_data, load_demo
    from publications.demo import SLUG, load_publication

    load_demo()
    load_publication(site_tree, load_data())
    return PublicationPage.objects.get(slug=SLUG)


def publish_sheet(title, **kwargs):
    sheet = InitiativePageFactory(parent=InitiativeIndexPage.objects.get(), title=title, **kwargs)
    sheet.save_revision().publish()
    sheet.refresh_from_db()
    return sheet


def chapter(title, *items):
    """Raw data of a chapter: items are sheets (pages) or (text, author) quotes."""
    return {
        "type": "chapter",
        "value": {
            "title": title,
            "introduction": f"<p>Introduction du chapitre {title}.</p>",
            "items": [
                {"type": "quote", "value": {"text": item[0], "author": item[1]}}
                if isinstance(item, tuple)
                else {"type": "sheet", "value": item.pk}
                for item in items
            ],
        },
    }


def make_publication(chapters, title="Recueil de test", publish=True, **fields):
    index = PublicationIndexPage.objects.get()
    publication = PublicationPage(
        title=title,
        slug=re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
        edito="<p>Pourquoi ce recueil ? Parce que c'est possible !</p>",
        edito_signature="Une administratrice",
        chapters=chapters,
        conclusion="<p>À vous de jouer : racontez vos actions.</p>",
        live=False,
        **fields,
    )
    index.add_child(instance=publication)
    if publish:
        publication.save_revision().publish()
    publication.refresh_from_db()
    return publication


def long_body(paragraphs):
    text = "".join(
        f"<p>Paragraphe {n} : les habitant·e·s se réunissent chaque semaine, préparent "
        "les ateliers, invitent leurs voisins et racontent ce qu'ils ont appris ensemble. "
        * 3
        + "</p>"
        for n in range(paragraphs)
    )
    return initiative_body(action=text)


def pdf_pages(data, tmp_path):
    """The text of each page of a PDF (pdftotext), whitespace folded."""
    path = tmp_path / "publication.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [" ".join(page.split()) for page in pages]


def fold(text):
    """Whitespace folded, the no-break spaces of French typography included."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
