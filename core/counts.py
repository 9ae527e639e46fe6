"""Counts of public listings, kept in the shared cache until the content changes.

Paginating 100 000 sheets means a COUNT over all of them at each request (tens
of milliseconds): `with_cached_count(queryset)` returns the same queryset, whose
`count()` is read from the shared cache, keyed by its SQL and by the content
generation of core.page_cache (a publication changes every count), for at most
`COUNT_CACHE_SECONDS`. Only for what anonymous visitors see: a contributor's
drafts change no generation.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet

_classes = {}


class CachedCountMixin:
    def count(self):
        seconds = getattr(settings, "COUNT_CACHE_SECONDS", 300)
        if self._result_cache is not None or not seconds:
            return super().count()
        try:
            sql, params = self.query.sql_with_params()
        except EmptyResultSet:
            return 0
        from .page_cache import generation

        current = generation()
        if current is None:  # shared cache unreachable
            return super().count()
        digest = hashlib.sha1(repr((sql, params)).encode(), usedforsecurity=False).hexdigest()
        key = f"count:{current}:{digest}"
        value = cache.get(key)
        if value is None:
            value = super().count()
            cache.set(key, value, seconds)
        return value


def with_cached_count(queryset):
    """`queryset` (and every queryset chained from it) with a cached `count()`."""
    cls = queryset.__class__
    if issubclass(cls, CachedCountMixin):
        return queryset
    cached = _classes.get(cls)
    if cached is None:
        cached = _classes[cls] = type(f"CachedCount{cls.__name__}", (CachedCountMixin, cls), {})
    clone = queryset._chain()
    clone.__class__ = cached
    return clone
