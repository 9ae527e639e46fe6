"""Counting public page views, without cookies and without personal data.

The rule (also in the README and the privacy policy):

- A visit is one display of a published page to a visitor who is not logged in.
  The page carries a small script that, once the page is shown (not while it is
  prefetched or prerendered), sends a beacon: `POST /mesure/` with a signed
  token naming the page. Pages served from a cache count too, since the beacon
  is a request of its own.
- Not counted: robots and crawlers (user agents that are not browsers, or that
  say they are robots, headless browsers or link previews), prefetches
  (`Sec-Purpose`/`Purpose` headers), previews (no beacon is rendered there),
  logged-in accounts (no beacon is rendered for them, and the endpoint ignores
  a beacon sent with a logged-in session).
- Reloads: the same visitor displaying the same page again within
  `AUDIENCE_DEDUP_SECONDS` (30 minutes) is not counted again. "The same visitor"
  is a hash of the IP address and the user agent mixed with a random salt that
  is drawn each day and lives only in the cache (Redis, or the process's
  memory): the hash is kept in the cache for the dedup window at most, and
  nothing of it reaches the database. Once the salt is gone, yesterday's hashes
  can no longer be linked to anyone.
- Floods: at most `AUDIENCE_RATE_PER_CLIENT` counted visits per client and
  `AUDIENCE_RATE_PER_PAGE` per page in each `AUDIENCE_RATE_WINDOW`; beyond, the
  beacon is answered like any other and counts nothing. A beacon for an unknown
  page (bad signature), too large or malformed is refused before any cache
  access.
- Storage: the beacon adds one to a per-minute counter in the shared cache; the
  background worker moves closed minutes into daily per-page totals
  (figures.tasks). With Redis (`REDIS_URL`) the counters survive web and worker
  restarts; the known loss is a minute the worker has not reported within
  `BUFFER_TTL` (7 days) of being closed. Without Redis (development), the
  counters live in Django's database cache and the visitor hashes in the
  process's memory: fine for one process, approximate with several.
"""

import datetime
import hashlib
import hmac
import re
import secrets
import threading
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches

TOKEN_SALT = "figures.audience.page"
SLOT_SECONDS = 60
BUFFER_TTL = 7 * 24 * 3600
SALT_TTL = 2 * 24 * 3600
MAX_BEACON_BYTES = 512

# Browsers say "Mozilla/5.0 (...)"; robots either do not, or name themselves.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|fetch|monitor|uptime|checker|validator|preview|"
    r"headless|phantom|selenium|puppeteer|playwright|lighthouse|pagespeed|gtmetrix|"
    r"facebookexternalhit|embedly|whatsapp|telegram|discord|slack|skype|feed|rss|"
    r"archive|wget|curl|python|java/|go-http|okhttp|axios|node-fetch|httpclient|libwww",
    re.IGNORECASE,
)
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def enabled():
    return getattr(settings, "AUDIENCE_ENABLED", True)


# ---------------------------------------------------------------- the page token


def page_token(page_id):
    """The signed value a page's beacon sends: only pages we rendered can be counted."""
    return signing.Signer(salt=TOKEN_SALT).sign(str(page_id))


def page_from_token(token):
    """The page id a token names, or None when the token is forged or malformed."""
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


# ---------------------------------------------------------------- who is asking


def is_robot(user_agent):
    return not user_agent.startswith("Mozilla/") or bool(BOT_USER_AGENT.search(user_agent))


def is_prefetch(meta):
    return any(
        word in meta.get(header, "").lower()
        for header in PREFETCH_HEADERS
        for word in ("prefetch", "prerender", "preview")
    )


def client_address(request):
    """The visitor's IP address, read past `AUDIENCE_TRUSTED_PROXIES` reverse proxies."""
    proxies = getattr(settings, "AUDIENCE_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def current_slot(now=None):
    return int((now if now is not None else time.time()) // SLOT_SECONDS)


# ---------------------------------------------------------------- the stores


class RedisStore:
    """Counters in Redis: atomic across every web and worker process, kept across restarts."""

    def __init__(self):
        from django_redis import get_redis_connection

        self.redis = get_redis_connection("default")
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        self.prefix = f"{prefix}:aud:"

    def _salt(self, day):
        key = f"{self.prefix}salt:{day}"
        self.redis.set(key, secrets.token_hex(32), nx=True, ex=SALT_TTL)
        return self.redis.get(key)

    def count(self, day, page_id, visitor, client, slot, rules):
        salt = _memo_salt(self, day)
        seen_key = self.prefix + "seen:" + _digest(salt, visitor, str(page_id))
        client_key = f"{self.prefix}client:{_digest(salt, client)}:{slot // rules.window_slots}"
        page_key = f"{self.prefix}page:{page_id}:{slot // rules.window_slots}"
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(seen_key, 1, nx=True, ex=rules.dedup_seconds)
        pipe.incr(client_key)
        pipe.expire(client_key, rules.window_seconds)
        pipe.incr(page_key)
        pipe.expire(page_key, rules.window_seconds)
        first, client_hits, _, page_hits, _ = pipe.execute()
        if not first or client_hits > rules.per_client or page_hits > rules.per_page:
            return False
        buffer_key = f"{self.prefix}buf:{slot}"
        pipe = self.redis.pipeline(transaction=True)
        pipe.hincrby(buffer_key, str(page_id), 1)
        pipe.expire(buffer_key, BUFFER_TTL)
        pipe.execute()
        return True

    def read(self, slots):
        pipe = self.redis.pipeline(transaction=False)
        for slot in slots:
            pipe.hgetall(f"{self.prefix}buf:{slot}")
        return {
            slot: {int(page): int(n) for page, n in counts.items()}
            for slot, counts in zip(slots, pipe.execute(), strict=True)
            if counts
        }

    def drop(self, slots):
        if slots:
            self.redis.delete(*[f"{self.prefix}buf:{slot}" for slot in slots])


class CacheStore:
    """Without Redis: counters in Django's default (database) cache, hashes in memory.

    The visitor hashes and the salt stay in this process's memory, never in the
    database cache. Counter updates are serialised within the process only.
    """

    lock = threading.Lock()

    def __init__(self):
        self.shared = caches["default"]
        self.memory = caches["audience"]

    def _salt(self, day):
        key = f"salt:{day}"
        self.memory.add(key, secrets.token_hex(32), SALT_TTL)
        return self.memory.get(key)

    def _hit(self, key, window):
        if self.memory.add(key, 1, window):
            return 1
        try:
            return self.memory.incr(key)
        except ValueError:  # expired between the two calls
            self.memory.set(key, 1, window)
            return 1

    def count(self, day, page_id, visitor, client, slot, rules):
        salt = _memo_salt(self, day)
        first = self.memory.add(
            "seen:" + _digest(salt, visitor, str(page_id)), 1, rules.dedup_seconds
        )
        client_hits = self._hit(
            f"client:{_digest(salt, client)}:{slot // rules.window_slots}", rules.window_seconds
        )
        page_hits = self._hit(f"page:{page_id}:{slot // rules.window_slots}", rules.window_seconds)
        if not first or client_hits > rules.per_client or page_hits > rules.per_page:
            return False
        key = f"aud:buf:{slot}"
        with self.lock:
            counts = self.shared.get(key) or {}
            counts[page_id] = counts.get(page_id, 0) + 1
            self.shared.set(key, counts, BUFFER_TTL)
        return True

    def read(self, slots):
        found = self.shared.get_many([f"aud:buf:{slot}" for slot in slots])
        return {slot: found[f"aud:buf:{slot}"] for slot in slots if found.get(f"aud:buf:{slot}")}

    def drop(self, slots):
        self.shared.delete_many([f"aud:buf:{slot}" for slot in slots])


_salts = {}
_salts_lock = threading.Lock()


def _memo_salt(store, day):
    """The day's salt, read from the store once per process and day."""
    key = (store.__class__, getattr(store, "prefix", ""), day)
    with _salts_lock:
        salt = _salts.get(key)
    if salt is None:
        salt = store._salt(day)
        if isinstance(salt, bytes):
            salt = salt.decode()
        with _salts_lock:
            for old in [k for k in _salts if k[2] != day]:
                del _salts[old]
            _salts[key] = salt
    return salt


def _digest(salt, *parts):
    return hmac.new(salt.encode(), "|".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def get_store():
    if settings.CACHES["default"]["BACKEND"].startswith("django_redis"):
        return RedisStore()
    return CacheStore()


class Rules:
    """The limits in force (from settings), read once per beacon."""

    def __init__(self):
        self.dedup_seconds = getattr(settings, "AUDIENCE_DEDUP_SECONDS", 1800)
        self.window_seconds = getattr(settings, "AUDIENCE_RATE_WINDOW", 600)
        self.window_slots = max(1, self.window_seconds // SLOT_SECONDS)
        self.per_client = getattr(settings, "AUDIENCE_RATE_PER_CLIENT", 60)
        self.per_page = getattr(settings, "AUDIENCE_RATE_PER_PAGE", 300)


# ---------------------------------------------------------------- the beacon


def record(request, page_id, now=None):
    """Count one view of `page_id` if the rule allows it; True when it counted."""
    from django.utils import timezone

    meta = request.META
    user_agent = meta.get("HTTP_USER_AGENT", "")[:512]
    if is_robot(user_agent) or is_prefetch(meta):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        return False
    now = now if now is not None else time.time()
    day = timezone.localdate(datetime.datetime.fromtimestamp(now, tz=datetime.UTC)).isoformat()
    address = client_address(request)
    return get_store().count(
        day,
        page_id,
        visitor=f"{address}|{user_agent}",
        client=address,
        slot=current_slot(now),
        rules=Rules(),
    )
