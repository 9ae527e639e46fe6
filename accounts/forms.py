"""Sign-up: who the person is and which centre they act for."""

from django import forms
from django.db import transaction
from django.utils import timezone

from initiatives.departements import locate_postcode
from initiatives.models import Centre

from .models import Membership


class SignupForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS): name, centre, terms."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    centre = forms.ModelChoiceField(
        label="Votre centre",
        queryset=Centre.objects.filter(is_validated=True).order_by("name"),
        required=False,
        empty_label="— Mon centre n'est pas dans la liste —",
        help_text="Choisissez le centre pour lequel vous agissez.",
    )
    new_centre_name = forms.CharField(
        label="Nom du centre à ajouter", max_length=200, required=False
    )
    new_centre_city = forms.CharField(label="Commune", max_length=120, required=False)
    new_centre_postcode = forms.CharField(label="Code postal", max_length=5, required=False)
    accept_terms = forms.BooleanField(
        label="J'accepte les conditions d'utilisation de la plateforme",
        error_messages={"required": "Vous devez accepter les conditions d'utilisation."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("centre"):
            return cleaned
        name = (cleaned.get("new_centre_name") or "").strip()
        city = (cleaned.get("new_centre_city") or "").strip()
        postcode = (cleaned.get("new_centre_postcode") or "").strip()
        if not (name or city or postcode):
            raise forms.ValidationError(
                "Choisissez votre centre dans la liste, ou proposez-en un nouveau "
                "avec son nom, sa commune et son code postal."
            )
        for field, value, label in [
            ("new_centre_name", name, "le nom du centre"),
            ("new_centre_city", city, "la commune"),
            ("new_centre_postcode", postcode, "le code postal"),
        ]:
            if not value:
                self.add_error(field, f"Indiquez {label}.")
        if postcode and locate_postcode(postcode) is None:
            self.add_error("new_centre_postcode", "Ce code postal français n'est pas valide.")
        existing = self._existing_centre(name, postcode)
        if existing is not None and existing.is_validated:
            self.add_error(
                "new_centre_name",
                "Ce centre figure déjà dans la liste : choisissez-le ci-dessus.",
            )
        return cleaned

    @staticmethod
    def _existing_centre(name, postcode):
        if not (name and postcode):
            return None
        return Centre.objects.filter(name__iexact=name, postcode=postcode).first()

    @transaction.atomic
    def signup(self, request, user):
        """Called by allauth once the user is created: record the centre request."""
        data = self.cleaned_data
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        centre = data.get("centre") or self._propose_centre(data)
        Membership.objects.create(user=user, centre=centre, terms_accepted_at=timezone.now())

    def _propose_centre(self, data):
        """A new centre awaiting the comité, or the same proposal made earlier by someone else."""
        existing = self._existing_centre(
            data["new_centre_name"].strip(), data["new_centre_postcode"]
        )
        if existing is not None:
            return existing
        code, departement, region = locate_postcode(data["new_centre_postcode"])
        return Centre.objects.create(
            name=data["new_centre_name"].strip(),
            city=data["new_centre_city"].strip(),
            postcode=data["new_centre_postcode"].strip(),
            departement=departement,
            departement_code=code,
            region=region,
            is_validated=False,
        )


class DeleteAccountForm(forms.Form):
    """Confirm the deletion of one's account with one's password."""

    password = forms.CharField(label="Votre mot de passe", widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label="Je comprends que mon compte sera supprimé définitivement",
        error_messages={"required": "Cochez la case pour confirmer."},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mot de passe incorrect.")
        return password
