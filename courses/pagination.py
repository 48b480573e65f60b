from core.pagination import KeysetPagination
from courses.selectors import CATALOG_ORDERINGS


class CatalogPagination(KeysetPagination):
    def get_ordering(self, request, queryset, view):
        return CATALOG_ORDERINGS.get(
            request.query_params.get("sort", ""), CATALOG_ORDERINGS["newest"]
        )
