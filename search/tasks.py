"""Background work of search: deletions off the request path, periodic reconciliation."""

import contextlib
import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core.schedule import schedule_once

logger = logging.getLogger(__name__)

RECONCILE_INTERVAL = datetime.timedelta(minutes=15)


@task()
def remove_from_node_task(backend_name, app_label, model_name, pk):
    """Delete one document from a search node (missing already: nothing to do)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(backend_name)
    index = backend.get_index_for_model(apps.get_model(app_label, model_name))
    with contextlib.suppress(backend.NotFoundError):
        backend.es.delete(index=index.name, id=str(pk))


@task()
def reconcile_search_index_task(reschedule=True):
    """Reconcile the node with the database, then come back later (if the queue can defer)."""
    from .reconcile import reconcile

    try:
        report = reconcile()
    except Exception:  # noqa: BLE001 - the node may be down: try again next time
        logger.exception("Réconciliation de l'index impossible pour l'instant")
        report = None
    if reschedule:
        schedule_reconcile()
    return str(report) if report else None


def schedule_reconcile(delay=None):
    """Queue the next reconciliation (unless one waits already); False when the task
    backend cannot defer."""
    interval = delay or getattr(settings, "SEARCH_RECONCILE_INTERVAL", RECONCILE_INTERVAL)
    return schedule_once(reconcile_search_index_task, interval)


@task()
def log_search_task(query, found):
    """Count one public search in the daily log (query normalised to lower case)."""
    from django.db.models import F

    from .models import SearchQueryDay

    query = " ".join(query.lower().split())[:200]
    if not query:
        return
    today = timezone.localdate()
    row, _created = SearchQueryDay.objects.get_or_create(query=query, date=today)
    SearchQueryDay.objects.filter(pk=row.pk).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + (0 if found else 1)
    )
