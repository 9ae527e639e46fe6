from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Fiches actions"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import notifications
        from .models import InitiativePage
        from .permissions import CentrePagePermissionPolicy
        from .signals import on_initiative_saved

        register_permission_policy(Page, CentrePagePermissionPolicy(Page))
        post_save.connect(on_initiative_saved, sender=InitiativePage, dispatch_uid="cp_sheet_perms")
        notifications.connect()
