from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from .signals import on_email_confirmed

        email_confirmed.connect(on_email_confirmed, dispatch_uid="accounts_email_confirmed")
