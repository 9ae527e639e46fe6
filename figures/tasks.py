"""Background work of the audience figures: moving buffered counts into daily totals.

The beacon only touches the cache (figures.counting); this worker task, queued
every `AUDIENCE_FLUSH_INTERVAL` seconds, reports the closed minutes into
`PageVisitDay` in one transaction and purges the days past retention.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.schedule import schedule_once

from .counting import BUFFER_TTL, SLOT_SECONDS, current_slot, get_store

logger = logging.getLogger(__name__)

# A beacon writes the minute it started in; a minute is reported once the next
# one is over too, so that no request still writing to it is missed.
GRACE_SLOTS = 2


def slot_day(slot):
    """The local day (Europe/Paris) a minute belongs to."""
    moment = datetime.datetime.fromtimestamp(slot * SLOT_SECONDS, tz=datetime.UTC)
    return timezone.localdate(moment)


def flush_visits(now=None):
    """Report every closed minute of the buffer into the daily totals; the number of visits."""
    from .models import AudienceFlushState

    store = get_store()
    last_closed = current_slot(now) - GRACE_SLOTS
    with transaction.atomic():
        state = AudienceFlushState.objects.select_for_update().filter(pk=1).first()
        if state is None:
            state = AudienceFlushState.objects.create(pk=1)
        first = state.last_slot + 1 if state.last_slot else last_closed - BUFFER_TTL // SLOT_SECONDS
        if first > last_closed:
            return 0
        found = store.read(list(range(first, last_closed + 1)))
        applied = _apply(found)
        state.last_slot = last_closed
        state.save(update_fields=["last_slot", "updated_at"])
    # Once committed: a crash before this line leaves counters that are below the
    # mark and never read again (they expire with the buffer's TTL).
    store.drop(list(found))
    purge_old_visits()
    return applied


def _apply(found):
    """Add the buffered counts to the daily rows of pages that still exist and are live."""
    from wagtail.models import Page

    from .models import PageVisitDay

    totals = defaultdict(int)
    for slot, counts in found.items():
        day = slot_day(slot)
        for page_id, visits in counts.items():
            totals[(int(page_id), day)] += int(visits)
    if not totals:
        return 0
    live = set(
        Page.objects.filter(pk__in={page for page, _ in totals}, live=True).values_list(
            "pk", flat=True
        )
    )
    totals = {key: n for key, n in totals.items() if key[0] in live}
    existing = {
        (row.page_id, row.day): row
        for row in PageVisitDay.objects.filter(
            page_id__in={page for page, _ in totals}, day__in={day for _, day in totals}
        )
    }
    updated, created = [], []
    for (page_id, day), visits in totals.items():
        row = existing.get((page_id, day))
        if row is None:
            created.append(PageVisitDay(page_id=page_id, day=day, visits=visits))
        else:
            row.visits += visits
            updated.append(row)
    PageVisitDay.objects.bulk_create(created, batch_size=1000)
    PageVisitDay.objects.bulk_update(updated, ["visits"], batch_size=1000)
    return sum(totals.values())


def purge_old_visits(today=None):
    """Delete the daily rows older than the retention period; the number deleted."""
    from .models import PageVisitDay

    days = getattr(settings, "AUDIENCE_RETENTION_DAYS", 760)
    limit = (today or timezone.localdate()) - datetime.timedelta(days=days)
    deleted, _ = PageVisitDay.objects.filter(day__lt=limit).delete()
    return deleted


@task()
def flush_visits_task(reschedule=True):
    """Report the buffered visits, then come back after the flush interval."""
    try:
        applied = flush_visits()
    except Exception:  # noqa: BLE001 - the counts stay buffered: next time
        logger.exception("Report des visites impossible pour l'instant")
        applied = None
    if reschedule:
        schedule_flush()
    return applied


def schedule_flush():
    """Queue the next flush (unless one waits already); False when the queue cannot defer."""
    interval = datetime.timedelta(seconds=getattr(settings, "AUDIENCE_FLUSH_INTERVAL", 60))
    return schedule_once(flush_visits_task, interval)
