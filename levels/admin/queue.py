"""The assessor's queue: applications and work experience waiting for a decision in the roles the
assessor stewards, never their own. The form only collects the decision; the admin's save calls
the service, and a refusal (a missing reason, a rule no longer met, a decision already taken)
shows as the form's errors with nothing saved."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict
from levels.admin.access import StewardedRoleAdmin, add_errors
from levels.models import ApplicationStatus, ClaimStatus, ExperienceClaim, LevelApplication
from levels.path import level_path
from levels.services import awards, evidence


class WaitingFirstFilter(admin.SimpleListFilter):
    """The status filter, showing what waits for an assessor unless asked for another."""

    title = _("status")
    parameter_name = "status"
    waiting: str = ""
    statuses: type = ApplicationStatus
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*self.statuses.choices, (self.ALL, _("All"))]

    def chosen(self):
        return self.value() or self.waiting

    def queryset(self, request, queryset):
        if self.chosen() == self.ALL:
            return queryset
        return queryset.filter(status=self.chosen())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.chosen() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class ApplicationStatusFilter(WaitingFirstFilter):
    waiting = ApplicationStatus.IN_REVIEW
    statuses = ApplicationStatus


class ClaimStatusFilter(WaitingFirstFilter):
    waiting = ClaimStatus.PENDING
    statuses = ClaimStatus


class DecisionForm(forms.ModelForm):
    """An assessor's decision, as posted. `refusal` is the service's answer to the same post,
    shown as this form's errors when the admin renders it again."""

    YES, NO = "yes", "no"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (shown to the learner)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject."),
    )
    decision_labels: tuple = ()  # approve, then not
    reason_field = ""  # the service's name for the reason
    refusal: Exception | None = None  # set per request by the admin

    class Meta:
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (self.YES, self.decision_labels[0]),
            (self.NO, self.decision_labels[1]),
        ]

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.YES

    @property
    def reason_given(self) -> str:
        return self.cleaned_data.get("reason", "").strip()

    def clean(self):
        cleaned = super().clean()
        error = self.refusal
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            add_errors(self, error.message_dict, {self.reason_field: "reason"})
        elif isinstance(error, ValidationError):
            self.add_error(None, error)
        elif error is not None:
            self.add_error(None, str(error))
        return cleaned


class ApplicationDecisionForm(DecisionForm):
    decision_labels = (_("Approve: award the level"), _("Do not approve"))
    reason_field = "decision_reason"

    class Meta(DecisionForm.Meta):
        model = LevelApplication


class ClaimDecisionForm(DecisionForm):
    decision_labels = (_("Attest: this work experience is shown"), _("Reject"))
    reason_field = "review_reason"

    class Meta(DecisionForm.Meta):
        model = ExperienceClaim


class DecisionRefused(Exception):
    """The service refused a decision: raised out of the admin's transaction, which rolls back."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


class DecisionAdmin(StewardedRoleAdmin):
    """A queue of records waiting for a decision: their facts read-only, a decision form while
    one waits (`waiting`), no adding or deleting; never the assessor's own records. Each decision
    is in the admin's history."""

    waiting = ""
    facts: tuple = ()
    decided: tuple = ()

    def decide(self, request, obj, *, approve: bool, reason: str) -> None:
        raise NotImplementedError

    def done_message(self, *, approve: bool, reason: str) -> str:
        raise NotImplementedError

    def get_queryset(self, request):
        # No one assesses their own evidence (the services refuse it too).
        return super().get_queryset(request).exclude(user=request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.status == self.waiting
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [*self.facts]
        if obj is not None and obj.status == self.waiting:
            fieldsets.append((_("Decision"), {"fields": ("decision", "reason")}))
        else:
            fieldsets.append((_("Decision"), {"fields": self.decided}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.facts for name in options["fields"]] + list(
            self.decided
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.refusal = getattr(request, "_decision_refused", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One decision, then back to the queue.
        extra_context = {**(extra_context or {}), "show_save_and_continue": False}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DecisionRefused as refused:
            error = refused.error
        # The admin's transaction rolled back. Show the post again, with the refusal as the
        # form's errors, as the admin does for any invalid form…
        obj = self.get_object(request, unquote(object_id))
        if obj.status == self.waiting:
            request._decision_refused = error
            return super().changeform_view(request, object_id, form_url, extra_context)
        # …unless someone else decided meanwhile: then the record, as decided, says why.
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        self.message_user(request, text, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        approve, reason = form.approve, form.reason_given
        try:
            self.decide(request, obj, approve=approve, reason=reason)
        except (ValidationError, Conflict, PermissionDenied) as error:
            raise DecisionRefused(error) from error
        request._decision_message = self.done_message(approve=approve, reason=reason)

    def construct_change_message(self, request, form, formsets, add=False):
        return request._decision_message

    def response_change(self, request, obj):
        self.message_user(request, request._decision_message, messages.SUCCESS)
        return self.response_post_save_change(request, obj)

    @admin.display(description=_("learner"))
    def learner(self, obj):
        return format_html("{} &lt;{}&gt;", obj.user.full_name, obj.user.email)


def evidence_link(claim: ExperienceClaim):
    """The private evidence file, through the page that checks who asks."""
    url = reverse("levels:evidence", args=[claim.uuid])
    return format_html('<a href="{}">{}</a>', url, gettext("Open the evidence"))


def _period(claim: ExperienceClaim) -> str:
    start = date_format(claim.started_on, "DATE_FORMAT")
    if claim.ended_on is None:
        return gettext("%(start)s – ongoing") % {"start": start}
    return gettext("%(start)s – %(end)s") % {
        "start": start,
        "end": date_format(claim.ended_on, "DATE_FORMAT"),
    }


@admin.register(LevelApplication)
class LevelApplicationAdmin(DecisionAdmin):
    role_path = "level__role"
    waiting = ApplicationStatus.IN_REVIEW
    form = ApplicationDecisionForm
    list_display = ("learner_name", "level", "status", "created_at", "decided_by")
    list_filter = (ApplicationStatusFilter, ("level__role", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__email", "user__full_name", "level__name", "level__role__name")
    list_select_related = ("user", "level__role", "decided_by")
    facts = (
        (None, {"fields": ("learner", "level", "status", "created_at")}),
        (_("The level's rules"), {"fields": ("rules",)}),
        (_("Level exam"), {"fields": ("exam_scores",)}),
        (_("Work experience in this role"), {"fields": ("experience",)}),
    )
    decided = ("decided_by", "decided_at", "decision_reason")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "level__role", "decided_by")

    def decide(self, request, obj, *, approve, reason):
        awards.application_decide(application=obj, by=request.user, approve=approve, reason=reason)

    def done_message(self, *, approve, reason):
        if approve and reason:
            return gettext("Approved: the level is awarded. %(reason)s") % {"reason": reason}
        if approve:
            return gettext("Approved: the level is awarded.")
        return gettext("Not approved: %(reason)s") % {"reason": reason}

    @admin.display(description=_("learner"), ordering="user__full_name")
    def learner_name(self, application):
        return application.user.full_name

    def _path(self, application):
        if not hasattr(application, "_path"):
            application._path = level_path(application.user, application.level)
        return application._path

    @admin.display(description=_("rules"))
    def rules(self, application):
        checks = self._path(application).checks
        if not checks:
            return gettext("This level has no rules besides the review.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody>"
            "</table>",
            gettext("rule"),
            gettext("met"),
            gettext("detail"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (check.label, gettext("yes") if check.met else gettext("no"), check.detail)
                    for check in checks
                ),
            ),
        )

    @admin.display(description=_("unit scores"))
    def exam_scores(self, application):
        if application.level.exam_id is None:
            return gettext("This level has no exam.")
        result = self._path(application).exam_result
        if result is None:
            return gettext("No graded attempt yet.")
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            "</tr></thead><tbody>{}</tbody></table>",
            gettext("Weighted score: %(percent)s%% (%(passed)s)")
            % {
                "percent": result.percent,
                "passed": gettext("passed") if result.passed else gettext("not passed"),
            },
            gettext("unit"),
            gettext("weight (%)"),
            gettext("minimum (%)"),
            gettext("score (%)"),
            gettext("met"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        unit["name"],
                        unit["weight"],
                        unit["min_percent"],
                        unit["percent"],
                        gettext("yes") if unit["passed"] else gettext("no"),
                    )
                    for unit in result.units
                ),
            ),
        )

    @admin.display(description=_("declared experience"))
    def experience(self, application):
        claims = ExperienceClaim.objects.filter(
            user=application.user, role=application.level.role
        ).order_by("started_on")
        if not claims:
            return gettext("None declared.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{} · {} · {} · <a href="{}">{}</a> · {}</li>',
                (
                    (
                        claim.job_title,
                        claim.employer,
                        _period(claim),
                        reverse("admin:levels_experienceclaim_change", args=[claim.pk]),
                        claim.get_status_display(),
                        evidence_link(claim),
                    )
                    for claim in claims
                ),
            ),
        )


@admin.register(ExperienceClaim)
class ExperienceClaimAdmin(DecisionAdmin):
    waiting = ClaimStatus.PENDING
    form = ClaimDecisionForm
    list_display = ("learner_name", "role", "job_title", "employer", "period", "status")
    list_filter = (ClaimStatusFilter, ("role", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__email", "user__full_name", "employer", "job_title", "role__name")
    list_select_related = ("user", "role", "reviewed_by")
    facts = (
        (
            None,
            {
                "fields": (
                    "learner",
                    "role",
                    "employer",
                    "job_title",
                    "period",
                    "evidence_file",
                    "status",
                    "created_at",
                )
            },
        ),
    )
    decided = ("reviewed_by", "reviewed_at", "review_reason")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "role", "reviewed_by")

    def decide(self, request, obj, *, approve, reason):
        evidence.experience_review(claim=obj, by=request.user, attest=approve, reason=reason)

    def done_message(self, *, approve, reason):
        if approve and reason:
            return gettext("Attested. %(reason)s") % {"reason": reason}
        if approve:
            return gettext("Attested.")
        return gettext("Rejected: %(reason)s") % {"reason": reason}

    @admin.display(description=_("learner"), ordering="user__full_name")
    def learner_name(self, claim):
        return claim.user.full_name

    @admin.display(description=_("period"), ordering="started_on")
    def period(self, claim):
        return _period(claim)

    @admin.display(description=_("evidence"))
    def evidence_file(self, claim):
        return evidence_link(claim)
