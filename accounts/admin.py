from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.models import User
from core.collation import country_choices


class UserCreationForm(AdminUserCreationForm):
    """An account an administrator creates needs no email confirmation."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def save(self, commit=True):
        self.instance.email_verified_at = self.instance.welcome_email_sent_at = timezone.now()
        return super().save(commit)


class UserChangingForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            self.fields["country"].choices = [("", "---------"), *country_choices()]


class CountryFilter(admin.SimpleListFilter):
    """The countries the listed users are in, in the reader's collation order."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return country_choices(codes)

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangingForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = (
        "email",
        "full_name",
        "country",
        "language",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "groups", "language", CountryFilter)
    search_fields = ("email", "full_name")
    readonly_fields = ("uuid", "date_joined", "last_login", "email_verified_at")
    fieldsets = (
        (None, {"fields": ("uuid", "email", "password")}),
        (_("Profile"), {"fields": ("full_name", "country", "language", "time_zone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("date_joined", "email_verified_at", "last_login")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    actions = ("make_instructors", "remove_instructors")

    def get_queryset(self, request):
        # Instructors may look up fellow staff (co-instructors), never the learners' accounts.
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_staff=True)

    @admin.action(description=_("Make the selected users instructors"), permissions=["change"])
    def make_instructors(self, request, queryset):
        for user in queryset:
            services.instructor_grant(user=user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d user is now an instructor.", "%d users are now instructors.", count)
            % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Remove the selected users from the instructors"), permissions=["change"]
    )
    def remove_instructors(self, request, queryset):
        for user in queryset:
            services.instructor_revoke(user=user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%d user is no longer an instructor.", "%d users are no longer instructors.", count
            )
            % count,
            messages.SUCCESS,
        )
