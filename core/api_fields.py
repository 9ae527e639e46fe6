"""Typed read-only API fields shared by the v2 and v3 APIs.

Wagtail's v3 API types a model's `api_fields` from Django fields, and types a
StreamField or a foreign key loosely (a list of anything, a bare id). A field made
with `typed_field(schema, getter)` is a Django REST framework field (what v2
serialises) whose `to_representation` is annotated with `schema`, which v3 reads
to type the field in the OpenAPI document. Both APIs thus return the same value,
computed by one getter.

v3 does not hand its request to such fields, so the API middleware keeps the
current request in a context variable (`current_request`) for getters that need it
(rich text format, absolute URLs).
"""

from contextvars import ContextVar

from rest_framework import serializers

_request = ContextVar("cestpossible_api_request", default=None)


def current_request():
    """The request being served by the API, or None outside an API request."""
    return _request.get()


def set_current_request(request):
    """Remember `request` as the current API request; returns a token for `reset`."""
    return _request.set(request)


def reset_current_request(token):
    _request.reset(token)


def typed_field(name, schema, getter):
    """A read-only API field of type `schema`, valued by `getter(instance, context)`."""

    def to_representation(self, instance) -> schema:
        request = self.context.get("request") if self.context else None
        return getter(instance, {"request": request or current_request()})

    field_class = type(
        f"{name}APIField",
        (serializers.Field,),
        {"to_representation": to_representation, "__doc__": f"API field typed as {name}."},
    )
    return field_class(source="*", read_only=True)
