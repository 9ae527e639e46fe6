"""Page behaviours shared by several page types."""

from django.core.exceptions import ValidationError


class FixedSlugMixin:
    """An index page whose slug is part of every public URL below it: it cannot change."""

    fixed_slug = None

    def clean(self):
        super().clean()
        if self.slug != self.fixed_slug:
            raise ValidationError(
                {"slug": f"L'identifiant d'URL de cette page doit rester « {self.fixed_slug} »."}
            )
