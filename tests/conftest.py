"""Shared fixtures: the site skeleton, and the real search node's indexes."""

import pytest
from django.conf import settings
from django.core.management import call_command


def search_node_configured():
    return settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != (
        "wagtail.search.backends.database"
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the search indexes with the project's analysis settings once per session.

    Without it the node would auto-create indexes with default mappings on the
    first document. When no node is configured this is the database backend's
    (cheap) index rebuild.
    """
    with django_db_blocker.unblock():
        call_command("update_index", verbosity=0)


@pytest.fixture
def site_tree(db):
    """The fixed site structure (home, indexes, editorial pages, axes, themes)."""
    from home.site_structure import ensure_site

    return ensure_site()


@pytest.fixture
def redis_cache(settings):
    """The default cache on the real Redis server (TEST_REDIS_URL), under a key prefix of its own.

    Fails, never skips, when Redis is missing: scripts/test starts it.
    """
    import os
    import uuid

    from django.core.cache import caches

    url = os.environ.get("TEST_REDIS_URL")
    assert url, "TEST_REDIS_URL manque : lancez les tests par scripts/test (qui démarre Redis)."
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    connection = caches["default"].client.get_client()
    connection.ping()
    yield prefix
    keys = list(connection.scan_iter(match=f"{prefix}:*"))
    if keys:
        connection.delete(*keys)
