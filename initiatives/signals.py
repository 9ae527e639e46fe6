"""Model signal handlers of the initiatives app (wired in InitiativesConfig.ready)."""

from .permissions import grant_sheet_to_centre


def on_initiative_saved(sender, instance, raw=False, **kwargs):
    """Keep the sheet's page permission on its centre's group in step with its centre."""
    if raw or not instance.centre_id:
        return
    grant_sheet_to_centre(instance)
