"""The PDF of a publication: contents in order, table of contents, typography, bad input."""

import re
import subprocess

import pytest
import wagtail_factories
from django.core.files.storage import default_storage
from django.test import Client

from publications import tasks
from publications.models import PublicationPDF
from tests.publications.conftest import (
    ARTIFACTS_DIR,
    chapter,
    fold,
    long_body,
    make_publication,
    pdf_pages,
    publish_sheet,
)

pytestmark = pytest.mark.django_db

TOC_LINE = re.compile(r"(.+?)\s*\.{3,}\s*(\d+)$")


def toc_entries(data, tmp_path):
    """(title, page number) of each line of the table of contents (pdftotext -layout)."""
    path = tmp_path / "toc.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "3", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    entries = []
    pending = ""
    for line in text.splitlines():
        line = fold(line)
        if not line:
            continue
        match = TOC_LINE.match(line)
        if match:
            entries.append((fold(f"{pending} {match.group(1)}"), int(match.group(2))))
            pending = ""
        elif line != "Sommaire":
            pending = fold(f"{pending} {line}")  # a title on two lines
    return entries


def test_demo_publication_pdf_has_every_sheet_in_chapter_order(demo_publication, tmp_path):
    """The demo booklet's PDF holds the nine sheets, chapter by chapter, where the TOC says."""
    row = tasks.generate(demo_publication.pk)
    assert row.status == PublicationPDF.READY, row.error
    data = row.file.read()
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(data, tmp_path)
    assert row.pages == len(pages) >= 15

    outline = demo_publication.outline()
    assert [len(chapter["sheets"]) for chapter in outline] == [3, 3, 3]
    titles = [fold(sheet.title) for chapter in outline for sheet in chapter["sheets"]]
    # Where each sheet starts: the first page past the contents that opens with its title.
    starts = []
    for title in titles:
        found = [
            number
            for number, text in enumerate(pages, start=1)
            if number > 3 and title in fold(text)[: len(title) + 120]
        ]
        assert found, f"« {title} » n'est pas dans le PDF"
        starts.append(found[0])
    assert starts == sorted(starts), "les fiches ne sont pas dans l'ordre des chapitres"

    toc = dict(toc_entries(data, tmp_path))
    for title, start in zip(titles, starts, strict=True):
        assert toc.get(title) == start, (
            f"sommaire : « {title} » p. {toc.get(title)}, vue p. {start}"
        )
    for chapter_data in outline:
        number = next(n for t, n in toc.items() if t.endswith(fold(chapter_data["title"])))
        assert fold(chapter_data["title"]) in fold(pages[number - 1])

    # Screenshots of the first pages, kept as test artefacts.
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / "publication-demo.pdf").write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "6",
            str(ARTIFACTS_DIR / "publication-demo.pdf"),
            str(ARTIFACTS_DIR / "publication-demo"),
        ],
        check=True,
    )
    assert (ARTIFACTS_DIR / "publication-demo-01.png").exists()


def test_sheet_layout_running_headers_and_qr_codes(demo_publication, tmp_path):
    """A sheet's page: centre and town, the three sections, impacts by audience, the link."""
    data = tasks.generate(demo_publication.pk).file.read()
    pages = pdf_pages(data, tmp_path)
    sheet = demo_publication.outline()[1]["sheets"][1]
    start = next(n for n, text in enumerate(pages) if n > 3 and fold(sheet.title) in text)
    text = fold(" ".join(pages[start : start + 2]))
    assert f"{sheet.centre.name} — {sheet.centre.city}".upper() in text.upper()
    from initiatives.templatetags.initiative_tags import impact_audience_label

    impacts = next(block.value for block in sheet.body if block.block_type == "impacts")
    for heading in ("L'action", "La situation de départ", "Les impacts"):
        assert heading in text.replace("’", "'"), heading
    for impact in impacts:
        assert fold(impact_audience_label(impact["audience"])) in text
    assert f"En savoir plus : {sheet.get_full_url()}" in text
    # Running header: the chapter's title on the sheet's pages, in capitals.
    chapter_title = fold(demo_publication.outline()[1]["title"]).upper()
    assert pages[start].upper().startswith(chapter_title[:30])
    # A QR code (vector) to the online sheet, for each sheet.
    from publications.pdf import render_html

    html = render_html(demo_publication, "https://cestpossible.example")
    assert html.count('<div class="pub-qr" role="img"') == 9
    assert html.count("<svg") >= 9


def test_french_typography_in_the_printed_text(demo_publication):
    """The HTML WeasyPrint lays out has no-break spaces before : ; ! ? and inside « »."""
    from publications.pdf import render_html

    html = render_html(demo_publication, "https://cestpossible.example")
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    assert "possible\u202f! Des centres" in text
    assert "\u00a0:" in text and "«\u202f" in text
    for mark in (" :", " ;", " !", " ?", "« ", " »"):
        assert mark not in text, f"espace ordinaire dans « {mark} »"


def test_an_unpublished_sheet_is_left_out_with_a_warning(site_tree, tmp_path):
    """A chosen sheet unpublished later: out of the PDF and web page, listed in the editor."""
    kept, dropped = publish_sheet("Le jardin des Fontaines"), publish_sheet("La ressourcerie")
    publication = make_publication([chapter("Agir ensemble", kept, dropped)])
    dropped.unpublish()
    row = tasks.generate(publication.pk)
    assert row.status == PublicationPDF.READY
    text = " ".join(pdf_pages(row.file.read(), tmp_path))
    assert "Le jardin des Fontaines" in text and "La ressourcerie" not in text
    assert "La ressourcerie" not in Client().get(publication.url).content.decode()

    from tests.editorial import make_comite

    client = Client()
    client.force_login(make_comite("comite@exemple.org"))
    edit = client.get(f"/admin/pages/{publication.pk}/edit/").content.decode()
    assert "1 fiche choisie n'est plus en ligne" in edit
    assert "La ressourcerie" in edit


def test_missing_images_and_long_texts_still_make_a_pdf(site_tree, tmp_path):
    """A cover whose file is gone and a very long sheet: the PDF completes, the text flows on."""
    image = wagtail_factories.ImageFactory()
    with_image = publish_sheet(
        "Une fiche illustrée", cover_image=image, cover_image_alt="Des habitants au jardin"
    )
    default_storage.delete(image.file.name)
    short = make_publication([chapter("Court", publish_sheet("Une fiche courte"))], title="Court")
    long = make_publication(
        [chapter("Long", publish_sheet("Une fiche très longue", body=long_body(120)), with_image)],
        title="Long",
    )
    short_row, long_row = tasks.generate(short.pk), tasks.generate(long.pk)
    assert short_row.status == long_row.status == PublicationPDF.READY, long_row.error
    assert long_row.pages >= short_row.pages + 4
    text = " ".join(pdf_pages(long_row.file.read(), tmp_path))
    assert "Paragraphe 119" in text and "Une fiche illustrée" in text


def test_download_serves_the_pdf_and_keeps_it_until_a_sheet_changes(site_tree):
    """The PDF is made once; a change to one of its sheets makes a new one."""
    sheet = publish_sheet("La table de quartier")
    publication = make_publication([chapter("Agir", sheet)])
    client = Client()
    first = client.get(f"{publication.url}pdf/")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == f'attachment; filename="{publication.slug}.pdf"'
    made = PublicationPDF.objects.get(publication=publication)
    assert client.get(f"{publication.url}pdf/").status_code == 200
    assert PublicationPDF.objects.get(publication=publication).generated_at == made.generated_at

    sheet.title = "La table de quartier d'Étouvie"
    sheet.save_revision().publish()
    assert publication.current_pdf() is None or publication.current_pdf().pk != made.pk
    assert client.get(f"{publication.url}pdf/").status_code == 200
    newest = PublicationPDF.objects.get(publication=publication)
    assert newest.pk != made.pk and newest.fingerprint != made.fingerprint
    assert "d'Étouvie" in Client().get(publication.url).content.decode().replace("&#x27;", "'")


def test_large_publications_are_made_in_the_background(
    site_tree, settings, django_capture_on_commit_callbacks
):
    """Past the synchronous limit, download answers 202 in French and the task makes the PDF."""
    settings.PUBLICATION_SYNC_MAX_SHEETS = 2
    sheets = [publish_sheet(f"Fiche n°{number}") for number in range(3)]
    publication = make_publication([chapter("Trois fiches", *sheets)], publish=False)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        publication.save_revision().publish()
    row = PublicationPDF.objects.get(publication=publication)
    assert row.status == PublicationPDF.PENDING
    response = Client().get(f"{publication.url}pdf/")
    assert response.status_code == 202
    assert response["Retry-After"] == "30"
    assert "Le PDF est en préparation" in response.content.decode()
    for callback in queued:
        callback()  # the worker runs the queued task (immediate backend)
    row.refresh_from_db()
    assert row.status == PublicationPDF.READY and row.pages > 3
    assert Client().get(f"{publication.url}pdf/").status_code == 200


def test_a_hundred_sheets_complete_in_the_background(site_tree, django_capture_on_commit_callbacks):
    """A 100-sheet publication is queued at publication and made by the task."""
    sheets = [publish_sheet(f"Initiative n°{number:03d}") for number in range(100)]
    publication = make_publication(
        [chapter(f"Chapitre {n + 1}", *sheets[n * 34 : (n + 1) * 34]) for n in range(3)],
        publish=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        publication.save_revision().publish()
    row = PublicationPDF.objects.get(publication=publication)
    assert row.status == PublicationPDF.READY, row.error
    assert row.pages >= 100 + 3
