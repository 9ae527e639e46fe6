from django.core.management.base import BaseCommand

from figures.tasks import flush_visits, schedule_flush


class Command(BaseCommand):
    help = (
        "Reporte les visites comptées (mémoire cache) dans les totaux quotidiens par page, "
        "et supprime les jours au-delà de la durée de conservation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Programme aussi le report périodique dans la file des tâches.",
        )

    def handle(self, *args, schedule=False, verbosity=1, **options):
        applied = flush_visits()
        if verbosity:
            self.stdout.write(f"{applied} visite(s) reportée(s).")
        if schedule:
            if schedule_flush():
                self.stdout.write("Report périodique des visites programmé.")
            else:
                self.stdout.write("La file des tâches ne sait pas différer : rien de programmé.")
