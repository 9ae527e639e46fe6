from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Recherche"

    def ready(self):
        from wagtail.signals import page_published

        from .signals import defer_index_deletions, on_page_published

        page_published.connect(on_page_published, dispatch_uid="cp_search_reindex_on_publish")
        defer_index_deletions()
