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


def find_page(root, path_components):
    """The page at `path_components` below `root`, in two queries whatever its depth.

    Wagtail's routing reads every level of the path, each with its specific page
    (two queries a level); this looks the page up by its `url_path` (indexed by
    core's migration 0002) and fetches its specific row with the relations its
    class names in `route_select_related`. None when nothing is at that path
    (routable sub-paths then go through Wagtail's own routing).
    """
    from wagtail.models import Page

    url_path = root.url_path + "/".join(path_components) + "/"
    base = (
        Page.objects.filter(url_path=url_path, path__startswith=root.path)
        .only("id", "content_type")
        .first()
    )
    if base is None:
        return None
    model = base.specific_class
    if model is None:
        return None
    related = getattr(model, "route_select_related", ())
    return model.objects.select_related(*related).filter(pk=base.pk).first()


class FastRouteMixin:
    """A site root whose descendants are found in two queries (see `find_page`)."""

    def route(self, request, path_components):
        if path_components:
            page = find_page(self, path_components)
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)
