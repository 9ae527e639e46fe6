"""Seconds to make a publication's PDF: the 9-sheet demo booklet and a 100-sheet one.

    scripts/services start postgres
    .venv/bin/python bench/publication_bench.py [--repeat 3]

Builds a database of its own with the demo content, composes a 100-sheet
publication (the nine demo sheets' texts, copied onto 100 sheets over three
chapters), then makes each PDF `--repeat` times (the cached PDF is dropped
before each run), interleaved, and prints the median and range, the pages and
the size.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = "postgres://cestpossible@127.0.0.1:54329"
DB_NAME = "cp_bench_publication"


def setup_django():
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cestpossible.settings.dev",
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "TASKS_BACKEND": "immediate",
            "MEDIA_ROOT": "/tmp/cestpossible-bench-media",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare():
    subprocess.run(
        ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True
    )
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", verbosity=0)


def hundred_sheet_publication():
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from publications.models import PublicationIndexPage, PublicationPage

    index = InitiativeIndexPage.objects.get()
    models = list(InitiativePage.objects.order_by("pk"))
    sheets = []
    for number in range(100):
        model = models[number % len(models)]
        sheet = InitiativePage(
            title=f"{model.title} (n°{number + 1})",
            slug=f"bench-{number + 1}",
            summary=model.summary,
            centre=model.centre,
            axis=model.axis,
            year=model.year,
            body=model.body.raw_data,
            more_link=model.more_link,
            live=False,
        )
        index.add_child(instance=sheet)
        sheet.save_revision().publish()
        sheets.append(sheet)
    chapters = [
        {
            "type": "chapter",
            "value": {
                "title": f"Chapitre {part + 1}",
                "introduction": "<p>Les initiatives de ce chapitre.</p>",
                "items": [
                    {"type": "sheet", "value": s.pk} for s in sheets[part * 34 : (part + 1) * 34]
                ],
            },
        }
        for part in range(3)
    ]
    demo = PublicationPage.objects.get(slug="cest-possible-2019")
    publication = PublicationPage(
        title="Cent initiatives",
        slug="cent-initiatives",
        edito=demo.edito,
        chapters=chapters,
        conclusion=demo.conclusion,
        live=False,
    )
    PublicationIndexPage.objects.get().add_child(instance=publication)
    publication.save_revision().publish()
    return publication


def make(publication):
    from publications import tasks
    from publications.models import PublicationPDF

    PublicationPDF.objects.filter(publication=publication).delete()
    started = time.perf_counter()
    row = tasks.generate(publication.pk)
    elapsed = time.perf_counter() - started
    assert row.status == PublicationPDF.READY, row.error
    return elapsed, row.pages, row.size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    prepare()
    from publications.models import PublicationPage

    publications = {
        "9 sheets (demo)": PublicationPage.objects.get(slug="cest-possible-2019"),
        "100 sheets": hundred_sheet_publication(),
    }
    runs = {name: [] for name in publications}
    for _ in range(args.repeat):
        for name, publication in publications.items():
            runs[name].append(make(publication))
    print("\n| publication | seconds (median) | range | pages | size |")
    print("|---|---|---|---|---|")
    for name, results in runs.items():
        seconds = [result[0] for result in results]
        print(
            f"| {name} | {statistics.median(seconds):.1f} s | {min(seconds):.1f}–{max(seconds):.1f} s "
            f"| {results[-1][1]} | {results[-1][2] / 1024:.0f} KiB |"
        )


if __name__ == "__main__":
    main()
