"""What 'download my data' contains: everything the platform keeps about a person."""

from wagtail.models import Revision


def export_user_data(user):
    membership = getattr(user, "membership", None)
    revisions = Revision.objects.filter(user=user).order_by("created_at")
    return {
        "compte": {
            "adresse_electronique": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "inscrit_le": user.date_joined.isoformat(),
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
        },
        "adresses": [
            {"adresse": address.email, "verifiee": address.verified, "principale": address.primary}
            for address in user.emailaddress_set.all()
        ],
        "adhesion": None
        if membership is None
        else {
            "centre": membership.centre.name,
            "commune": membership.centre.city,
            "etat": membership.get_status_display(),
            "demandee_le": membership.requested_at.isoformat(),
            "decidee_le": membership.decided_at.isoformat() if membership.decided_at else None,
            "conditions_acceptees_le": membership.terms_accepted_at.isoformat()
            if membership.terms_accepted_at
            else None,
        },
        "contributions": [
            {"page": revision.object_str, "enregistree_le": revision.created_at.isoformat()}
            for revision in revisions
        ],
    }
