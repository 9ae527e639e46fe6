"""The sheet editor's form: a contributor writes for their own centre only."""

from wagtail.admin.forms import WagtailAdminPageForm

from .permissions import accepted_centre, is_comite


class InitiativePageForm(WagtailAdminPageForm):
    """Fixes the centre to the contributor's own; the comité may choose any centre."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or is_comite(user) or "centre" not in self.fields:
            return
        centre = accepted_centre(user)
        field = self.fields["centre"]
        if centre is None:
            field.queryset = field.queryset.none()
            return
        field.queryset = field.queryset.filter(pk=centre.pk)
        if not self.instance.pk:
            self.initial["centre"] = centre.pk
        field.disabled = True
        field.help_text = "Vous rédigez pour votre centre."
