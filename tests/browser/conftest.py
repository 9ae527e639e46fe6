"""Fixtures of the browser tests: the demo site behind a live server, and Debian's Chromium.

The demo content is loaded once for the whole package (tests/browser) and committed,
since the live server answers from its own threads and database connections. The
package fixture keeps database access open while the browser tests run, then puts
the database back as it found it (flush, then reload of the snapshot taken before,
the way Django's serialized rollback does) and rebuilds the search indexes.

The browser is never skipped: a missing Chromium, Playwright or axe-core is an error.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings, override_settings

from tests.browser.helpers import AXE_SCRIPT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# As root, on a machine without outside network: no sandbox, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIVE_HOST = "127.0.0.1"
# The site's URLs plus a view that fails, so that the 500 page can be checked too.
TEST_URLCONF = "tests.site.urls"
# Playwright's default is 30 s: a missing element should fail faster than that.
DEFAULT_TIMEOUT_MS = 10_000


@dataclass
class DemoSite:
    """The live server's address and what the tests need to know of the demo content."""

    url: str
    sheets: dict = field(default_factory=dict)  # slug -> {"title", "themes", "territory"}
    themes: list = field(default_factory=list)  # theme slugs having at least one sheet
    resources: list = field(default_factory=list)  # resource slugs

    def __call__(self, path):
        return self.url + path

    @property
    def theme(self):
        """A theme with sheets, "solidarite" when it has some."""
        return "solidarite" if "solidarite" in self.themes else self.themes[0]

    def sheets_matching(self, theme, territory):
        return {
            slug
            for slug, sheet in self.sheets.items()
            if theme in sheet["themes"] and sheet["territory"] == territory
        }

    def filter_pair(self):
        """A theme and a territory that together keep some sheets but not all of them."""
        territories = sorted({sheet["territory"] for sheet in self.sheets.values()})
        for theme in [self.theme, *self.themes]:
            for territory in territories:
                found = self.sheets_matching(theme, territory)
                if 0 < len(found) < len(self.sheets):
                    return theme, territory, found
        raise AssertionError("the demo content has no theme and territory to filter on")


def _refresh_search_indexes():
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    refresh = getattr(backend, "refresh_indexes", None)
    if refresh is not None:
        refresh()


def _load_demo(live_port):
    from wagtail.models import Site

    from home.demo.loader import load_demo
    from initiatives.models import InitiativePage
    from ressources.models import ResourcePage

    load_demo()
    # Page URLs come from the default site: it must be the live server's.
    site = Site.objects.get(is_default_site=True)
    site.hostname = LIVE_HOST
    site.port = live_port
    site.save()
    Site.clear_site_root_paths_cache()
    call_command("update_index", verbosity=0)
    _refresh_search_indexes()

    sheets = {}
    for sheet in InitiativePage.objects.live().public().prefetch_related("themes"):
        sheets[sheet.slug] = {
            "title": sheet.title,
            "themes": {theme.slug for theme in sheet.themes.all()},
            "territory": sheet.territory_type,
        }
    themes = sorted({slug for sheet in sheets.values() for slug in sheet["themes"]})
    resources = sorted(ResourcePage.objects.live().public().values_list("slug", flat=True))
    assert sheets and themes and resources, "the demo content has no sheet, theme or resource"
    return sheets, themes, resources


def _restore_database(snapshot):
    """Empty every table, reload the snapshot, and make the search indexes match."""
    from wagtail.models import Site

    call_command(
        "flush", interactive=False, verbosity=0, inhibit_post_migrate=True, allow_cascade=False
    )
    connection.creation.deserialize_db_from_string(snapshot)
    Site.clear_site_root_paths_cache()
    call_command("update_index", verbosity=0)


def _is_test_database():
    """Whether the default connection points to a test database (which it may empty)."""
    name = connection.settings_dict["NAME"]
    test_name = connection.settings_dict["TEST"]["NAME"]
    return name == test_name if test_name else name.startswith(TEST_DATABASE_PREFIX)


@pytest.fixture(scope="package")
def browser_requirements():
    """Chromium and axe-core are there: an error (never a skip) otherwise, before any setup."""
    assert Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK), (
        f"Chromium is missing at {CHROMIUM}: run scripts/browser-deps "
        "(it installs Debian's chromium package)."
    )
    assert AXE_SCRIPT.is_file(), (
        f"axe-core is missing ({AXE_SCRIPT}): run scripts/browser-deps (npm ci in tests/browser)."
    )


@pytest.fixture(scope="package")
def browser_database(request, browser_requirements, django_db_blocker):
    """The session's test database, or one of their own when no other selected test needs one.

    pytest-django creates the test database for the tests that declare database
    access, and these tests cannot declare it: pytest-django would then wrap each of
    them in a transaction (or flush after each one) on the test's thread, where
    Playwright's event loop runs. They run after every database test (pytest-django
    orders those first), so the session's test database already exists if any.
    """
    with django_db_blocker.unblock():
        if _is_test_database():
            yield
            return
        from django.test.utils import setup_databases, teardown_databases

        verbosity = request.config.option.verbose
        config = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"})
        try:
            assert _is_test_database(), "the browser tests refuse to run outside a test database"
            # The search indexes with the project's analysis settings, as tests/conftest.py does.
            call_command("update_index", verbosity=0)
            yield
        finally:
            teardown_databases(config, verbosity=verbosity)


@pytest.fixture(scope="package")
def demo_site(browser_database, django_db_blocker):
    """The demo content behind a live server, for the whole browser test package."""
    with (
        django_db_blocker.unblock(),
        modify_settings(ALLOWED_HOSTS={"append": LIVE_HOST}),
        override_settings(ROOT_URLCONF=TEST_URLCONF),
    ):
        snapshot = connection.creation.serialize_db_to_string()
        server = LiveServerThread(LIVE_HOST, static_handler=_static_handler(), port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            sheets, themes, resources = _load_demo(server.port)
            # The test's own connection must not hold anything while the server works.
            connection.close()
            yield DemoSite(
                url=f"http://{LIVE_HOST}:{server.port}",
                sheets=sheets,
                themes=themes,
                resources=resources,
            )
        finally:
            server.terminate()
            _restore_database(snapshot)
            connection.close()


def _static_handler():
    """Serve static files the way runserver does (whitenoise also would, from the finders)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    return StaticFilesHandler


@pytest.fixture(scope="package")
def browser(demo_site):
    """Debian's Chromium, driven by Playwright.

    It depends on demo_site so that it closes before the database is put back:
    Playwright's event loop would make Django refuse synchronous database access.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open_tab(browser, demo_site, width, height):
    """A fresh tab in a fresh French-speaking context of the given viewport."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="fr-FR",
        # axe-core is injected into the page: a Content-Security-Policy must not stop it.
        bypass_csp=True,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    tab = context.new_page()
    # What went wrong while loading, for the tests that check it: uncaught script
    # errors, and requests to the site that failed or answered with an error (the
    # page's own error status is checked by the tests themselves).
    tab.problems = []

    def on_request_failed(request):
        if request.url.startswith(demo_site.url):
            tab.problems.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response):
        if (
            response.status >= 400
            and response.url.startswith(demo_site.url)
            and response.request.resource_type != "document"
        ):
            tab.problems.append(f"HTTP {response.status}: {response.url}")

    tab.on("pageerror", lambda error: tab.problems.append(f"script error: {error}"))
    tab.on("requestfailed", on_request_failed)
    tab.on("response", on_response)
    return context, tab


@pytest.fixture
def page(browser, demo_site):
    """A fresh tab, 1280 × 900 CSS px."""
    context, tab = _open_tab(browser, demo_site, 1280, 900)
    yield tab
    context.close()


@pytest.fixture
def narrow_page(browser, demo_site):
    """A fresh tab 320 CSS px wide: WCAG 2.1's reflow width (1.4.10)."""
    context, tab = _open_tab(browser, demo_site, 320, 640)
    yield tab
    context.close()
