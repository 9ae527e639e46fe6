"""Keep the search indexes right after publication (wired in SearchConfig.ready).

Wagtail indexes a page on post_save, which fires before modelcluster commits the
page's child relations (its themes): with tasks run immediately, the index would
see the previous themes. Publication ends after those commits, so it queues the
page's indexing once more.
"""

from modelsearch.tasks import insert_or_update_object_task


def on_page_published(sender, instance, **kwargs):
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )
