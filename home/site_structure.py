"""The fixed part of the site: home, the indexes, editorial pages, axes and themes.

Read from `site_structure.json` beside this module. `setup_site` (run by the
README's run command, the demo loader and deployments) calls `ensure_site`.
The legal pages (mentions légales, politique de confidentialité, déclaration
d'accessibilité) get their default content there; an editor's changes are kept.
"""

import json
from html import escape
from pathlib import Path

from django.db import transaction
from wagtail.models import Page, Site

from core.sync import sync_instance
from home.models import HomePage, StandardPage
from initiatives.models import INDEX_SLUG as INITIATIVES_SLUG
from initiatives.models import Axis, InitiativeIndexPage, Theme
from initiatives.permissions import (
    attach_workflow,
    ensure_editorial_permissions,
    ensure_group_permissions,
)
from ressources.models import INDEX_SLUG as RESOURCES_SLUG
from ressources.models import ResourceIndexPage

STRUCTURE_FILE = Path(__file__).with_name("site_structure.json")
HOME_SLUG = "accueil"


def load_structure():
    with STRUCTURE_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def page_body(page):
    """Raw StreamField data of an editorial page's sections: one text block per section,
    its heading first (h3, the highest level the editors' rich text offers)."""
    return [
        {"type": "text", "value": f"<h3>{escape(section['heading'])}</h3>{section['html']}"}
        for section in page.get("sections", [])
    ]


def _is_untouched(page):
    """An editorial page as the first setup_site left it: nothing written, nothing pending."""
    return not page.intro and not page.body and not page.has_unpublished_changes


def _ensure_editorial_page(home, page, log):
    """Create the page with its default content; fill it if an earlier run left it empty.

    Never writes over what an editor wrote, published or as a draft.
    """
    content = {"intro": page.get("intro", ""), "body": page_body(page)}
    existing, created = _ensure_child(home, StandardPage, page["slug"], page["title"], **content)
    if created:
        log(f"Page « {page['title']} » créée.")
    elif (
        isinstance(existing, StandardPage)
        and (content["intro"] or content["body"])
        and _is_untouched(existing)
    ):
        existing.intro = content["intro"]
        existing.body = content["body"]
        existing.save_revision().publish()
        log(f"Page « {page['title']} » : contenu par défaut ajouté.")


def _ensure_child(parent, page_class, slug, title, **fields):
    """Return the child page of `parent` at `slug`, creating and publishing it if missing."""
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = page_class(title=title, slug=slug, live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _ensure_home(hostname, port, log):
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="C'est possible",
            slug=HOME_SLUG,
            intro=(
                "<p>La plateforme des initiatives des centres sociaux qui apportent "
                "du changement dans les territoires.</p>"
            ),
            live=False,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        log("Page d'accueil créée.")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="C'est possible",
        )
        log("Site par défaut créé.")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "C'est possible"
        site.save()
        log("Site par défaut rattaché à la page d'accueil.")
    # Wagtail's first migration leaves a bare welcome page: remove it once unused.
    for welcome in Page.objects.filter(depth=2, content_type__model="page", slug="home"):
        if not welcome.get_children().exists() and not welcome.sites_rooted_here.exists():
            welcome.delete()
            log("Page d'accueil par défaut de Wagtail supprimée.")
    return home


def ensure_publication_index(home):
    """(index, created): the publications index under the home page (/publications/)."""
    from publications.models import PublicationIndexPage

    return _ensure_child(
        home,
        PublicationIndexPage,
        PublicationIndexPage.fixed_slug,
        "Les publications",
        intro=(
            "<p>Les recueils d'initiatives composés par le comité éditorial, à lire en ligne "
            "ou à télécharger en PDF.</p>"
        ),
    )


@transaction.atomic
def ensure_site(hostname="localhost", port=80, log=lambda message: None):
    """Create whatever part of the fixed site structure is missing; return the home page."""
    structure = load_structure()
    home = _ensure_home(hostname, port, log)
    initiatives_index, created = _ensure_child(
        home, InitiativeIndexPage, INITIATIVES_SLUG, "Les fiches actions"
    )
    if created:
        log("Liste des fiches actions créée (/action/).")
    resources_index, created = _ensure_child(
        home, ResourceIndexPage, RESOURCES_SLUG, "Les ressources"
    )
    if created:
        log("Liste des ressources créée (/ressource/).")
    _index, created = ensure_publication_index(home)
    if created:
        log("Liste des publications créée (/publications/).")
    # The editorial workflow and the groups' page and media permissions.
    attach_workflow([initiatives_index, resources_index])
    ensure_group_permissions()
    ensure_editorial_permissions(home, initiatives_index)
    for page in structure["pages"]:
        _ensure_editorial_page(home, page, log)
    for axis in structure["axes"]:
        _axis, status = sync_instance(
            Axis,
            {"slug": axis["slug"]},
            {
                "number": axis["number"],
                "name": axis["name"],
                "introduction": f"<p>{axis['introduction']}</p>",
            },
        )
        if status:
            log(f"Axe « {axis['name']} » : {'créé' if status == 'created' else 'mis à jour'}.")
    for theme in structure["themes"]:
        _theme, status = sync_instance(
            Theme,
            {"slug": theme["slug"]},
            {"name": theme["name"], "description": theme["description"]},
        )
        if status:
            done = "créée" if status == "created" else "mise à jour"
            log(f"Thématique « {theme['name']} » : {done}.")
    return home
