"""What counting visits costs a sheet page: production server, counting on and off, interleaved.

    scripts/services start postgres && scripts/services start redis
    .venv/bin/python bench/audience_bench.py [--rounds 5] [--seconds 10]

Sets up a database of its own (the demo content) with Redis as the shared cache,
then runs two gunicorn servers with the production settings side by side: one
with AUDIENCE_ENABLED=false, one with it on. wrk drives one at a time, and the
scenarios alternate within each round:

- "off, page": GET the sheet, counting off (the reference);
- "on, page": GET the sheet, counting on (the page carries the beacon script);
- "on, page + beacon": every view is the page and then its beacon, each from a
  new visitor (random X-Forwarded-For), so every beacon goes the whole way
  (salted hash, dedup, rate counters, buffer): views per second are half the
  requests;
- "on, beacon": beacons alone, the endpoint's own throughput.

Prints requests per second (mean and range over the rounds) and latency
percentiles, then the cost of counting: views per second lost against the
reference. `--no-page-cache` runs both servers without the full-page cache, so
every view makes the sheet again (the cost against a page not in the cache).
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
PG = "postgres://cestpossible@127.0.0.1:54329"
DB_NAME = "cp_bench_audience"
REDIS = "redis://127.0.0.1:63799/3"
SHEET = "/action/table-de-quartier-detouvie/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


PAGE_CACHE_SECONDS = "600"  # --no-page-cache: 0, every sheet view is made again


def env(audience_on=True):
    static_root = Path(tempfile.gettempdir()) / "cestpossible-bench-static"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cestpossible.settings.production",
        "SECRET_KEY": "bench-only-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": "bench-audience",
        "STATIC_ROOT": str(static_root),
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        "AUDIENCE_ENABLED": "true" if audience_on else "false",
        "PAGE_CACHE_SECONDS": PAGE_CACHE_SECONDS,
        "AUDIENCE_TRUSTED_PROXIES": "1",
        "AUDIENCE_RATE_PER_CLIENT": str(10**9),
        "AUDIENCE_RATE_PER_PAGE": str(10**9),
    }


def manage(*args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env(), check=True)


def prepare():
    subprocess.run(
        ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True
    )
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["createcachetable"],
        ["setup_site", "--hostname", "127.0.0.1", "--port", "80"],
        # Before the demo: its publication's PDF links the manifest's stylesheet.
        ["collectstatic", "--no-input", "-v", "0"],
        ["load_demo"],
    ):
        manage(*command)


def page_token():
    code = (
        "import django; django.setup();"
        "from wagtail.models import Page; from figures.counting import page_token;"
        f"print(page_token(Page.objects.get(url_path__endswith='{SHEET[7:]}').pk))"
    )
    out = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=env(), check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def start_server(port, audience_on, workers):
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cestpossible.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env(audience_on),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{SHEET}", timeout=5) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"gunicorn did not answer on port {port}")


LUA_VISIT = """
local n = 0
math.randomseed(%(seed)d)
request = function()
  n = n + 1
  if n %% 2 == 1 then
    return wrk.format("GET", "%(sheet)s")
  end
  local ip = math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("POST", "/mesure/", {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = ip, ["User-Agent"] = "%(ua)s"}, "p=%(token)s")
end
"""

LUA_BEACON = """
math.randomseed(%(seed)d)
request = function()
  local ip = math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("POST", "/mesure/", {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = ip, ["User-Agent"] = "%(ua)s"}, "p=%(token)s")
end
"""


def wrk(port, seconds, connections, lua=None, path=SHEET):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    script_path = None
    if lua:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(lua)
        script_path = script.name
        command += ["-s", script_path]
    command.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if script_path:
        os.unlink(script_path)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = {p: _ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "99")}
    return {"rps": rps, "errors": int(errors.group(1)) if errors else 0, **latency}


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def summary(runs, per_view=1):
    values = [run["rps"] / per_view for run in runs]
    return {
        "mean": statistics.mean(values),
        "min": min(values),
        "max": max(values),
        "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
        "p50": statistics.median(run["50"] for run in runs),
        "p99": statistics.median(run["99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="servers without the full-page cache: the cost against a sheet made each time",
    )
    args = parser.parse_args()
    global PAGE_CACHE_SECONDS
    if args.no_page_cache:
        PAGE_CACHE_SECONDS = "0"

    if not args.skip_setup:
        prepare()
    token = urllib.parse.quote(page_token(), safe="")
    values = {"sheet": SHEET, "ua": BROWSER, "token": token}
    off = start_server(8302, False, args.workers)
    on = start_server(8301, True, args.workers)
    scenarios = {
        "off, page": (8302, None, 1),
        "on, page": (8301, None, 1),
        "on, page + beacon": (8301, LUA_VISIT, 2),
        "on, beacon": (8301, LUA_BEACON, 1),
    }
    runs = {name: [] for name in scenarios}
    try:
        for port in (8301, 8302):
            wrk(port, 3, args.connections)  # warm-up: templates, fragments, connections
        for round_number in range(args.rounds):
            for name, (port, lua, _) in scenarios.items():
                script = lua % {**values, "seed": round_number + 1} if lua else None
                runs[name].append(wrk(port, args.seconds, args.connections, script))
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    finally:
        for process in (on, off):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)

    results = {name: summary(runs[name], scenarios[name][2]) for name in scenarios}
    print(
        f"\n{args.rounds} interleaved rounds of {args.seconds} s, wrk -t1 -c{args.connections}, "
        f"gunicorn {args.workers} workers, production settings, PostgreSQL + Redis, "
        f"page cache {'off' if args.no_page_cache else 'on'}\n"
    )
    print("| scenario | views/s (mean) | range | stdev | p50 | p99 | non-2xx |")
    print("|---|---|---|---|---|---|---|")
    for name, result in results.items():
        print(
            f"| {name} | {result['mean']:.1f} | {result['min']:.1f}–{result['max']:.1f} | "
            f"{result['stdev']:.1f} | {result['p50']:.1f} ms | {result['p99']:.1f} ms | "
            f"{result['errors']} |"
        )
    reference = results["off, page"]["mean"]
    for name in ("on, page", "on, page + beacon"):
        cost = 100 * (1 - results[name]["mean"] / reference)
        per_round = [
            100 * (1 - (on_run["rps"] / scenarios[name][2]) / off_run["rps"])
            for on_run, off_run in zip(runs[name], runs["off, page"], strict=True)
        ]
        print(
            f"\ncost of counting ({name} vs off, page): {cost:.1f} % "
            f"(per round: {', '.join(f'{value:.1f}' for value in per_round)} %)"
        )


if __name__ == "__main__":
    main()
