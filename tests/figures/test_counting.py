"""Counting rules: what counts as a visit, what never does, and what is never stored."""

import time

import pytest
from django.db import connection
from django.test import Client

from figures import counting
from figures.models import PageVisitDay
from figures.tasks import flush_visits
from tests.editorial import make_comite, make_contributor
from tests.figures.conftest import BROWSER, beacon, publish_sheet

pytestmark = pytest.mark.django_db

LATER = 10 * 60  # seconds: every minute written so far is closed


def flushed_visits(page):
    """Report the buffer as the worker would a few minutes from now; the page's visits."""
    flush_visits(now=time.time() + LATER)
    return sum(PageVisitDay.objects.filter(page=page).values_list("visits", flat=True))


def test_a_public_page_carries_the_beacon_with_its_signed_token(sheet):
    """An anonymous view of a sheet has the beacon script naming that page."""
    html = Client().get(sheet.url).content.decode()
    assert 'src="/static/js/mesure.js"' in html
    assert f'data-mesure="{counting.page_token(sheet.pk)}"' in html


def test_logged_in_views_and_previews_carry_no_beacon(sheet):
    """A contributor's view and the admin preview render no beacon."""
    contributor = make_contributor("a@exemple.org", sheet.centre)
    client = Client()
    client.force_login(contributor)
    assert "data-mesure" not in client.get(sheet.url).content.decode()
    comite = Client()
    comite.force_login(make_comite("comite@exemple.org"))
    preview = comite.get(f"/admin/pages/{sheet.pk}/edit/preview/")
    assert preview.status_code == 200
    assert "data-mesure" not in preview.content.decode()


def test_a_browser_view_counts_once_and_a_reload_does_not(redis_cache, sheet, visitor):
    """The first beacon counts; the same visitor reloading within the window does not."""
    assert beacon(visitor, sheet).status_code == 204
    assert beacon(visitor, sheet).status_code == 204
    beacon(visitor, sheet, ip="203.0.113.8")  # another visitor
    beacon(visitor, sheet, user_agent=BROWSER + " Edg/131.0")  # another browser, same address
    assert flushed_visits(sheet) == 3


def test_a_reload_after_the_window_counts_again(redis_cache, settings, sheet, visitor):
    """Past AUDIENCE_DEDUP_SECONDS the same visitor counts again."""
    settings.AUDIENCE_DEDUP_SECONDS = 1
    beacon(visitor, sheet)
    time.sleep(1.2)
    beacon(visitor, sheet)
    assert flushed_visits(sheet) == 2


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Wget/1.21.4",
        "",
    ],
)
def test_robots_are_not_counted(redis_cache, sheet, visitor, user_agent):
    """Crawlers, headless browsers, link previews and scripts count nothing."""
    assert beacon(visitor, sheet, user_agent=user_agent).status_code == 204
    assert flushed_visits(sheet) == 0


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
def test_prefetches_are_not_counted(redis_cache, sheet, visitor, header):
    """A request marked as a prefetch or prerender counts nothing."""
    beacon(visitor, sheet, **header)
    assert flushed_visits(sheet) == 0


def test_a_logged_in_editor_is_not_counted(redis_cache, sheet):
    """A beacon sent with a logged-in session counts nothing."""
    client = Client()
    client.force_login(make_comite("comite@exemple.org"))
    assert beacon(client, sheet).status_code == 204
    assert flushed_visits(sheet) == 0


def test_forged_huge_and_wrong_method_beacons_are_refused(redis_cache, sheet, visitor):
    """Unknown page, tampered token, oversized body and GET are refused and count nothing."""
    forged = counting.page_token(sheet.pk)[:-3] + "abc"
    other_page = f"{sheet.pk + 1000}:{counting.page_token(sheet.pk).split(':')[1]}"
    for token in (forged, other_page, "", "12", "x" * 150):
        response = beacon(visitor, sheet, token=token)
        assert response.status_code == 400, token
        assert "invalide" in response.content.decode()
    huge = visitor.post(
        "/mesure/",
        "p=" + "9" * 5000,
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT=BROWSER,
    )
    assert huge.status_code == 413
    assert visitor.get("/mesure/").status_code == 405
    assert flushed_visits(sheet) == 0


def test_a_beacon_makes_no_database_query(redis_cache, sheet, visitor, django_assert_num_queries):
    """With Redis, counting a view touches the cache only."""
    token = counting.page_token(sheet.pk)
    with django_assert_num_queries(0):
        assert beacon(visitor, sheet, token=token).status_code == 204
    assert flushed_visits(sheet) == 1


def test_one_client_cannot_inflate_beyond_its_rate(redis_cache, settings, site_tree, visitor):
    """One address counts at most AUDIENCE_RATE_PER_CLIENT views per window, whatever it varies."""
    settings.AUDIENCE_RATE_PER_CLIENT = 3
    sheets = [publish_sheet() for _ in range(5)]
    for number, page in enumerate(sheets):
        beacon(visitor, page, user_agent=f"{BROWSER} Variante/{number}")
    flush_visits(now=time.time() + LATER)
    assert sum(PageVisitDay.objects.values_list("visits", flat=True)) == 3


def test_one_page_cannot_be_inflated_beyond_its_rate(redis_cache, settings, sheet, visitor):
    """A page counts at most AUDIENCE_RATE_PER_PAGE views per window, from any number of clients."""
    settings.AUDIENCE_RATE_PER_PAGE = 2
    for number in range(6):
        beacon(visitor, sheet, ip=f"198.51.100.{number + 1}")
    assert flushed_visits(sheet) == 2


def test_the_client_address_is_read_past_trusted_proxies(redis_cache, settings, sheet, visitor):
    """Behind one proxy, two visitors sharing the proxy's address count as two."""
    settings.AUDIENCE_TRUSTED_PROXIES = 1
    settings.AUDIENCE_RATE_PER_CLIENT = 1
    beacon(visitor, sheet, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.20")
    beacon(visitor, sheet, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.21")
    beacon(visitor, sheet, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.21")
    assert flushed_visits(sheet) == 2


def _database_rows_containing(text):
    """(table, count) of every table whose rows, as text, contain `text`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" AS t WHERE t::text LIKE %s',  # noqa: S608
                [f"%{text}%"],
            )
            count = cursor.fetchone()[0]
            if count:
                found.append((table, count))
    return found


@pytest.mark.parametrize("store", ["redis", "database cache"])
def test_no_personal_data_is_stored(request, store, sheet, visitor):
    """After counting, no table (nor Redis) holds the address, the user agent or a visitor hash."""
    if store == "redis":
        request.getfixturevalue("redis_cache")
    address, user_agent = "203.0.113.77", BROWSER + " Empreinte/4242"
    beacon(visitor, sheet, ip=address, user_agent=user_agent)
    salt = counting._memo_salt(counting.get_store(), _today())
    visitor_hash = counting._digest(salt, f"{address}|{user_agent}", str(sheet.pk))
    assert flushed_visits(sheet) == 1

    rows = PageVisitDay.objects.get(page=sheet)
    assert {field.attname for field in PageVisitDay._meta.concrete_fields} == {
        "id",
        "page_id",
        "day",
        "visits",
    }
    assert rows.visits == 1
    for secret in (address, "Empreinte/4242", visitor_hash, salt):
        assert _database_rows_containing(secret) == [], secret
    if store == "redis":
        redis = counting.get_store().redis
        for key in redis.scan_iter(match=f"{request.getfixturevalue('redis_cache')}:*"):
            assert address.encode() not in key
            value = redis.dump(key) or b""
            assert address.encode() not in value and b"Empreinte" not in value


def _today():
    from django.utils import timezone

    return timezone.localdate().isoformat()


def test_without_redis_views_are_buffered_in_the_shared_cache(sheet, visitor):
    """Without Redis the counters go through the database cache and are flushed likewise."""
    beacon(visitor, sheet)
    beacon(visitor, sheet)
    beacon(visitor, sheet, ip="203.0.113.9")
    assert flushed_visits(sheet) == 2
