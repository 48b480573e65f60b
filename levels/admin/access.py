"""Who may use the levels admin, and which rows they see: the roles they steward, as
`levels.selectors.stewarded_roles` says (every role for a superuser)."""

from django.contrib import admin
from django.http import Http404

from levels.selectors import stewarded_roles


def may_steward(request) -> bool:
    """Stewards a role (every superuser does); read once a request."""
    if request.user.is_superuser and request.user.is_active:
        return True  # no query on every admin page's menu
    if not hasattr(request, "_stewards_a_role"):
        request._stewards_a_role = stewarded_roles(request.user).exists()
    return request._stewards_a_role


def add_errors(form, errors: dict[str, list[str]], fields: dict[str, str] | None = None) -> None:
    """A service's errors by field, on the form's own fields (`fields` renames them)."""
    for field, messages in errors.items():
        name = (fields or {}).get(field, field)
        form.add_error(name if name in form.fields else None, messages)


class StewardedRoleAdmin(admin.ModelAdmin):
    """Rows of the roles the signed-in user stewards (`role_path` leads from a row to its role);
    others get a 404 for them."""

    role_path = "role"

    # The unfiltered total would be one more count per page.
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(**{f"{self.role_path}__in": stewarded_roles(request.user)})
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # absent, or another role's: the same answer
            raise Http404
        return obj

    def has_module_permission(self, request):
        return may_steward(request)

    def has_view_permission(self, request, obj=None):
        # Any object reaching here came through get_queryset: it is in scope.
        return may_steward(request)

    def has_change_permission(self, request, obj=None):
        return may_steward(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
