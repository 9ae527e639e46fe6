from django.core.management.base import BaseCommand

from home.site_structure import ensure_site


class Command(BaseCommand):
    help = (
        "Crée la structure fixe du site (accueil, listes des fiches et des ressources, "
        "pages éditoriales, axes, thématiques) si elle manque. Sans effet si elle existe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hostname", default="localhost", help="Nom d'hôte du site par défaut."
        )
        parser.add_argument("--port", type=int, default=80, help="Port du site par défaut.")

    def handle(self, *args, hostname, port, verbosity=1, **options):
        messages = []
        ensure_site(hostname=hostname, port=port, log=messages.append)
        if verbosity == 0:
            return
        for message in messages:
            self.stdout.write(message)
        self.stdout.write(self.style.SUCCESS("Structure du site en place."))
