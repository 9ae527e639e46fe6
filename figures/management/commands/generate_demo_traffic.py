from django.core.management.base import BaseCommand

from figures import demo_traffic


class Command(BaseCommand):
    help = (
        "Génère l'audience de démonstration : un an de visites quotidiennes réparties sur "
        "les pages en ligne, puis quelques visites du jour par la vraie mesure (balise)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--visites", type=int, default=16000, help="Visites sur la période.")
        parser.add_argument("--jours", type=int, default=365, help="Jours avant aujourd'hui.")
        parser.add_argument("--graine", type=int, default=2019, help="Graine du hasard.")
        parser.add_argument(
            "--balises", type=int, default=30, help="Visites du jour comptées par la balise."
        )
        parser.add_argument(
            "--remplacer", action="store_true", help="Remplace les visites déjà générées."
        )

    def handle(self, *args, visites, jours, graine, balises, remplacer, verbosity=1, **options):
        written = demo_traffic.generate(visites, jours, graine, replace=remplacer)
        if not written:
            if verbosity:
                self.stdout.write("Audience de démonstration déjà présente : rien à faire.")
            return
        counted = demo_traffic.send_beacons(balises, graine)
        if verbosity:
            self.stdout.write(
                f"{written} visites écrites sur {jours} jours ; {counted} visites du jour "
                "comptées par la balise (reportées par le processus des tâches)."
            )
