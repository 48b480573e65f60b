"""Certificates in the admin: records of fact, read-only; changed only by the explicit actions
(award, revoke, re-render), each of which leaves who and why. Instructors see the certificates of
the courses they teach; superusers see all."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from certificates import services
from certificates.models import Certificate
from courses import api as courses


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept on record, never shown publicly)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AwardForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=courses.Course.objects.none())
    email = forms.EmailField(label=_("Learner's email"))
    reason = forms.CharField(
        label=_("Why it is awarded by hand"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses.taught_courses(user)

    def clean(self):
        """Finds the learner among the course's enrolments (an instructor cannot probe other
        accounts); certificate_award enforces the award's rules."""
        cleaned = super().clean()
        course, email = cleaned.get("course"), cleaned.get("email")
        if course and email:
            enrollment = course.enrollments.filter(user__email=email.strip().lower()).first()
            if enrollment is None:
                self.add_error("email", _("No learner with this email is enrolled in the course."))
            else:
                cleaned["learner"] = enrollment.user
        return cleaned


@admin.register(Certificate)
class CertificateAdmin(courses.TaughtCourseAdmin):
    """Records of fact: read-only; changed only by the explicit actions (award, revoke,
    re-render), each of which leaves who and why."""

    course_path = "course__"

    list_display = (
        "holder_name",
        "course_title",
        "issued_at",
        "status",
        "awarded_by",
        "rendered_at",
        "attention",
    )
    list_filter = ("status", ("course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("holder_name", "user__email", "course_title", "public_id")
    list_select_related = ("awarded_by",)
    actions = ("revoke", "rerender")
    change_list_template = "admin/certificates/certificate/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Certificate._meta.fields]

    @admin.display(description=_("Needs attention"))
    def attention(self, certificate):
        """A render that failed, or a regrade that left the grade below the pass mark."""
        return certificate.render_error or certificate.flagged_reason

    @admin.action(description=_("Revoke the selected certificates"), permissions=["change"])
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            for certificate in queryset:
                services.certificate_revoke(
                    certificate=certificate, reason=form.cleaned_data["reason"], by=request.user
                )
            self.message_user(request, _("Revoked; the verify pages say so now."), messages.SUCCESS)
            return None
        return render(
            request,
            "admin/certificates/certificate/revoke.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "certificates": queryset,
                "title": _("Revoke certificates"),
            },
        )

    @admin.action(description=_("Render the files and credential again"), permissions=["change"])
    def rerender(self, request, queryset):
        for certificate in queryset:
            services.certificate_rerender(certificate=certificate)
        self.message_user(request, _("Rendering is queued."), messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view(self.award_view)
        return [path("award/", view, name="certificates_certificate_award"), *super().get_urls()]

    def award_view(self, request):
        if not self.has_change_permission(request):
            raise Http404
        form = AwardForm(request.user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                _certificate, created = services.certificate_award(
                    course=form.cleaned_data["course"],
                    learner=form.cleaned_data["learner"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error("email" if field == "learner" else field, problems)
            else:
                self.message_user(
                    request,
                    _("Certificate awarded.") if created else _("This learner already has it."),
                    messages.SUCCESS if created else messages.WARNING,
                )
                return redirect("admin:certificates_certificate_changelist")
        return render(
            request,
            "admin/certificates/certificate/award.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "title": _("Award a certificate"),
            },
        )
