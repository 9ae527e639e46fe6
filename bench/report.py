"""Compare the load benchmark's sizes and check the goals, from bench/data/load-<N>.json.

    .venv/bin/python bench/report.py [1000 10000 100000]

Prints, for each endpoint and mode, requests per second and p95 at each size and
the ratio of the largest to the smallest, then each goal of the performance
issue with the measured figures and whether it holds.
"""

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PAGES = ["home", "theme page", "listing, two filters", "sheet", "resource", "key figures"]


def load(sizes):
    found = {}
    for size in sizes:
        path = DATA / f"load-{size}.json"
        if path.exists():
            found[size] = json.loads(path.read_text(encoding="utf-8"))
    return found


def result(data, name, mode):
    return data["results"][f"{name}|{mode}"]


def main():
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 10000, 100000]
    runs = load(sizes)
    if not runs:
        raise SystemExit("aucun résultat : lancez d'abord bench/load.py")
    sizes = sorted(runs)
    first, last = sizes[0], sizes[-1]
    keys = list(runs[first]["results"])
    header = " | ".join(f"{size:,} req/s · p95".replace(",", " ") for size in sizes)
    print(f"| endpoint | mode | {header} | req/s {last // first}× sheets |")
    print("|---|---|" + "---|" * len(sizes) + "---|")
    for key in keys:
        name, mode = key.split("|")
        cells = []
        for size in sizes:
            value = runs[size]["results"].get(key)
            cells.append(f"{value['rps']:.0f} · {value['p95']:.1f} ms" if value else "—")
        ratio = runs[last]["results"][key]["rps"] / runs[first]["results"][key]["rps"]
        print(f"| {name} | {mode} | {' | '.join(cells)} | {ratio:.2f} |")

    print("\nGoals:")
    for size in sizes:
        data = runs[size]
        static = result(data, "static file (ceiling)", "reference")["rps"]
        worst = min(PAGES, key=lambda name: result(data, name, "cached")["rps"])
        share = result(data, worst, "cached")["rps"] / static
        print(
            f"- {size}: cached pages ≥ 50 % of the static file: worst is {worst}, "
            f"{100 * share:.0f} % — {'met' if share >= 0.5 else 'NOT met'}"
        )
        minimal = result(data, "minimal Django view", "reference")["rps"]
        for name in ("sheet", "listing, two filters"):
            times = minimal / result(data, name, "uncached")["rps"]
            print(
                f"- {size}: uncached {name} within 3× the minimal view: {times:.1f}× — "
                f"{'met' if times <= 3 else 'NOT met'}"
            )
    if len(sizes) > 1:
        for name in ("search page", "autocomplete"):
            growth = (
                result(runs[last], name, "uncached")["p95"]
                / result(runs[first], name, "uncached")["p95"]
            )
            print(
                f"- {name} p95 at {last} within 2× its p95 at {first}: {growth:.2f}× — "
                f"{'met' if growth <= 2 else 'NOT met'}"
            )
        for name in PAGES + ["API list", "API detail"]:
            for mode in ("cached", "uncached"):
                if f"{name}|{mode}" not in runs[last]["results"]:
                    continue
                slower = (
                    result(runs[first], name, mode)["rps"] / result(runs[last], name, mode)["rps"]
                )
                if mode == "cached" and name in ("API list", "API detail"):
                    continue
                print(
                    f"- {name} ({mode}) at {last} within 1.5× of {first}: {slower:.2f}× — "
                    f"{'met' if slower <= 1.5 else 'NOT met'}"
                )


if __name__ == "__main__":
    main()
