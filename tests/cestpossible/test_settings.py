"""Settings: production refuses to start without SECRET_KEY and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_requires_secret_key():
    """Without SECRET_KEY the production settings fail loudly."""
    result = run_manage("check", DJANGO_SETTINGS_MODULE="cestpossible.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_check_deploy_passes():
    """check --deploy with the production settings reports no error and no warning."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cestpossible.settings.production",
        SECRET_KEY="x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="cestpossible.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "ERRORS" not in result.stderr and "WARNINGS" not in result.stderr


def test_search_backend_follows_environment():
    """ELASTICSEARCH_URL and SEARCH_ENGINE pick the backend; unset, the database backend."""
    code = (
        "from django.conf import settings; "
        "print(settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])"
    )
    base = {"DJANGO_SETTINGS_MODULE": "cestpossible.settings.dev"}

    def backend(**env):
        environment = {
            k: v for k, v in os.environ.items() if k not in {"ELASTICSEARCH_URL", "SEARCH_ENGINE"}
        }
        environment.update(base, **env)
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert backend() == "wagtail.search.backends.database"
    assert backend(ELASTICSEARCH_URL="http://127.0.0.1:9200") == (
        "wagtail.search.backends.opensearch3"
    )
    assert backend(ELASTICSEARCH_URL="http://es:9200", SEARCH_ENGINE="elasticsearch") == (
        "wagtail.search.backends.elasticsearch9"
    )
