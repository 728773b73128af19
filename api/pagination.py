"""Cursor (keyset) pagination: stable under inserts, no COUNT, no OFFSET over a million rows."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    ordering = "-pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = "Ongeldige cursor."

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            message = f"Geef een geheel getal van 1 tot en met {self.max_page_size}."
            raise ValidationError({self.page_size_query_param: [message]})
        return int(raw)
