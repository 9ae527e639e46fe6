from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Socle commun"

    def ready(self):
        from . import cache_invalidation

        cache_invalidation.connect()
