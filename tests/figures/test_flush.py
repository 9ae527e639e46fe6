"""The worker's flush: closed minutes only, exactly once, across restarts; retention; schedule."""

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from figures import counting
from figures.models import AudienceFlushState, PageVisitDay
from figures.tasks import flush_visits, purge_old_visits, schedule_flush
from tests.figures.conftest import beacon, publish_sheet

pytestmark = pytest.mark.django_db

LATER = 10 * 60
ROOT = Path(__file__).resolve().parents[2]


def total():
    return sum(PageVisitDay.objects.values_list("visits", flat=True))


def test_the_open_minute_waits_for_the_next_flush(redis_cache, sheet, visitor):
    """A minute still being written is left in the buffer and reported later."""
    beacon(visitor, sheet)
    assert flush_visits(now=time.time()) == 0
    assert total() == 0
    assert flush_visits(now=time.time() + LATER) == 1
    assert total() == 1


def test_views_counted_by_a_web_process_that_ended_are_flushed(redis_cache, sheet):
    """Counts written by another process, which then exits, are all reported by the worker."""
    script = (
        "import django, json, sys\n"
        "django.setup()\n"
        "from django.contrib.auth.models import AnonymousUser\n"
        "from django.test import RequestFactory\n"
        "from figures.counting import page_token, record\n"
        "page = int(sys.argv[1])\n"
        "counted = 0\n"
        "for n in range(7):\n"
        "    request = RequestFactory().post('/mesure/', {'p': page_token(page)},\n"
        "        REMOTE_ADDR=f'192.0.2.{n + 1}',\n"
        "        HTTP_USER_AGENT='Mozilla/5.0 (X11) Firefox/128.0')\n"
        "    request.user = AnonymousUser()\n"
        "    counted += record(request, page)\n"
        "print(json.dumps(counted))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cestpossible.settings.test",
        "REDIS_URL": os.environ["TEST_REDIS_URL"],
        "CACHE_KEY_PREFIX": redis_cache,
    }
    result = subprocess.run(
        [sys.executable, "-c", script, str(sheet.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == 7
    assert flush_visits(now=time.time() + LATER) == 7
    assert PageVisitDay.objects.get(page=sheet).visits == 7


def test_a_worker_dying_mid_flush_loses_nothing(redis_cache, monkeypatch, sheet, visitor):
    """If the flush fails before it commits, nothing is applied and the next flush applies all."""
    import figures.tasks

    for number in range(3):
        beacon(visitor, sheet, ip=f"192.0.2.{number + 1}")
    real_apply = figures.tasks._apply

    def apply_then_die(found):
        real_apply(found)
        raise RuntimeError("le processus des tâches s'arrête")

    monkeypatch.setattr(figures.tasks, "_apply", apply_then_die)
    with pytest.raises(RuntimeError):
        flush_visits(now=time.time() + LATER)
    assert total() == 0
    monkeypatch.setattr(figures.tasks, "_apply", real_apply)
    assert flush_visits(now=time.time() + LATER) == 3
    assert total() == 3


def test_a_worker_dying_after_commit_counts_nothing_twice(redis_cache, monkeypatch, sheet, visitor):
    """If the flush dies between its commit and clearing the buffer, the next one adds nothing."""
    for number in range(2):
        beacon(visitor, sheet, ip=f"192.0.2.{number + 1}")

    def drop_then_die(self, slots):
        raise RuntimeError("coupure après l'enregistrement")

    monkeypatch.setattr(counting.RedisStore, "drop", drop_then_die)
    with pytest.raises(RuntimeError):
        flush_visits(now=time.time() + LATER)
    assert total() == 2
    monkeypatch.undo()
    assert flush_visits(now=time.time() + LATER) == 0
    assert total() == 2


def test_flushes_add_to_the_day_row(redis_cache, sheet, visitor):
    """Two flushes on one day add up in the page's single row for the day."""
    beacon(visitor, sheet, ip="192.0.2.1")
    flush_visits(now=time.time() + LATER)
    state = AudienceFlushState.objects.get()
    # The next minute's beacons, reported by a later flush.
    beacon(visitor, sheet, ip="192.0.2.2")
    beacon(visitor, sheet, ip="192.0.2.3")
    state.last_slot = counting.current_slot() - 1
    state.save()
    assert flush_visits(now=time.time() + LATER) == 2
    assert PageVisitDay.objects.filter(page=sheet).count() == 1
    assert PageVisitDay.objects.get(page=sheet).visits == 3


def test_views_of_a_page_unpublished_before_the_flush_are_dropped(redis_cache, sheet, visitor):
    """Only pages still live get their buffered views."""
    kept = publish_sheet(title="Reste en ligne")
    beacon(visitor, sheet)
    beacon(visitor, kept)
    sheet.unpublish()
    assert flush_visits(now=time.time() + LATER) == 1
    assert list(PageVisitDay.objects.values_list("page_id", flat=True)) == [kept.pk]


def test_days_past_retention_are_purged(settings, sheet):
    """Rows older than AUDIENCE_RETENTION_DAYS go; younger ones stay."""
    settings.AUDIENCE_RETENTION_DAYS = 30
    today = timezone.localdate()
    PageVisitDay.objects.create(page=sheet, day=today - datetime.timedelta(days=31), visits=4)
    PageVisitDay.objects.create(page=sheet, day=today - datetime.timedelta(days=30), visits=5)
    assert purge_old_visits(today) == 1
    assert list(PageVisitDay.objects.values_list("visits", flat=True)) == [5]


def test_the_periodic_flush_is_queued_once(settings, db):
    """Scheduling twice leaves one waiting flush in the database queue."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert schedule_flush() is True
    assert schedule_flush() is True
    waiting = DBTaskResult.objects.filter(task_path="figures.tasks.flush_visits_task")
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()
