"""Every page type in a real browser: it loads whole, axe-core finds no WCAG 2.1 AA
violation, it reflows at 320 CSS px, and full-page screenshots are kept in
tests/browser/artifacts/."""

import pytest
from django.urls import reverse

from tests.browser.helpers import (
    axe_violations,
    format_violations,
    horizontal_overflow,
    save_axe_report,
    screenshot,
)
from tests.site.urls import ERROR_PATH

# (page type, its address from the demo site, expected status, print media)
PAGE_TYPES = [
    ("accueil", lambda site: "/", 200, False),
    ("thematiques", lambda site: "/thematiques/", 200, False),
    ("thematique", lambda site: f"/thematiques/{site.theme}/", 200, False),
    ("fiches", lambda site: "/action/", 200, False),
    (
        "fiches-filtrees",
        lambda site: "/action/?theme={}&territoire={}&tri=titre".format(*site.filter_pair()[:2]),
        200,
        False,
    ),
    ("fiche", lambda site: f"/action/{next(iter(sorted(site.sheets)))}/", 200, False),
    ("fiche-impression", lambda site: f"/action/{next(iter(sorted(site.sheets)))}/", 200, True),
    ("ressources", lambda site: "/ressource/", 200, False),
    ("ressource", lambda site: f"/ressource/{site.resources[0]}/", 200, False),
    ("chiffres-cles", lambda site: "/chiffres-cles/", 200, False),
    ("recherche", lambda site: "/recherche/?q=centre", 200, False),
    ("recherche-sans-resultat", lambda site: "/recherche/?q=zzzzzzzz", 200, False),
    ("a-propos", lambda site: "/a-propos/", 200, False),
    ("mentions-legales", lambda site: "/mentions-legales/", 200, False),
    ("politique-de-confidentialite", lambda site: "/politique-de-confidentialite/", 200, False),
    ("accessibilite", lambda site: "/accessibilite/", 200, False),
    ("page-introuvable", lambda site: "/cette-page-n-existe-pas/", 404, False),
    ("connexion", lambda site: reverse("account_login"), 200, False),
    ("inscription", lambda site: reverse("account_signup"), 200, False),
    ("mot-de-passe-oublie", lambda site: reverse("account_reset_password"), 200, False),
    ("mot-de-passe-envoye", lambda site: reverse("account_reset_password_done"), 200, False),
    # A view that fails, from the test-only urlconf the live server answers with.
    ("erreur-serveur", lambda site: ERROR_PATH, 500, False),
]


@pytest.mark.parametrize(
    ("name", "path_of", "status", "print_media"),
    PAGE_TYPES,
    ids=[page_type[0] for page_type in PAGE_TYPES],
)
def test_page_type(page, demo_site, name, path_of, status, print_media):
    """The page type loads whole, has no axe-core violation at WCAG 2.1 AA, and is screenshot."""
    path = path_of(demo_site)
    if print_media:
        page.emulate_media(media="print")
    response = page.goto(demo_site(path))
    page.wait_for_load_state("load")
    screenshot(page, name)

    assert response is not None and response.status == status, (
        f"{path} answered {response and response.status}, expected {status}"
    )
    violations = axe_violations(page)
    save_axe_report(name, violations)
    problems = []
    if violations:
        problems.append(format_violations(violations, f"{name} ({path})"))
    if page.problems:
        problems.append(f"{name} ({path}) did not load whole:\n  " + "\n  ".join(page.problems))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("name", "path_of", "status"),
    [page_type[:3] for page_type in PAGE_TYPES if not page_type[3]],
    ids=[page_type[0] for page_type in PAGE_TYPES if not page_type[3]],
)
def test_page_type_reflows_at_320px(narrow_page, demo_site, name, path_of, status):
    """At 320 CSS px wide the page type needs no horizontal scrolling (WCAG 1.4.10, beyond axe)."""
    path = path_of(demo_site)
    response = narrow_page.goto(demo_site(path))
    narrow_page.wait_for_load_state("load")
    screenshot(narrow_page, f"{name}-320px")

    assert response is not None and response.status == status
    overflow, culprits = horizontal_overflow(narrow_page)
    assert overflow <= 0, (
        f"{name} ({path}) is {overflow} px wider than a 320 px viewport (WCAG 1.4.10 Reflow); "
        "sticking out: " + "; ".join(culprits[:10])
    )
