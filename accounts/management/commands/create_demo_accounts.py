from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Membership
from accounts.services import accept_membership
from initiatives.models import Centre
from initiatives.permissions import COMITE_GROUP

PASSWORD = "cestpossible"

# (email, first name, last name, role, centre name for contributors)
DEMO_ACCOUNTS = [
    ("admin@cestpossible.local", "Admin", "Plateforme", "admin", None),
    ("comite@cestpossible.local", "Camille", "Comité", "comite", None),
    ("lapaz@cestpossible.local", "Léa", "La Paz", "contributor", "Centre social La Paz"),
    ("lapaz2@cestpossible.local", "Louis", "La Paz", "contributor", "Centre social La Paz"),
    (
        "etouvie@cestpossible.local",
        "Emma",
        "Étouvie",
        "contributor",
        "Centre social et culturel d'Étouvie",
    ),
]


class Command(BaseCommand):
    help = (
        "Crée les comptes de démonstration (administrateur, comité éditorial, contributeurs "
        "de deux centres), adresses confirmées. Uniquement avec DEBUG activé."
    )

    @transaction.atomic
    def handle(self, *args, verbosity=1, **options):
        if not settings.DEBUG:
            raise CommandError("Refusé : les comptes de démonstration n'existent qu'en mode DEBUG.")
        User = get_user_model()
        admin = None
        for email, first_name, last_name, role, centre_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "is_staff": role == "admin",
                    "is_superuser": role == "admin",
                },
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if role == "admin":
                admin = user
            elif role == "comite":
                user.groups.add(Group.objects.get(name=COMITE_GROUP))
            else:
                centre = Centre.objects.filter(name=centre_name).first()
                if centre is None:
                    raise CommandError(f"Centre introuvable : {centre_name} (lancez load_demo).")
                membership, _ = Membership.objects.get_or_create(
                    user=user, defaults={"centre": centre}
                )
                if not membership.is_accepted:
                    accept_membership(membership, admin, notify=False)
            if verbosity:
                state = "créé" if created else "déjà présent"
                self.stdout.write(f"{email} / {PASSWORD} ({role}) : {state}")
