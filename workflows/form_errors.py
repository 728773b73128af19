"""One place for each error a form page shows: on its field when the error belongs to a field of the form,
in the message banner at the top otherwise; never both. A lost race (someone else completed the task or
moved the case first, HTTP 409) is not a form error at all: the page reloads the task's current state."""

from __future__ import annotations

from django.contrib import messages

from cases.errors import DomainError


def show_domain_error(request, form, exc: DomainError) -> None:
    if form is not None and exc.field and exc.field in form.fields:
        form.add_error(exc.field, str(exc.message))
    else:
        messages.error(request, exc.message)


def is_lost_race(exc: DomainError) -> bool:
    """A conflict or a step no longer allowed in the current state: the form the user filled in is stale."""
    return getattr(exc, "http_status", None) == 409
