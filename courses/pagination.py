from rest_framework.pagination import CursorPagination

from courses.selectors import CATALOG_ORDERINGS


class CatalogPagination(CursorPagination):
    """Keyset pagination: each page costs the same however deep into the catalog it is."""

    page_size = 12
    max_page_size = 50
    page_size_query_param = "page_size"

    def get_ordering(self, request, queryset, view):
        return CATALOG_ORDERINGS.get(
            request.query_params.get("sort", ""), CATALOG_ORDERINGS["newest"]
        )
