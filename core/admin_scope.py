"""What the apps' admins share: pages scoped to the courses the signed-in instructor teaches
(superusers see all), read-only records, and bulk actions that report each refusal.

It knows no app: a subclass says how its rows lead to a course (`course_path`) and which
foreign-key choices to narrow (`foreign_key_scopes`).
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render


def taught(user, queryset, path: str = ""):
    """`queryset` limited to rows of courses `user` teaches; `path` leads from the row to its
    course, e.g. "module__course__"."""
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{path}instructors": user}).distinct()


class CourseScopedAdmin(admin.ModelAdmin):
    """Limit an admin to rows of the courses the signed-in instructor teaches."""

    course_path = ""  # lookup from this model to its Course, e.g. "module__course__"
    # Foreign-key field name → the choices a user may pick, e.g. {"course": taught_courses}.
    foreign_key_scopes: dict[str, Callable] = {}

    # The unfiltered total would be one more count of a table of 100,000 rows per page.
    show_full_result_count = False

    def get_queryset(self, request):
        return taught(request.user, super().get_queryset(request), self.course_path)

    def get_list_filter(self, request):
        """Filters listing related rows (courses, assessments) offer an instructor's own few; for
        a superuser they would list the whole site, who searches by course instead."""
        filters = super().get_list_filter(request)
        if not request.user.is_superuser:
            return filters
        return [
            spec
            for spec in filters
            if not (isinstance(spec, tuple) and spec[1] is admin.RelatedOnlyFieldListFilter)
        ]

    def _in_scope(self, request, obj) -> bool:
        """Whether `obj` is one of this admin's rows; asked several times a page, read once."""
        if obj is None:
            return True
        answers = request.__dict__.setdefault("_admin_scope", {})
        key = (type(self), obj.pk)
        if key not in answers:
            answers[key] = self.get_queryset(request).filter(pk=obj.pk).exists()
        return answers[key]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope_foreign_key(self.foreign_key_scopes, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def scope_foreign_key(scopes: dict[str, Callable], db_field, request, kwargs) -> None:
    """Offer only the rows `scopes` allows the signed-in user for this field."""
    if db_field.name in scopes:
        kwargs["queryset"] = scopes[db_field.name](request.user)


class ReadOnlyRecords:
    """Records of what happened (attempts, enrolments): viewed in the admin, never added,
    changed or deleted there. Put it before the ModelAdmin class."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def apply_each(model_admin, request, objects, apply, done_message) -> None:
    """A bulk action: `apply` to each object; each refusal (ValidationError) is reported, then
    how many were done (`done_message(count)`)."""
    done = 0
    for obj in objects:
        try:
            apply(obj)
            done += 1
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
    if done:
        model_admin.message_user(request, done_message(done), messages.SUCCESS)


def import_page(model_admin, request, *, form, errors: list[str], title: str):
    """An admin import page (upload a document, see every error with its path): 400 while the
    form or the document has errors, so nothing half-imported looks like a success."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "errors": errors,
        "title": title,
    }
    status = 400 if errors or form.errors else 200
    return render(request, "admin/import.html", context, status=status)
