"""Search benchmark: indexing throughput and query latency, node vs database, side by side.

Not a test: a script that prints figures (copy them into docs/benchmarks.md).

    bench/search_bench.py 1000 10000 [--repeat 5]

For each size N it uses its own PostgreSQL database (cestpossible_bench_N) on the
test cluster (scripts/services start), filled in bulk with N synthetic sheets
spread over 300 centres, the 3 axes and the 8 themes, then kept as a pg_dump
under bench/data/ and restored on the next run (creating pages one by one takes
hours at 100 000). It indexes them on the OpenSearch node and in Wagtail's
database backend (PostgreSQL full text), timing each, then runs a fixed set of
queries through the search service, node and database interleaved, repeated,
and prints p50 / p95 per engine with the spread across repetitions.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The vocabulary and the services are the load benchmark's (bench/content.py).
from bench.content import DATA, sentence, services_env  # noqa: E402

QUERIES = [
    "caravane", "habitants", "jardin partagé", "repair café", "parents", "quartier",
    "bénévoles", "mobilité", "alimentation", "culture", "solidarité", "jeunes",
    "logement", "santé", "numérique", "emploi",
]  # fmt: skip


def setup_django(size):
    env = services_env()
    base_url = env["DATABASE_URL"].rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base_url}/cestpossible_bench_{size}"
    os.environ["ELASTICSEARCH_URL"] = env["ELASTICSEARCH_URL"]
    os.environ["SEARCH_INDEX_PREFIX"] = f"bench_{size}_"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cestpossible.settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.SEARCH_QUERY_TIMEOUT = 30.0
    return base_url


def psql_url(base_url, name):
    return f"{base_url}/{name}"


def database_exists(base_url, name):
    result = subprocess.run(
        ["psql", psql_url(base_url, "postgres"), "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip() == "1"


def generate(size):
    """Fill the database in bulk: centres, then Page rows, then sheet rows by executemany."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from home.site_structure import ensure_site
    from initiatives.models import (
        REGION_CHOICES,
        Axis,
        Centre,
        InitiativeIndexPage,
        InitiativePage,
        InitiativeTheme,
        Theme,
    )

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    ensure_site()
    rng = random.Random(size)
    index = InitiativeIndexPage.objects.get()
    axes = list(Axis.objects.all())
    themes = list(Theme.objects.all())
    regions = [value for value, _label in REGION_CHOICES[:13]]
    centres = Centre.objects.bulk_create(
        [
            Centre(
                name=f"Centre social n°{i}", city=f"Commune {i}", postcode=f"{10000 + i:05d}",
                departement="Département", departement_code=f"{1 + i % 95:02d}",
                region=rng.choice(regions), territory_type=rng.choice(["urbain", "rural"]),
            )
            for i in range(300)
        ]
    )  # fmt: skip
    content_type = ContentType.objects.get_for_model(InitiativePage)
    locale = Locale.get_default()
    now = timezone.now()
    step = Page.steplen
    with transaction.atomic():
        start = index.numchild
        pages = []
        for i in range(size):
            title = f"{sentence(rng, 5)[:-1]} {i}"
            slug = f"fiche-bench-{i}"
            pages.append(
                Page(
                    path=index.path + Page._int2str(start + i + 1).rjust(step, "0"),
                    depth=index.depth + 1, numchild=0, title=title, draft_title=title, slug=slug,
                    content_type=content_type, live=True, has_unpublished_changes=False,
                    url_path=f"{index.url_path}{slug}/", first_published_at=now,
                    last_published_at=now, latest_revision_created_at=now, locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )  # fmt: skip
        Page.objects.bulk_create(pages, batch_size=2000)
        Page.objects.filter(pk=index.pk).update(numchild=start + size)
        rows = []
        links = []
        for page in Page.objects.filter(slug__startswith="fiche-bench-").values_list(
            "pk", flat=True
        ):
            body = [
                {"type": "action", "value": f"<p>{sentence(rng, 60)}</p>", "id": str(uuid.uuid4())},
                {"type": "situation", "value": f"<p>{sentence(rng, 40)}</p>", "id": str(uuid.uuid4())},
                {"type": "impacts", "id": str(uuid.uuid4()), "value": [
                    {"type": "item", "id": str(uuid.uuid4()),
                     "value": {"audience": "habitants", "points": [
                         {"type": "item", "id": str(uuid.uuid4()), "value": sentence(rng, 10)}]}}]},
            ]  # fmt: skip
            centre = rng.choice(centres)
            rows.append(
                (page, centre.pk, sentence(rng, 20), rng.choice(axes).pk, centre.territory_type,
                 rng.randint(2010, 2025), "", "", json.dumps(body))
            )  # fmt: skip
            for theme in rng.sample(themes, 2):
                links.append(InitiativeTheme(content_object_id=page, tag=theme))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO initiatives_initiativepage (page_ptr_id, centre_id, summary, axis_id,"
                " territory_type, year, cover_image_id, video_url, more_link, body)"
                " VALUES (%s, %s, %s, %s, %s, %s, NULL, %s, %s, %s)",
                rows,
            )
        InitiativeTheme.objects.bulk_create(links, batch_size=5000)


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(size, repeat):
    base_url = setup_django(size)
    name = f"cestpossible_bench_{size}"
    dump = DATA / f"bench-{size}.dump"
    DATA.mkdir(parents=True, exist_ok=True)
    if not database_exists(base_url, name):
        subprocess.run(
            [
                "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                base_url.rsplit(":", 1)[1],
                "-U",
                "cestpossible",
                name,
            ],
            check=True,
        )
        if dump.exists():
            subprocess.run(["pg_restore", "-d", psql_url(base_url, name), str(dump)], check=True)
        else:
            seconds = timed(lambda: generate(size))
            print(f"[{size}] génération en masse : {seconds:.1f} s")
            subprocess.run(
                ["pg_dump", "-Fc", "-f", str(dump), psql_url(base_url, name)], check=True
            )
    from django.core.management import call_command

    from initiatives.models import InitiativePage
    from search import service

    count = InitiativePage.objects.count()
    node_seconds = timed(lambda: call_command("update_index", backend_name="default", verbosity=0))
    db_seconds = timed(lambda: call_command("update_index", backend_name="db", verbosity=0))
    print(f"[{size}] {count} fiches — indexation : nœud {count / node_seconds:.0f} docs/s "
          f"({node_seconds:.1f} s), base {count / db_seconds:.0f} docs/s ({db_seconds:.1f} s)")  # fmt: skip
    node, database = service._engines()
    node.backend.refresh_indexes()
    filters = service.Filters()
    samples = {"nœud": [], "base": []}
    per_run = {"nœud": [], "base": []}
    for _round in range(repeat):
        round_times = {"nœud": [], "base": []}
        for query in QUERIES:
            for label, engine in (("nœud", node), ("base", database)):
                seconds = timed(
                    lambda engine=engine, query=query: engine.search(query, filters, 1, 10)
                )
                round_times[label].append(seconds * 1000)
        for label, values in round_times.items():
            samples[label] += values
            per_run[label].append(statistics.median(values))
    for label in ("nœud", "base"):
        medians = per_run[label]
        print(f"[{size}] recherche {label} : p50 {percentile(samples[label], 0.5):.1f} ms, "
              f"p95 {percentile(samples[label], 0.95):.1f} ms, médiane par série "
              f"{min(medians):.1f}–{max(medians):.1f} ms sur {repeat} séries de {len(QUERIES)} requêtes")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for size in args.sizes:
        # One process per size: Django is configured once per database.
        if len(args.sizes) > 1:
            subprocess.run(
                [sys.executable, __file__, str(size), "--repeat", str(args.repeat)], check=True
            )
        else:
            run(size, args.repeat)


if __name__ == "__main__":
    main()
