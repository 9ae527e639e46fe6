from django.core.management.base import BaseCommand

from home.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (les neuf fiches de la publication 2019, leurs "
        "centres, les ressources et les pages éditoriales). Relancé, il ne change rien."
    )

    def handle(self, *args, **options):
        messages = []
        changes = load_demo(log=messages.append)
        for message in messages:
            self.stdout.write(message)
        if changes:
            summary = ", ".join(f"{label} : {count}" for label, count in sorted(changes.items()))
            self.stdout.write(self.style.SUCCESS(f"Contenu de démonstration chargé ({summary})."))
        else:
            self.stdout.write(self.style.SUCCESS("Contenu de démonstration déjà à jour."))
