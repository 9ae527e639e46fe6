"""Test settings: the suite runs against the services named by DATABASE_URL and
ELASTICSEARCH_URL (the README's test command starts them); fast hashing, local
memory email, no manifest for static files."""

from .base import *  # noqa: F403
from .env import env_int, env_str

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
if WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "wagtail.search.backends.database":  # noqa: F405
    # A prefix of its own so that tests never touch a deployment's indexes.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = env_str(  # noqa: F405
        "SEARCH_INDEX_PREFIX", "test_cestpossible_"
    )

# No collectstatic outside production: whitenoise serves straight from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A loaded CI machine must not turn a slow answer into a fallback: the resilience
# tests set their own, shorter timeout.
SEARCH_QUERY_TIMEOUT = 5.0

# The full-page cache would hide template and data edits: off unless asked for
# (the page cache's own tests switch it on).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# Key figures computed at each request, so that a test sees the rows it has just
# written (tests/figures checks the cached path on its own).
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 0)
COUNT_CACHE_SECONDS = env_int("COUNT_CACHE_SECONDS", 0)
SEARCH_BROWSE_CACHE_SECONDS = env_int("SEARCH_BROWSE_CACHE_SECONDS", 0)
