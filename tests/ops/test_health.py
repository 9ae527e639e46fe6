"""Operations: the health endpoint, JSON logs, error reporting and storage switches."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_health_reports_database_cache_and_search_node():
    """With every service up: 200, each check ok and timed, never cached."""
    response = Client().get("/sante/")
    assert response.status_code == 200
    data = response.json()
    assert data["etat"] == "ok"
    assert set(data["verifications"]) == {"base", "cache", "recherche"}
    for check in data["verifications"].values():
        assert check["etat"] == "ok" and check["ms"] >= 0
    assert "nœud" in data["verifications"]["recherche"]["detail"]
    assert "no-cache" in response["Cache-Control"]


def test_health_degrades_when_the_search_node_is_unreachable(settings):
    """A node that does not answer: 200 « dégradé » (search falls back), 503 when strict."""
    backends = {**settings.WAGTAILSEARCH_BACKENDS}
    backends["default"] = {**backends["default"], "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1}
    settings.WAGTAILSEARCH_BACKENDS = backends
    response = Client().get("/sante/")
    assert response.status_code == 200
    assert response.json()["etat"] == "dégradé"
    assert response.json()["verifications"]["recherche"]["etat"] == "erreur"
    assert Client().get("/sante/?strict=1").status_code == 503


def test_health_fails_when_the_cache_is_down(settings):
    """A cache that cannot be reached: 503 « erreur »."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    response = Client().get("/sante/")
    assert response.status_code == 503
    assert response.json()["etat"] == "erreur"
    assert response.json()["verifications"]["cache"]["etat"] == "erreur"


def settings_value(code, **env):
    """Evaluate `code` in a fresh process with the production settings and `env`."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cestpossible.settings.production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "cestpossible.example.org",
        **env,
    }
    script = f"import django, json; django.setup(); from django.conf import settings; {code}"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result


def test_json_logs_one_object_per_line():
    """LOG_FORMAT=json writes each log record as a JSON object with level and logger."""
    result = settings_value(
        "import logging; logging.getLogger('cestpossible.test').warning('Réindexation lancée')",
        LOG_FORMAT="json",
    )
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["level"] == "WARNING"
    assert record["logger"] == "cestpossible.test"
    assert record["message"] == "Réindexation lancée"


def test_sentry_s3_and_cdn_switch_on_with_their_variables():
    """SENTRY_DSN starts the SDK, AWS_STORAGE_BUCKET_NAME moves media to S3, a purge URL
    configures Wagtail's frontend cache; without them, none is on."""
    off = settings_value(
        "import sentry_sdk; print(json.dumps([bool(sentry_sdk.get_client().is_active()), "
        "settings.STORAGES['default']['BACKEND'], settings.WAGTAILFRONTENDCACHE]))"
    )
    assert json.loads(off.stdout) == [False, "django.core.files.storage.FileSystemStorage", {}]
    on = settings_value(
        "import sentry_sdk; print(json.dumps([bool(sentry_sdk.get_client().is_active()), "
        "settings.STORAGES['default']['BACKEND'], "
        "sorted(settings.WAGTAILFRONTENDCACHE), settings.WAGTAILDOCS_SERVE_METHOD]))",
        SENTRY_DSN="https://public@sentry.example.org/1",
        AWS_STORAGE_BUCKET_NAME="cestpossible-media",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
    )
    assert json.loads(on.stdout) == [True, "storages.backends.s3.S3Storage", ["proxy"], "redirect"]
