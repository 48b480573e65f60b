"""Levels in the admin, scoped to the roles the signed-in staff member stewards (superusers see
all): authoring a role's ladder, the assessor's queue of applications and work experience, and
level credentials (records of fact, changed only by revoking with a reason).

Stewardship is the permission: the same rule as the services' `can_assess`, so a superuser who
names a steward on a role gives them this section with no group permission to add. Rows of other
roles are absent: a direct URL to one is a 404. Decisions go through the services, which write
who and when; the admin's history (LogEntry) says what was decided and why.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from assessments import api as assessments
from competencies import api as competencies
from core.admin_inlines import FixedCostFormSet, FixedCostInline
from core.errors import Conflict
from courses import api as courses
from levels.models import (
    ApplicationStatus,
    ClaimStatus,
    CredentialStatus,
    ExamUnit,
    ExperienceClaim,
    LevelApplication,
    LevelCompetency,
    LevelCourse,
    LevelCredential,
    LevelEquivalence,
    RoleLevel,
)
from levels.path import level_path
from levels.selectors import stewarded_roles
from levels.services import awards, evidence, ladder


def _may_steward(request) -> bool:
    """Active staff who steward a role, or superusers; read once a request."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    if not hasattr(request, "_stewards_a_role"):
        request._stewards_a_role = stewarded_roles(user).exists()
    return request._stewards_a_role


def _add_errors(form, errors: dict[str, list[str]], fields: dict[str, str] | None = None) -> None:
    """A service's errors by field, on the form's own fields (`fields` renames them)."""
    for field, messages_ in errors.items():
        name = (fields or {}).get(field, field)
        form.add_error(name if name in form.fields else None, messages_)


class StewardedRoleAdmin(admin.ModelAdmin):
    """Rows of the roles the signed-in user stewards (`role_path` leads from a row to its role);
    others get a 404 for them."""

    role_path = "role"

    # The unfiltered total would be one more count per page.
    show_full_result_count = False

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(**{f"{self.role_path}__stewards": request.user})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # absent, or another role's: the same answer
            raise Http404
        return obj

    def has_module_permission(self, request):
        return _may_steward(request)

    def has_view_permission(self, request, obj=None):
        # Any object reaching here came through get_queryset: it is in scope.
        return _may_steward(request)

    def has_change_permission(self, request, obj=None):
        return _may_steward(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The ladder ------------------------------------------------------------------------------------


class LevelRulesFormSet(FixedCostFormSet):
    """Each row checks itself against the level as posted in the same form (its new exam)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.level = self.instance
        return form

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]


class CompetencyRuleForm(forms.ModelForm):
    class Meta:
        model = LevelCompetency
        fields = ("competency", "min_level")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("competency") and cleaned.get("min_level"):
            _add_errors(
                self,
                ladder.competency_rule_errors(
                    level=self.instance.level,
                    competency=cleaned["competency"],
                    min_level=cleaned["min_level"],
                ),
            )
        return cleaned


class ExamUnitForm(forms.ModelForm):
    class Meta:
        model = ExamUnit
        fields = ("name", "competency", "weight", "min_percent")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("competency"):
            _add_errors(
                self,
                ladder.exam_unit_errors(
                    level=self.instance.level, competency=cleaned["competency"]
                ),
            )
        return cleaned


class BlueprintFormSet(LevelRulesFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = ladder.blueprint_errors([form.instance for form in self.kept_forms()])
        if errors:
            raise ValidationError(errors)


class LevelInline(FixedCostInline):
    """A rule of the level being edited: whoever may edit the level may edit its rules."""

    extra = 0
    formset = LevelRulesFormSet

    def has_view_permission(self, request, obj=None):
        return _may_steward(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class CompetencyRuleInline(LevelInline, admin.TabularInline):
    model = LevelCompetency
    form = CompetencyRuleForm
    autocomplete_fields = ("competency",)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # The role's own scale: another framework's level is not offered.
            formset.form.base_fields[
                "min_level"
            ].queryset = competencies.ProficiencyLevel.objects.filter(
                framework_id=obj.role.framework_id
            ).order_by("rank")
        return formset


class CourseRuleInline(LevelInline, admin.TabularInline):
    model = LevelCourse
    autocomplete_fields = ("course",)


class ExamUnitInline(LevelInline, admin.TabularInline):
    model = ExamUnit
    form = ExamUnitForm
    formset = BlueprintFormSet
    autocomplete_fields = ("competency",)


class EquivalenceInline(LevelInline, admin.TabularInline):
    model = LevelEquivalence
    # A plain link input: the admin's "Currently: … Change:" pair overflows a table row.
    formfield_overrides = {
        models.URLField: {"widget": forms.URLInput(attrs={"size": 40}), "assume_scheme": "https"}
    }


@admin.register(RoleLevel)
class RoleLevelAdmin(StewardedRoleAdmin):
    list_display = ("name", "role", "rank", "exam", "needs_review")
    list_filter = (("role", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "role__name")
    list_select_related = ("role", "exam")
    ordering = ("role", "rank")
    autocomplete_fields = ("exam",)
    fieldsets = (
        (None, {"fields": ("role", "rank", "name", "description")}),
        (_("Application conditions"), {"fields": ("min_study_hours", "min_experience_months")}),
        (_("Evaluation"), {"fields": ("exam", "exam_pass_mark", "needs_review")}),
    )

    def has_add_permission(self, request):
        return _may_steward(request)

    def has_delete_permission(self, request, obj=None):
        # Levels someone applied for or holds are protected by the database.
        return _may_steward(request)

    def get_readonly_fields(self, request, obj=None):
        # The rules are checked against the role's framework: the role stays.
        return ("role",) if obj else ()

    def get_inlines(self, request, obj):
        # Rules come once the level is saved, when its role (and framework) is fixed.
        if obj is None:
            return ()
        return (CompetencyRuleInline, CourseRuleInline, ExamUnitInline, EquivalenceInline)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "exam" in form.base_fields and not request.user.is_superuser:
            # An exam of a course the steward teaches, or the one already chosen.
            exams = assessments.Assessment.objects.filter(
                course__in=courses.taught_courses(request.user)
            )
            if obj is not None and obj.exam_id:
                exams = exams | assessments.Assessment.objects.filter(pk=obj.exam_id)
            form.base_fields["exam"].queryset = exams
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["queryset"] = stewarded_roles(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# The assessor's queue --------------------------------------------------------------------------


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
    """An assessor's decision. The service decides once the form is otherwise valid, so its
    refusals (a missing reason, a rule no longer met, a decision already taken) show as this
    form's errors and nothing is saved."""

    YES, NO = "yes", "no"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (shown to the learner)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject."),
    )
    assessor = None  # set per request by the admin
    reason_field = ""  # the service's name for the reason

    class Meta:
        fields = ()

    def decide(self, *, approve: bool, reason: str) -> None:
        raise NotImplementedError

    def done_message(self, *, approve: bool, reason: str) -> str:
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        approve = self.cleaned_data["decision"] == self.YES
        reason = self.cleaned_data.get("reason", "").strip()
        try:
            self.decide(approve=approve, reason=reason)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(self, error.message_dict, {self.reason_field: "reason"})
            else:
                self.add_error(None, error)
        except Conflict as error:
            self.add_error(None, str(error))
        else:
            self.decision_message = self.done_message(approve=approve, reason=reason)


class ApplicationDecisionForm(DecisionForm):
    reason_field = "decision_reason"

    class Meta(DecisionForm.Meta):
        model = LevelApplication

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (self.YES, _("Approve: award the level")),
            (self.NO, _("Do not approve")),
        ]

    def decide(self, *, approve, reason):
        awards.application_decide(
            application=self.instance, by=self.assessor, approve=approve, reason=reason
        )

    def done_message(self, *, approve, reason):
        if approve:
            return gettext("Approved: the level is awarded.") + (f" {reason}" if reason else "")
        return gettext("Not approved: %(reason)s") % {"reason": reason}


class ClaimDecisionForm(DecisionForm):
    reason_field = "review_reason"

    class Meta(DecisionForm.Meta):
        model = ExperienceClaim

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (self.YES, _("Attest: this work experience is shown")),
            (self.NO, _("Reject")),
        ]

    def decide(self, *, approve, reason):
        evidence.experience_review(
            claim=self.instance, by=self.assessor, attest=approve, reason=reason
        )

    def done_message(self, *, approve, reason):
        if approve:
            return gettext("Attested.") + (f" {reason}" if reason else "")
        return gettext("Rejected: %(reason)s") % {"reason": reason}


class DecisionAdmin(StewardedRoleAdmin):
    """A queue of records waiting for a decision: their facts read-only, a decision form while
    one waits (`waiting`), no adding or deleting. Each decision is in the admin's history."""

    waiting = ""
    facts: tuple = ()
    decided: tuple = ()

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
        form.assessor = request.user
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One decision, then back to the queue.
        extra_context = {**(extra_context or {}), "show_save_and_continue": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # The form's service call decided and saved: the row in hand is the one before.
        request._decision_message = form.decision_message

    def save_related(self, request, form, formsets, change):
        pass

    def construct_change_message(self, request, form, formsets, add=False):
        return form.decision_message

    def response_change(self, request, obj):
        self.message_user(request, request._decision_message, messages.SUCCESS)
        return self.response_post_save_change(request, obj)

    @admin.display(description=_("learner"))
    def learner(self, obj):
        return format_html("{} &lt;{}&gt;", obj.user.full_name, obj.user.email)


def evidence_link(claim: ExperienceClaim):
    """The private evidence file, through the page that checks who asks."""
    try:
        url = reverse("levels:evidence", args=[claim.uuid])
    except NoReverseMatch:
        return gettext("(evidence on file)")
    return format_html('<a href="{}">{}</a>', url, gettext("Open the evidence"))


def _period(claim: ExperienceClaim) -> str:
    if claim.ended_on is None:
        return gettext("%(start)s – ongoing") % {"start": claim.started_on}
    return f"{claim.started_on} – {claim.ended_on}"


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

    @admin.display(description=_("learner"), ordering="user__full_name")
    def learner_name(self, claim):
        return claim.user.full_name

    @admin.display(description=_("period"), ordering="started_on")
    def period(self, claim):
        return _period(claim)

    @admin.display(description=_("evidence"))
    def evidence_file(self, claim):
        return evidence_link(claim)


# Level credentials -----------------------------------------------------------------------------


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept on record, never shown publicly)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(LevelCredential)
class LevelCredentialAdmin(StewardedRoleAdmin):
    """Records of fact: read-only; revoking (with a private reason) is the one change."""

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
    actions = ("revoke",)
    exclude = ("credential_jwt",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return _may_steward(request)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in LevelCredential._meta.fields if f.name != "credential_jwt"]

    @admin.display(description=_("Needs attention"))
    def attention(self, credential):
        """A render that failed, or a course certificate it relied on that was revoked."""
        return credential.render_error or credential.flagged_reason

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
