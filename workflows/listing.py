"""Shared list-page helpers (pagination and filters on every list)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

PAGE_SIZE = 25


def search_cases(qs: QuerySet, q: str, prefix: str = "case__") -> QuerySet:
    """Filter on kenmerk or the pupil's name (every word must match a first or last name)."""
    q = (q or "").strip()
    if not q:
        return qs
    if any(ch.isdigit() for ch in q) and "-" in q:  # looks like a kenmerk
        return qs.filter(**{f"{prefix}reference__icontains": q})
    for word in q.split():
        qs = qs.filter(
            Q(**{f"{prefix}reference__icontains": word})
            | Q(**{f"{prefix}leerling__voornaam__icontains": word})
            | Q(**{f"{prefix}leerling__achternaam__icontains": word})
        )
    return qs


def paginate(request, qs, *, per_page: int = PAGE_SIZE, param: str = "page"):
    """(page, extra): the page, and the other query parameters for the pagination links."""
    page = Paginator(qs, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, ("&" + query.urlencode()) if query else ""
