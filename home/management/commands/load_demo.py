from django.core.management.base import BaseCommand

from home.demo.loader import CHANGE_LABELS, load_demo


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (les neuf fiches de la publication 2019, leurs "
        "centres, les ressources et les pages éditoriales). Relancé, il ne change rien."
    )

    def handle(self, *args, verbosity=1, **options):
        messages = []
        changes = load_demo(log=messages.append)
        if verbosity == 0:
            return
        for message in messages:
            self.stdout.write(message)
        if changes:
            summary = ", ".join(
                f"{CHANGE_LABELS[key]} : {count}" for key, count in sorted(changes.items())
            )
            self.stdout.write(self.style.SUCCESS(f"Contenu de démonstration chargé ({summary})."))
        else:
            self.stdout.write(self.style.SUCCESS("Contenu de démonstration déjà à jour."))
