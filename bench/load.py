"""Load benchmark: the production server (gunicorn) driven by wrk, cached and uncached.

    scripts/services start all
    .venv/bin/python bench/load.py 1000 [--rounds 3] [--seconds 5] [--workers 2]

For a site of N sheets (bench/content.py: restored from its dump, or generated),
two gunicorn servers run the production settings side by side on the same
database, Redis and search node: one with the full-page cache (PAGE_CACHE_SECONDS
600), one without it (0; fragment and rendition caches stay on, as in
production). wrk drives one server at a time, each endpoint in turn, cached
then uncached, and the rounds repeat that order: interleaved, so a slower
moment of the machine touches every figure alike. In each round, the
references: a static file served by the same server (the ceiling) and a
minimal Django view through the same middleware (the floor of a Django
request).

Prints, per endpoint and mode: requests per second (mean, and range over the
rounds), latency p50 / p95 / p99 (median over the rounds), and the SQL queries
of one uncached request (measured in this process with Django's test client,
caches warm). Results are also written to bench/data/load-<N>.json, which
bench/report.py reads to compare sizes.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.content import DATA, ensure_site_database, environment  # noqa: E402

CACHED_PORT, UNCACHED_PORT = 8401, 8402
LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"p50": %d, "p95": %d, "p99": %d, "requests": %d, "errors": %d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def endpoints():
    """Name → path of what the benchmark requests (picked in the middle of the site)."""
    from initiatives.models import InitiativePage, Theme
    from ressources.models import ResourcePage

    sheets = InitiativePage.objects.live().filter(slug__startswith="fiche-bench").order_by("pk")
    sheet = sheets[sheets.count() // 2]
    resources = ResourcePage.objects.live().order_by("pk")
    resource = resources[resources.count() // 2]
    theme = Theme.objects.order_by("slug").first()
    return {
        "home": "/",
        "theme page": f"/thematiques/{theme.slug}/",
        "listing, two filters": f"/action/?theme={theme.slug}&territoire=urbain",
        "sheet": sheet.url,
        "resource": resource.url,
        "key figures": "/chiffres-cles/",
        "search page": "/recherche/?q=jardin+partag%C3%A9",
        "autocomplete": "/recherche/autocompletion/?q=jard",
        "API list": "/api/v3/pages/?type=initiatives.InitiativePage&limit=20",
        "API detail": f"/api/v3/pages/{sheet.pk}/",
    }


REFERENCES = {
    "static file (ceiling)": "/static/css/site.css",
    "minimal Django view": "/bench/minimal/",
}


def count_queries(paths):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        client = Client(HTTP_HOST="127.0.0.1")
        for name, path in paths.items():
            client.get(path)
            with CaptureQueriesContext(connection) as context:
                response = client.get(path)
            assert response.status_code == 200, (name, path, response.status_code)
            counts[name] = len(context.captured_queries)
    return counts


def start_server(size, port, cached, workers):
    env = environment(
        size,
        PAGE_CACHE_SECONDS="600" if cached else "0",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
    )
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "python:cestpossible.gunicorn",
         "cestpossible.wsgi"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/minimal/", timeout=5):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"gunicorn n'a pas répondu sur le port {port}")


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return response.status, response.headers.get("X-Cache", "")


def wrk(port, path, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA_DONE)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script.name,
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    Path(script.name).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    stats = json.loads(re.search(r"^JSON (.*)$", out, re.M).group(1))
    return {
        "rps": rps,
        **{k: stats[k] / 1000 for k in ("p50", "p95", "p99")},
        "errors": stats["errors"],
    }


def summarise(runs):
    values = [run["rps"] for run in runs]
    return {
        "rps": statistics.mean(values),
        "min": min(values),
        "max": max(values),
        **{p: statistics.median(run[p] for run in runs) for p in ("p50", "p95", "p99")},
        "errors": sum(run["errors"] for run in runs),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    ensure_site_database(args.size)
    from django.core.management import call_command

    call_command("collectstatic", "--no-input", verbosity=0)
    paths = endpoints()
    queries = count_queries(paths)
    servers = [
        start_server(args.size, CACHED_PORT, True, args.workers),
        start_server(args.size, UNCACHED_PORT, False, args.workers),
    ]
    runs = {(name, mode): [] for name in paths for mode in ("cached", "uncached")}
    runs.update({(name, "reference"): [] for name in REFERENCES})
    try:
        for port in (CACHED_PORT, UNCACHED_PORT):  # warm-up: templates, connections, caches
            for path in [*paths.values(), *REFERENCES.values()]:
                for _ in range(3):
                    fetch(port, path)
        hits = {name: fetch(CACHED_PORT, path)[1] for name, path in paths.items()}
        for round_number in range(args.rounds):
            for name, path in REFERENCES.items():
                runs[(name, "reference")].append(
                    wrk(CACHED_PORT, path, args.seconds, args.connections)
                )
            for name, path in paths.items():
                for mode, port in (("cached", CACHED_PORT), ("uncached", UNCACHED_PORT)):
                    runs[(name, mode)].append(wrk(port, path, args.seconds, args.connections))
            print(f"[{args.size}] round {round_number + 1}/{args.rounds}", file=sys.stderr)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    results = {f"{name}|{mode}": summarise(values) for (name, mode), values in runs.items()}
    output = {
        "size": args.size,
        "rounds": args.rounds,
        "seconds": args.seconds,
        "workers": args.workers,
        "connections": args.connections,
        "queries": queries,
        "x_cache": hits,
        "results": results,
    }
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / f"load-{args.size}.json").write_text(json.dumps(output, indent=2), encoding="utf-8")
    print(table(output))


def queries_cell(output, name, mode):
    """Uncached: the queries measured; cached: none when the server answered HIT."""
    if mode == "cached":
        return "0" if output["x_cache"].get(name) == "HIT" else "—"
    return str(output["queries"].get(name, "—"))


def table(output):
    lines = [
        f"\n{output['size']} sheets — {output['rounds']} interleaved rounds of {output['seconds']} s, "
        f"wrk -t1 -c{output['connections']}, gunicorn {output['workers']} workers\n",
        "| endpoint | mode | req/s (mean, range) | p50 | p95 | p99 | SQL queries | X-Cache |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, result in output["results"].items():
        name, mode = key.split("|")
        lines.append(
            f"| {name} | {mode} | {result['rps']:.0f} ({result['min']:.0f}–{result['max']:.0f}) | "
            f"{result['p50']:.1f} ms | {result['p95']:.1f} ms | {result['p99']:.1f} ms | "
            f"{queries_cell(output, name, mode)} | "
            f"{output['x_cache'].get(name, '') if mode == 'cached' else ''} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
