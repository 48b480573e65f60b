from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from courses.selectors import CATALOG_ORDERINGS


class CatalogPagination(CursorPagination):
    """Keyset pagination: each page costs the same however deep into the catalog it is."""

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

    def get_ordering(self, request, queryset, view):
        return CATALOG_ORDERINGS.get(
            request.query_params.get("sort", ""), CATALOG_ORDERINGS["newest"]
        )
