"""Cursor (keyset) pagination: stable under inserts, no COUNT, no OFFSET over a million rows."""

from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    ordering = "-pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = "Ongeldige cursor."
