"""Level credentials: records of fact, read-only. The explicit actions are the only changes:
revoking (with a private reason) and rendering the image and PDF again, each in the admin's
history. The files themselves are private; the admin links to the public verify page and image."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict
from levels.admin.access import StewardedRoleAdmin, may_steward
from levels.models import CredentialStatus, LevelCredential
from levels.services import awards


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept on record, never shown publicly)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(LevelCredential)
class LevelCredentialAdmin(StewardedRoleAdmin):
    role_path = "level__role"
    list_display = (
        "holder_name",
        "role_name",
        "level_name",
        "issued_at",
        "status",
        "awarded_by",
        "attention",
    )
    list_filter = ("status", ("level__role", admin.RelatedOnlyFieldListFilter))
    search_fields = ("holder_name", "user__email", "role_name", "level_name", "public_id")
    list_select_related = ("awarded_by",)
    actions = ("revoke", "render_again")
    # The signed credential and the private files are not shown: the public pages are.
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "holder_name",
                    "user",
                    "level",
                    "role_name",
                    "level_name",
                    "status",
                    "issued_at",
                    "awarded_by",
                    "public_id",
                    "credential_id",
                    "public_pages",
                )
            },
        ),
        (_("Rendering"), {"fields": ("rendered_at", "render_error")}),
        (
            _("Revocation"),
            {
                "fields": (
                    "revoked_at",
                    "revoked_reason",
                    "revoked_by",
                    "revoked_automatically",
                    "flagged_reason",
                )
            },
        ),
        (_("Evidence"), {"fields": ("evidence", "competencies", "equivalences")}),
    )

    def has_change_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return may_steward(request)

    has_rerender_permission = has_revoke_permission

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.fieldsets for name in options["fields"]]

    @admin.display(description=_("Needs attention"))
    def attention(self, credential):
        """A render that failed, or a course certificate it relied on that was revoked."""
        return credential.render_error or credential.flagged_reason

    @admin.display(description=_("public pages"))
    def public_pages(self, credential):
        kwargs = {"public_id": str(credential.public_id)}
        verify = format_html(
            '<a href="{}">{}</a>', reverse("levels:verify", kwargs=kwargs), gettext("Verify page")
        )
        if credential.rendered_at is None:
            return format_html("{} · {}", verify, gettext("no image yet"))
        image = reverse("levels:verify-image", kwargs=kwargs)
        return format_html('{} · <a href="{}">{}</a>', verify, image, gettext("Image"))

    @admin.action(description=_("Revoke the selected level credentials"), permissions=["revoke"])
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            revoked = 0
            # A person's revocation stands; an automatic one is taken over by this one.
            for credential in queryset.filter(
                Q(status=CredentialStatus.VALID) | Q(revoked_automatically=True)
            ):
                awards.credential_revoke(credential=credential, reason=reason, by=request.user)
                self.log_change(
                    request, credential, gettext("Revoked: %(reason)s") % {"reason": reason}
                )
                revoked += 1
            self.message_user(
                request,
                ngettext(
                    "%d level credential revoked; its verify page says so now.",
                    "%d level credentials revoked; their verify pages say so now.",
                    revoked,
                )
                % revoked,
                messages.SUCCESS,
            )
            return None
        return render(
            request,
            "admin/levels/levelcredential/revoke.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "credentials": queryset,
                "title": _("Revoke level credentials"),
            },
        )

    @admin.action(description=_("Render again"), permissions=["rerender"])
    def render_again(self, request, queryset):
        """After a failed render (a font added since) or a change to the design."""
        queued, refused = 0, []
        for credential in queryset:
            try:
                awards.credential_rerender(credential=credential)
            except (ValidationError, Conflict) as error:
                text = " ".join(error.messages) if isinstance(error, ValidationError) else error
                refused.append(
                    gettext("%(credential)s: %(error)s") % {"credential": credential, "error": text}
                )
                continue
            self.log_change(request, credential, gettext("Rendering again."))
            queued += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%d level credential is being rendered again.",
                    "%d level credentials are being rendered again.",
                    queued,
                )
                % queued,
                messages.SUCCESS,
            )
        for text in refused:
            self.message_user(request, text, messages.ERROR)
