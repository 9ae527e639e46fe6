"""The health endpoint (/sante/): is the database, the shared cache and the search node up?

Answers JSON, never cached. 200 when the database and the cache answer (the site
works: without the node, search falls back to the database and says "dégradé");
503 when one of them fails, or with `?strict=1` when anything fails. Each check
is timed, so a slow dependency shows before it fails.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check()
        state = "ok"
    except Exception as error:  # noqa: BLE001 - a failing dependency is the answer
        detail, state = f"{type(error).__name__}: {error}"[:300], "erreur"
    return {"etat": state, "ms": round((time.perf_counter() - started) * 1000, 1), "detail": detail}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache():
    cache = caches["default"]
    key, value = f"sante:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("le cache ne rend pas la valeur écrite")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_search():
    from wagtail.search.backends import get_search_backend

    backend_path = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    if backend_path == "wagtail.search.backends.database":
        return "base de données (aucun nœud configuré)"
    client = get_search_backend("default").es
    if type(client).__module__.startswith("elasticsearch"):
        health = client.options(request_timeout=3).cluster.health(timeout="2s")
    else:  # opensearch-py: the server's timeout is a query parameter
        health = client.cluster.health(params={"timeout": "2s"}, request_timeout=3)
    status = health.get("status")
    if status == "red":
        raise RuntimeError("grappe de recherche en état rouge")
    return f"{health.get('cluster_name')} : {status}, {health.get('number_of_nodes')} nœud(s)"


@never_cache
@require_GET
def health(request):
    checks = {
        "base": _timed(check_database),
        "cache": _timed(check_cache),
        "recherche": _timed(check_search),
    }
    essential_ok = checks["base"]["etat"] == checks["cache"]["etat"] == "ok"
    all_ok = essential_ok and checks["recherche"]["etat"] == "ok"
    strict = request.GET.get("strict") == "1"
    state = "ok" if all_ok else ("dégradé" if essential_ok else "erreur")
    status = 200 if (all_ok or (essential_ok and not strict)) else 503
    return JsonResponse({"etat": state, "verifications": checks}, status=status)
