from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEV_ADMIN_EMAIL = "admin@cestpossible.local"
DEV_ADMIN_PASSWORD = "cestpossible"


class Command(BaseCommand):
    help = "Crée l'administrateur de développement (uniquement avec DEBUG activé)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusé : l'administrateur de développement n'existe qu'en mode DEBUG."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=DEV_ADMIN_EMAIL,
            defaults={"is_staff": True, "is_superuser": True, "first_name": "Admin"},
        )
        if created:
            user.set_password(DEV_ADMIN_PASSWORD)
            user.save()
        state = "créé" if created else "déjà présent"
        message = f"Administrateur de développement {state} : {DEV_ADMIN_EMAIL}"
        self.stdout.write(self.style.SUCCESS(f"{message} / {DEV_ADMIN_PASSWORD}"))
