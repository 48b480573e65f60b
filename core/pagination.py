from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Keyset pagination: each page costs the same however deep into the list it is."""

    page_size = 12
    max_page_size = 50
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        """A cursor made for another sort order (an edited URL) holds a value of the wrong type
        for this one: the same answer as any other invalid cursor."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, ValidationError):
            raise NotFound(self.invalid_cursor_message) from None
