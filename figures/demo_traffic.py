"""Synthetic audience for the demo: a year of daily visits, then live beacons.

`generate(visits=16000)` spreads that many visits over the last 365 days (the
2019 publication's "16 000 visites sur un an") across the live public pages,
with a seeded random popularity per page, fewer visits at weekends and in
August; the total is exact. `send_beacons` then counts a few views of today
through the real beacon path (figures.counting), for the worker to flush.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core.visibility import public_pages

# Relative weight of a month (January first): quiet in August and at Christmas.
MONTH_WEIGHTS = [0.9, 1.0, 1.1, 1.1, 1.0, 1.0, 0.7, 0.4, 1.1, 1.2, 1.1, 0.8]
WEEKDAY_WEIGHTS = [1.1, 1.2, 1.2, 1.1, 1.0, 0.5, 0.4]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def page_weights(pages, rng):
    """A popularity per page: sheets and resources vary, the home page draws most."""
    weights = {}
    for page in pages:
        kind = page.content_type.model
        if kind == "homepage":
            weights[page.pk] = 12.0
        elif kind == "initiativepage":
            weights[page.pk] = rng.uniform(1.0, 6.0)
        elif kind == "resourcepage":
            weights[page.pk] = rng.uniform(0.8, 3.0)
        else:
            weights[page.pk] = rng.uniform(0.2, 1.0)
    return weights


def day_weight(day):
    return MONTH_WEIGHTS[day.month - 1] * WEEKDAY_WEIGHTS[day.weekday()]


def distribute(total, cells):
    """Split `total` over {cell: weight} in whole numbers (largest remainders): exact sum."""
    weight_sum = sum(cells.values()) or 1
    shares = {cell: total * weight / weight_sum for cell, weight in cells.items()}
    counts = {cell: int(share) for cell, share in shares.items()}
    left = total - sum(counts.values())
    for cell in sorted(shares, key=lambda c: shares[c] - counts[c], reverse=True)[:left]:
        counts[cell] += 1
    return counts


def generate(visits=16000, days=365, seed=2019, replace=False, today=None):
    """Write the demo's daily visits; the number of visits written (0 when some exist)."""
    from wagtail.models import Page

    from .models import PageVisitDay

    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=days)
    window = PageVisitDay.objects.filter(day__gte=first, day__lt=today)
    if window.exists() and not replace:
        return 0
    rng = random.Random(seed)
    pages = list(
        public_pages(Page.objects.filter(depth__gt=1)).select_related("content_type").order_by("pk")
    )
    weights = page_weights(pages, rng)
    cells = {}
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        factor = day_weight(day) * rng.uniform(0.7, 1.3)
        for page in pages:
            cells[(page.pk, day)] = weights[page.pk] * factor
    counts = distribute(visits, cells)
    with transaction.atomic():
        window.delete()
        PageVisitDay.objects.bulk_create(
            [
                PageVisitDay(page_id=page_id, day=day, visits=n)
                for (page_id, day), n in counts.items()
                if n
            ],
            batch_size=2000,
        )
    return sum(counts.values())


def send_beacons(count=30, seed=2019):
    """Count `count` views of today through the real beacon path; the number counted."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from wagtail.models import Page

    from .counting import page_token, record

    rng = random.Random(seed)
    pages = list(public_pages(Page.objects.filter(depth__gt=2)).values_list("pk", flat=True))
    if not pages:
        return 0
    factory = RequestFactory()
    counted = 0
    for number in range(count):
        page_id = rng.choice(pages)
        request = factory.post(
            "/mesure/",
            {"p": page_token(page_id)},
            REMOTE_ADDR=f"198.51.100.{number % 250 + 1}",  # documentation range (RFC 5737)
            HTTP_USER_AGENT=BROWSER,
        )
        request.user = AnonymousUser()
        counted += bool(record(request, page_id))
    return counted
