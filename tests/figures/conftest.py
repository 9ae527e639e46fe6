"""Audience tests: published pages to count, a beacon client, a clean memory cache."""

import pytest
from django.core.cache import caches
from django.test import Client

from figures import counting
from initiatives.models import InitiativeIndexPage
from tests.factories import InitiativePageFactory

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def fresh_audience_memory():
    """Each test starts with no visitor hash, counter or salt in the process's memory."""
    caches["audience"].clear()
    counting._salts.clear()
    yield
    caches["audience"].clear()
    counting._salts.clear()


def publish_sheet(**kwargs):
    sheet = InitiativePageFactory(parent=InitiativeIndexPage.objects.get(), **kwargs)
    sheet.save_revision().publish()
    sheet.refresh_from_db()
    return sheet


@pytest.fixture
def sheet(site_tree):
    return publish_sheet(title="Table de quartier")


def beacon(client, page, ip="203.0.113.7", user_agent=BROWSER, token=None, **headers):
    """POST the beacon the way the page's script does."""
    return client.post(
        "/mesure/",
        {"p": token if token is not None else counting.page_token(page.pk)},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=user_agent,
        **headers,
    )


@pytest.fixture
def visitor():
    return Client()
