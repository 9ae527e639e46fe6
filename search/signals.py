"""Keep the search indexes right (wired in SearchConfig.ready).

Deletions are queued like updates, so that a node that is down or hangs never
keeps an editor waiting.

Wagtail indexes a page on post_save, which fires before modelcluster commits the
page's child relations (its themes): with tasks run immediately, the index would
see the previous themes. Publication ends after those commits, so it queues the
page's indexing once more.
"""

import logging

from django.db.models.signals import post_delete
from modelsearch import signal_handlers as modelsearch_handlers
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_instance, get_indexed_models
from modelsearch.tasks import insert_or_update_object_task

logger = logging.getLogger(__name__)


def on_page_published(sender, instance, **kwargs):
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def on_indexed_object_deleted(sender, instance, **kwargs):
    """Remove a deleted object from the indexes: the database's now, the node's through the queue.

    A node that is down or hangs never keeps an editor waiting; if the queued
    deletion fails, the reconcile command removes the orphan document.
    """
    from .tasks import remove_from_node_task

    indexed = get_indexed_instance(instance, check_exists=False)
    if indexed is None:
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        if hasattr(backend, "es"):
            remove_from_node_task.enqueue(
                name, indexed._meta.app_label, indexed._meta.model_name, str(indexed.pk)
            )
            continue
        try:
            backend.delete(indexed)
        except Exception:  # noqa: BLE001 - a failed index deletion never blocks a deletion
            logger.exception("Suppression de %r de l'index « %s » impossible", indexed, name)


def defer_index_deletions():
    """Replace modelsearch's synchronous post_delete handler with a queued one."""
    for model in get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_delete.disconnect(modelsearch_handlers.post_delete_signal_handler, sender=model)
        post_delete.connect(on_indexed_object_deleted, sender=model)
