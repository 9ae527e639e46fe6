"""Synthetic content for the benchmarks, written in bulk and kept as a database dump.

    ensure_site_database(size)  # restores bench/data/site-<size>.dump, or generates it

A site of `size` sheets on the structure of the real one (setup_site, the demo
content and its publication), spread over 1 200 centres, the 3 axes and the 8
themes, each sheet with its three sections, three to five impacts, one to three
themes and, one time in two, a cover image among 60 real images; a resource for
every ten sheets; a month of visits for a tenth of the sheets. Pages are
inserted row by row in bulk (creating them one by one takes hours at 100 000),
then kept with `pg_dump` under bench/data/ (ignored by git) with the media
folder, and the search node's index is built once per size.
"""

import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
WORDS = [
    "atelier",
    "jardin",
    "partagé",
    "caravane",
    "habitants",
    "quartier",
    "bénévoles",
    "parents",
    "enfants",
    "jeunes",
    "aînés",
    "mobilité",
    "transport",
    "alimentation",
    "cuisine",
    "conserverie",
    "réparation",
    "vélo",
    "numérique",
    "culture",
    "théâtre",
    "musique",
    "fête",
    "marché",
    "santé",
    "logement",
    "emploi",
    "insertion",
    "solidarité",
    "citoyenneté",
    "démocratie",
    "écologie",
    "énergie",
    "école",
    "crèche",
    "sport",
    "lecture",
    "radio",
    "vidéo",
    "voisins",
    "commune",
]
AUDIENCES = ["habitants", "public", "centre", "territoire", "partenaires"]


def services_env():
    out = subprocess.run(
        [str(ROOT / "scripts" / "services"), "env"], capture_output=True, text=True, check=True
    ).stdout
    return dict(line.split("=", 1) for line in out.split())


def names(size):
    return {
        "database": f"cestpossible_bench_site_{size}",
        "dump": DATA / f"site-{size}.dump",
        "media": DATA / f"media-{size}",
        "index_prefix": f"bench_site_{size}_",
        "cache_prefix": f"bench-site-{size}",
    }


def environment(size, **extra):
    """The environment a process serving the benchmark site of `size` runs with."""
    env = services_env()
    server = env["DATABASE_URL"].rsplit("/", 1)[0]
    n = names(size)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "bench-only-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{server}/{n['database']}",
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": env["REDIS_URL"].rsplit("/", 1)[0] + "/5",
        "CACHE_KEY_PREFIX": n["cache_prefix"],
        "ELASTICSEARCH_URL": env["ELASTICSEARCH_URL"],
        "SEARCH_INDEX_PREFIX": n["index_prefix"],
        "SEARCH_QUERY_TIMEOUT": "10",
        "MEDIA_ROOT": str(n["media"]),
        "STATIC_ROOT": str(DATA / "static"),
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "false",
        "GUNICORN_MAX_REQUESTS": "0",  # no recycling in the middle of a measurement
        **extra,
    }


def _psql(server, sql, database="postgres"):
    return subprocess.run(
        ["psql", f"{server}/{database}", "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _images(rng, count):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from initiatives.permissions import SHARED_COLLECTION

    collection = (
        Collection.objects.filter(name=SHARED_COLLECTION).first()
        or Collection.get_first_root_node()
    )
    Image = get_image_model()
    images = []
    for number in range(count):
        picture = PILImage.new("RGB", (1600, 1000), tuple(rng.randrange(256) for _ in range(3)))
        path = DATA / f"tmp-{number}.jpg"
        picture.save(path, "JPEG", quality=80)
        with path.open("rb") as handle:
            image = Image(title=f"Photo n°{number}", collection=collection)
            image.file = ImageFile(handle, name=f"bench-{number}.jpg")
            image.save()
        path.unlink()
        images.append(image)
    return images


def _bulk_pages(parent, model, rows, slug_prefix):
    """Insert Page rows under `parent` in bulk; returns their keys in order."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page

    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    now = timezone.now()
    start = parent.numchild
    pages = []
    for offset, title in enumerate(rows):
        slug = f"{slug_prefix}-{offset}"
        # One publication every two hours or so, the newest last: real dates differ.
        published = now - datetime.timedelta(minutes=127 * (len(rows) - offset))
        pages.append(
            Page(
                path=parent.path + Page._int2str(start + offset + 1).rjust(Page.steplen, "0"),
                depth=parent.depth + 1, numchild=0, title=title, draft_title=title, slug=slug,
                content_type=content_type, live=True, has_unpublished_changes=False,
                url_path=f"{parent.url_path}{slug}/", first_published_at=published,
                last_published_at=published, latest_revision_created_at=published, locale=locale,
                translation_key=uuid.uuid4(),
            )
        )  # fmt: skip
    Page.objects.bulk_create(pages, batch_size=2000)
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(rows))
    return list(
        Page.objects.filter(path__startswith=parent.path, slug__startswith=f"{slug_prefix}-")
        .order_by("path")
        .values_list("pk", flat=True)
    )


def generate(size):
    """Fill the current database: the real site's structure and demo, then bulk content."""
    import datetime

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from figures.models import PageVisitDay
    from initiatives.models import (
        REGION_CHOICES,
        Axis,
        Centre,
        InitiativeIndexPage,
        InitiativePage,
        InitiativeTheme,
        Theme,
    )
    from ressources.models import ResourceIndexPage, ResourcePage, ResourceTheme

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("setup_site", "--hostname", "127.0.0.1", "--port", "80", verbosity=0)
    call_command("load_demo", verbosity=0)
    rng = random.Random(size)
    axes, themes = list(Axis.objects.all()), list(Theme.objects.all())
    regions = [value for value, _label in REGION_CHOICES[:13]]
    images = _images(rng, 60)
    centres = Centre.objects.bulk_create(
        [
            Centre(
                name=f"Centre social n°{i}", city=f"Commune {i}", postcode=f"{10000 + i:05d}",
                departement="Département", departement_code=f"{1 + i % 95:02d}",
                region=rng.choice(regions), territory_type=rng.choice(["urbain", "rural"]),
            )
            for i in range(1200)
        ]
    )  # fmt: skip
    with transaction.atomic():
        index = InitiativeIndexPage.objects.get()
        titles = [f"{sentence(rng, 5)[:-1]} {i}" for i in range(size)]
        sheet_ids = _bulk_pages(index, InitiativePage, titles, "fiche-bench")
        rows, links = [], []
        for page_id in sheet_ids:
            impacts = [
                {"type": "item", "id": str(uuid.uuid4()), "value": {
                    "audience": audience,
                    "points": [{"type": "item", "id": str(uuid.uuid4()), "value": sentence(rng, 12)}
                               for _ in range(rng.randint(1, 3))]}}
                for audience in rng.sample(AUDIENCES, rng.randint(3, 5))
            ]  # fmt: skip
            body = [
                {"type": "action", "id": str(uuid.uuid4()),
                 "value": "".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(3))},
                {"type": "situation", "id": str(uuid.uuid4()),
                 "value": "".join(f"<p>{sentence(rng, 30)}</p>" for _ in range(2))},
                {"type": "impacts", "id": str(uuid.uuid4()), "value": impacts},
            ]  # fmt: skip
            centre = rng.choice(centres)
            image = rng.choice(images) if rng.random() < 0.5 else None
            rows.append(
                (page_id, centre.pk, sentence(rng, 25), rng.choice(axes).pk,
                 centre.territory_type, rng.randint(2010, 2025), image.pk if image else None,
                 "Des habitant·e·s réuni·e·s" if image else "", "", "", json.dumps(body))
            )  # fmt: skip
            for theme in rng.sample(themes, rng.randint(1, 3)):
                links.append(InitiativeTheme(content_object_id=page_id, tag=theme))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO initiatives_initiativepage (page_ptr_id, centre_id, summary, axis_id,"
                " territory_type, year, cover_image_id, cover_image_alt, video_url, more_link, body)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
        InitiativeTheme.objects.bulk_create(links, batch_size=5000)

        resources_index = ResourceIndexPage.objects.get()
        titles = [f"Guide : {sentence(rng, 4)[:-1]} {i}" for i in range(size // 10)]
        resource_ids = _bulk_pages(resources_index, ResourcePage, titles, "ressource-bench")
        body = json.dumps(
            [{"type": "text", "id": str(uuid.uuid4()), "value": f"<p>{sentence(rng, 80)}</p>"}]
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO ressources_resourcepage (page_ptr_id, resource_type, summary,"
                " external_url, body) VALUES (%s, %s, %s, %s, %s)",
                [(page_id, "guide", sentence(rng, 20), "", body) for page_id in resource_ids],
            )
        ResourceTheme.objects.bulk_create(
            [ResourceTheme(content_object_id=pk, tag=rng.choice(themes)) for pk in resource_ids],
            batch_size=5000,
        )
        today = timezone.localdate()
        PageVisitDay.objects.bulk_create(
            [
                PageVisitDay(page_id=page_id, day=today - datetime.timedelta(days=day),
                             visits=rng.randint(1, 20))
                for page_id in rng.sample(sheet_ids, max(1, size // 10))
                for day in range(1, 31)
            ],
            batch_size=10000,
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def ensure_site_database(size, reindex=True):
    """Restore or generate the site of `size` sheets; set up Django on it (in this process)."""
    env = environment(size)
    os.environ.update(env)
    n = names(size)
    server = env["DATABASE_URL"].rsplit("/", 1)[0]
    DATA.mkdir(parents=True, exist_ok=True)
    fresh = _psql(server, f"SELECT 1 FROM pg_database WHERE datname='{n['database']}'") != "1"
    if fresh:
        _psql(server, f'CREATE DATABASE "{n["database"]}"')
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if fresh and n["dump"].exists():
        subprocess.run(
            ["pg_restore", "--no-owner", "-d", env["DATABASE_URL"], str(n["dump"])], check=True
        )
    elif fresh:
        import time

        started = time.perf_counter()
        generate(size)
        print(f"[{size}] contenu généré en {time.perf_counter() - started:.0f} s", file=sys.stderr)
        subprocess.run(["pg_dump", "-Fc", "-f", str(n["dump"]), env["DATABASE_URL"]], check=True)
    if reindex:
        _ensure_index(size)
    return env


def _ensure_index(size):
    """Build the node's index of the site once (kept between runs, like the dump)."""
    import time

    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    from initiatives.models import InitiativePage

    backend = get_search_backend("default")
    index = backend.get_index_for_model(InitiativePage)
    try:
        backend.refresh_indexes()
        indexed = backend.es.count(index=index.name)["count"]
    except Exception:  # noqa: BLE001 - no index yet
        indexed = 0
    if indexed >= InitiativePage.objects.count():
        return
    started = time.perf_counter()
    call_command("update_index", backend_name="default", verbosity=0)
    print(
        f"[{size}] index du nœud construit en {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
