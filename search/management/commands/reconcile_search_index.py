from django.core.management.base import BaseCommand

from search.reconcile import reconcile
from search.tasks import schedule_reconcile


class Command(BaseCommand):
    help = (
        "Compare la base de données et le nœud de recherche, et répare chaque écart "
        "(documents manquants, périmés ou en trop)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Programme aussi les réconciliations périodiques dans la file des tâches.",
        )

    def handle(self, *args, schedule=False, verbosity=1, **options):
        report = reconcile()
        if verbosity:
            self.stdout.write(str(report))
        if schedule:
            if schedule_reconcile():
                self.stdout.write("Réconciliation périodique programmée.")
            else:
                self.stdout.write("La file des tâches ne sait pas différer : rien de programmé.")
