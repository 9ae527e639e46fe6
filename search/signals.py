"""Keep the search indexes right (wired in SearchConfig.ready).

Deletions are queued like updates, so that a node that is down or hangs never
keeps an editor waiting.

Wagtail indexes a page on post_save, which fires before modelcluster commits the
page's child relations (its themes): with tasks run immediately, the index would
see the previous themes. Publication ends after those commits, so it queues the
page's indexing once more.
"""

from django.db.models.signals import post_delete
from modelsearch import signal_handlers as modelsearch_handlers
from modelsearch.index import get_indexed_models
from modelsearch.tasks import insert_or_update_object_task


def on_page_published(sender, instance, **kwargs):
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def on_indexed_object_deleted(sender, instance, **kwargs):
    """Queue the removal from the indexes: a hung node never keeps an editor waiting."""
    from .tasks import remove_from_index_task

    remove_from_index_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def defer_index_deletions():
    """Replace modelsearch's synchronous post_delete handler with a queued one."""
    for model in get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_delete.disconnect(modelsearch_handlers.post_delete_signal_handler, sender=model)
        post_delete.connect(on_indexed_object_deleted, sender=model)
