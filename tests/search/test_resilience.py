"""Index repairs: updates lost while the node was down, and rebuilds that never empty search."""

import socket

import pytest
from django.core.management import call_command
from django.test import override_settings
from modelsearch.backends.elasticsearchbase import ElasticsearchAtomicIndexRebuilder

from initiatives.models import InitiativeIndexPage
from search import service
from search.reconcile import reconcile
from tests.factories import InitiativePageFactory, initiative_body

pytestmark = [pytest.mark.django_db, pytest.mark.search_node]


def dead_node(settings):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    backends = {key: dict(value) for key, value in settings.WAGTAILSEARCH_BACKENDS.items()}
    backends["default"]["URLS"] = [f"http://127.0.0.1:{port}"]
    backends["default"]["TIMEOUT"] = 1
    return override_settings(WAGTAILSEARCH_BACKENDS=backends)


def node_titles(query):
    results = service.search(query)
    assert results.backend == "node"
    return {hit.page.title for hit in results.hits}


def make_sheet(title, word):
    return InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(),
        title=title,
        summary=f"{title}.",
        body=initiative_body(action=f"<p>Un {word} au centre.</p>", situation="<p>Rien.</p>"),
    )


def test_publish_while_node_down_then_reconcile(node, site_tree, settings):
    """A sheet published while the node is unreachable is missing, then reconcile adds it."""
    with dead_node(settings):
        sheet = make_sheet("Le marché gratuit", "troc")
        sheet.save_revision().publish()
    node.refresh_indexes()
    assert node_titles("troc") == set()
    report = reconcile()
    assert report.added >= 1
    assert node_titles("troc") == {"Le marché gratuit"}
    assert reconcile().added == 0 and reconcile().updated == 0


def test_unpublish_and_delete_while_node_down_then_reconcile(node, site_tree, settings):
    """Stale and orphan documents left by a down node are repaired by the command."""
    kept = make_sheet("La ludothèque", "jeu")
    gone = make_sheet("Le vide-grenier", "jeu")
    node.refresh_indexes()
    assert service.search("jeu").total == 2
    with dead_node(settings):
        kept.unpublish()
        gone.delete()
    node.refresh_indexes()
    stale = service.search("jeu")
    assert stale.total == 2  # counts still see the stale documents
    call_command("reconcile_search_index", verbosity=0)
    repaired = service.search("jeu")
    assert repaired.backend == "node" and repaired.total == 0


def test_rebuild_never_empties_search(node, site_tree, monkeypatch):
    """During an atomic rebuild, search answers from the old index until the alias moves."""
    make_sheet("Le jardin partagé", "potager")
    node.refresh_indexes()
    seen = []
    original_finish = ElasticsearchAtomicIndexRebuilder.finish

    def finish_after_searching(self):
        seen.append(node_titles("potager"))
        return original_finish(self)

    monkeypatch.setattr(ElasticsearchAtomicIndexRebuilder, "finish", finish_after_searching)
    call_command("update_index", verbosity=0)
    assert seen and all(titles == {"Le jardin partagé"} for titles in seen)
    assert node_titles("potager") == {"Le jardin partagé"}


def test_deletion_reaches_the_node_through_the_queue(node, site_tree):
    """Deleting a page queues its removal from the node, which then happens."""
    from django_tasks.signals import task_enqueued
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    sheet = make_sheet("La fête", "fête")
    index_name = node.get_index_for_model(Page).name
    node.refresh_indexes()
    assert node.es.exists(index=index_name, id=str(sheet.pk))
    assert IndexEntry.objects.filter(object_id=str(sheet.pk)).exists()
    queued = []

    def record(sender, task_result, **kwargs):
        queued.append(task_result.task.name)

    task_enqueued.connect(record)
    try:
        sheet.delete()
    finally:
        task_enqueued.disconnect(record)
    assert "remove_from_node_task" in queued
    node.refresh_indexes()
    assert not node.es.exists(index=index_name, id=str(sheet.pk))
    assert not IndexEntry.objects.filter(object_id=str(sheet.pk)).exists()
