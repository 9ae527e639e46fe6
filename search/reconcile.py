"""Compare the database with the search node and repair every difference.

Wagtail's node backends log and swallow indexing errors, so an update made while
the node was unreachable is lost. `reconcile()` catches up: it indexes what is
missing or stale on the node and deletes what should no longer be there. The
worker runs it periodically (search.tasks.reconcile_search_index_task).

A page's document is stale when its live flag, path, title or publication date
differ from the database's; other indexed models (centres, images, documents)
are checked for presence.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from modelsearch.index import get_indexed_models, insert_or_update_object
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)

PAGE_SIGNATURE_FIELDS = ["live_filter", "path_filter", "title", "last_published_at_filter"]


@dataclass
class ReconcileReport:
    checked: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0

    def __str__(self):
        return (
            f"{self.checked} objets vérifiés : {self.added} ajoutés, "
            f"{self.updated} mis à jour, {self.removed} retirés de l'index."
        )


def node_backend():
    """The search node's backend, or None when search runs on the database alone."""
    config = settings.WAGTAILSEARCH_BACKENDS["default"]
    if config["BACKEND"] == "wagtail.search.backends.database":
        return None
    return get_search_backend("default")


def _root_models():
    roots = {}
    for model in get_indexed_models():
        root = model._meta.get_parent_list()[-1] if model._meta.get_parent_list() else model
        roots.setdefault(root, model)
    return list(roots)


def _page_signature(page):
    return (
        page.live,
        page.path,
        page.title,
        page.last_published_at.isoformat() if page.last_published_at else None,
    )


def _doc_signature(source):
    published = source.get("last_published_at_filter")
    return (source.get("live_filter"), source.get("path_filter"), source.get("title"), published)


def _indexed_documents(backend, index_name, with_source):
    """{pk: _source} of every document of an index, by scrolling."""
    client = backend.es
    body = {"query": {"match_all": {}}, "size": 1000, "sort": ["_doc"]}
    body["_source"] = PAGE_SIGNATURE_FIELDS if with_source else False
    documents = {}
    response = client.search(index=index_name, body=body, scroll="2m")
    scroll_id = response.get("_scroll_id")
    try:
        while response["hits"]["hits"]:
            for hit in response["hits"]["hits"]:
                documents[hit["_id"]] = hit.get("_source", {})
            response = client.scroll(body={"scroll_id": scroll_id, "scroll": "2m"})
            scroll_id = response.get("_scroll_id")
    finally:
        if scroll_id:
            client.clear_scroll(body={"scroll_id": scroll_id})
    return documents


def _same_published_at(database, indexed):
    """Dates come back from the node in its own ISO form: compare them as instants."""
    if database is None or indexed is None:
        return database == indexed
    from django.utils.dateparse import parse_datetime

    return parse_datetime(indexed) == parse_datetime(database)


def reconcile(backend=None):
    """Repair the node's indexes from the database; return a ReconcileReport."""
    backend = backend or node_backend()
    report = ReconcileReport()
    if backend is None:
        return report
    for model in _root_models():
        index = backend.get_index_for_model(model)
        if not index.exists():
            index.put()
            index.add_model(model)
        is_page = issubclass(model, Page)
        documents = _indexed_documents(backend, index.name, with_source=is_page)
        objects = model._default_manager.all()
        if is_page:
            objects = objects.exclude(depth=1)
        known = set()
        for obj in objects.iterator(chunk_size=500):
            report.checked += 1
            key = str(obj.pk)
            known.add(key)
            if key not in documents:
                insert_or_update_object(obj)
                report.added += 1
            elif is_page:
                live, path, title, published = _page_signature(obj)
                doc_live, doc_path, doc_title, doc_published = _doc_signature(documents[key])
                if (live, path, title) != (doc_live, doc_path, doc_title) or not _same_published_at(
                    published, doc_published
                ):
                    insert_or_update_object(obj)
                    report.updated += 1
        for key in set(documents) - known:
            backend.es.delete(index=index.name, id=key, ignore=[404])
            report.removed += 1
        index.refresh()
    logger.info("Réconciliation de l'index de recherche : %s", report)
    return report
