"""The comité's report of public searches, logged by the worker."""

import pytest
from django.urls import reverse
from django_tasks.signals import task_enqueued

from search.models import SearchQueryDay
from tests import editorial as ed
from tests.factories import CentreFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_node]


def test_searches_are_logged_through_the_queue(client, node, site_tree):
    """Each first-page search is queued for the log; counts and misses add up per day."""
    queued = []

    def record(sender, task_result, **kwargs):
        queued.append(task_result.task.name)

    task_enqueued.connect(record)
    try:
        client.get(reverse("search"), {"q": "Caravane"})
        client.get(reverse("search"), {"q": "caravane "})
        client.get(reverse("search"), {"q": "caravane", "page": "2"})
        client.get(reverse("search"), {"q": "zzxqw"})
        client.get(reverse("search"), {"q": ""})
    finally:
        task_enqueued.disconnect(record)
    assert queued.count("log_search_task") == 3
    rows = {row.query: (row.searches, row.zero_results) for row in SearchQueryDay.objects.all()}
    assert rows == {"caravane": (2, 2), "zzxqw": (1, 1)}


def test_report_is_for_the_comite(client, site_tree):
    """The comité sees popular and unanswered searches; a contributor cannot open the report."""
    from django.utils import timezone

    SearchQueryDay.objects.create(query="jardin", date=timezone.localdate(), searches=7)
    SearchQueryDay.objects.create(
        query="zzxqw", date=timezone.localdate(), searches=2, zero_results=2
    )
    client.force_login(ed.make_contributor("lea@centre.fr", CentreFactory()))
    response = client.get(reverse("search_report"))
    assert response.status_code in (302, 403)
    client.force_login(ed.make_comite("comite@plateforme.fr"))
    html = client.get(reverse("search_report")).content.decode()
    assert "Les plus recherchées" in html and "jardin" in html
    unanswered = html.split("Sans résultat</h2>", 1)[1]
    assert "zzxqw" in unanswered and "jardin" not in unanswered
