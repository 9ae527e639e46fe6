"""What the public site tests share: sheets published in bulk, the index, query counts."""

import wagtail_factories
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from initiatives.models import Axis, InitiativeIndexPage
from tests.factories import InitiativePageFactory


def make_sheets(count, theme=None, with_image=True, **kwargs):
    """Publish `count` sheets under /action/ (titles "T", "T 2", "T 3"… when `title` is given)."""
    index = InitiativeIndexPage.objects.get()
    axis = kwargs.pop("axis", None) or Axis.objects.order_by("number").first()
    sheets = []
    title = kwargs.pop("title", None)
    for number in range(count):
        if title:
            kwargs["title"] = title if number == 0 else f"{title} {number + 1}"
        if with_image:
            kwargs["cover_image"] = wagtail_factories.ImageFactory()
        sheet = InitiativePageFactory(parent=index, axis=axis, **kwargs)
        if theme is not None:
            sheet.themes.add(theme)
        sheet.save_revision().publish()
        sheets.append(sheet)
    return sheets


def reindex():
    call_command("update_index", verbosity=0)
    get_search_backend().refresh_indexes()


def count_queries(url):
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)
