"""Levels in the admin: a role's stewards author its ladder and assess its applications and work
experience; other staff see none of it (404 for a direct URL); superusers see all. Rules that can
never be met are refused with the message on their field, and nothing saved is lost. Decisions go
through the services and are in the admin's history."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from levels.admin.queue import LevelApplicationAdmin
from levels.models import (
    ApplicationStatus,
    ClaimStatus,
    CredentialStatus,
    ExamResult,
    ExamUnit,
    ExperienceClaim,
    LevelApplication,
    LevelCompetency,
    LevelCourse,
    LevelCredential,
    RoleLevel,
)
from levels.services import awards, evidence
from tests.factories import (
    InstructorFactory,
    UserFactory,
    competency,
    level,
    make_course,
    make_framework,
    make_role,
)
from tests.levels.conftest import take_exam

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def list_url(model):
    return reverse(f"admin:levels_{model._meta.model_name}_changelist")


def posted(response, **changes) -> dict:
    """The change form as the browser would post it back unchanged, with `changes`."""
    data = {}
    form = response.context["adminform"].form
    forms = [form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        forms.extend(formset.forms)
    for each in forms:
        for name in each.fields:
            value = each[name].value()
            if value is not None:
                data[each.add_prefix(name)] = value
    data.update(changes)
    return data


@pytest.fixture
def other_role(db):
    """Another standard's role with a level, stewarded by someone else."""
    framework = make_framework("Other Standard")
    role = make_role(framework, "customs-broker", {})
    role.stewards.add(InstructorFactory(full_name="Other Steward"))
    RoleLevel.objects.create(role=role, rank=1, name="Customs foundation")
    return role


@pytest.fixture
def review_level(standard):
    """A level whose one rule is attested work experience, then an assessor's review."""
    return RoleLevel.objects.create(
        role=standard.role, rank=3, name="Advanced", min_experience_months=6, needs_review=True
    )


@pytest.fixture
def in_review(review_level, superuser):
    """Apply for the review level with its rule met: the application waits for an assessor."""

    def apply(user):
        claim = declare(user, review_level.role)
        evidence.experience_review(claim=claim, by=superuser, attest=True)
        return awards.level_apply(user=user, level=review_level)

    return apply


def declare(learner, role, months: int = 7):
    return evidence.experience_declare(
        user=learner,
        role=role,
        employer="Shenzhen Export Co.",
        job_title="Export assistant",
        started_on=timezone.localdate() - timedelta(days=int(months * 30.5) + 1),
        ended_on=None,
        evidence=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )


# The ladder ------------------------------------------------------------------------------------


def test_a_steward_authors_only_the_levels_of_their_roles(
    client, standard, steward, instructor, superuser, other_role
):
    foreign = other_role.ladder.get()
    client.force_login(steward)
    listed = client.get(list_url(RoleLevel)).content.decode()
    assert "Foundation" in listed and "Customs foundation" not in listed
    assert client.get(change_url(standard.foundation)).status_code == 200
    assert client.get(change_url(foreign)).status_code == 404
    assert client.post(change_url(foreign), {"name": "Taken"}).status_code == 404

    client.force_login(instructor)  # teaches the courses, stewards no role
    assert client.get(list_url(RoleLevel)).status_code == 403
    assert client.get(change_url(standard.foundation)).status_code == 404
    assert "Levels" not in client.get(reverse("admin:index")).content.decode()

    client.force_login(superuser)
    listed = client.get(list_url(RoleLevel)).content.decode()
    assert "Foundation" in listed and "Customs foundation" in listed
    foreign.refresh_from_db()
    assert foreign.name == "Customs foundation"


def test_the_role_chooser_offers_only_the_roles_a_steward_stewards(
    client, standard, steward, other_role
):
    client.force_login(steward)
    response = client.get(reverse("admin:levels_rolelevel_add"))
    assert list(response.context["adminform"].form.fields["role"].queryset) == [standard.role]

    response = client.post(
        reverse("admin:levels_rolelevel_add"),
        {
            "role": other_role.pk,
            "rank": 2,
            "name": "Sneaked in",
            "min_study_hours": 0,
            "min_experience_months": 0,
            "exam_pass_mark": 60,
        },
    )
    assert "role" in response.context["adminform"].form.errors
    assert not RoleLevel.objects.filter(name="Sneaked in").exists()


def test_a_steward_adds_a_level_then_its_rules(client, standard, steward):
    client.force_login(steward)
    response = client.post(
        reverse("admin:levels_rolelevel_add"),
        {
            "role": standard.role.pk,
            "rank": 3,
            "name": "Advanced",
            "min_study_hours": 10,
            "min_experience_months": 12,
            "exam_pass_mark": 60,
            "_continue": "1",
        },
    )
    advanced = RoleLevel.objects.get(role=standard.role, rank=3)
    assert response.status_code == 302 and response.url == change_url(advanced)

    form = client.get(change_url(advanced))
    data = posted(
        form,
        **{
            "competency_rules-TOTAL_FORMS": 1,
            "competency_rules-0-competency": competency(standard.framework, "A2.1").pk,
            "competency_rules-0-min_level": level(standard.framework, 3).pk,
            "equivalences-TOTAL_FORMS": 1,
            "equivalences-0-framework": "EQF",
            "equivalences-0-code": "5",
        },
    )
    assert client.post(change_url(advanced), data).status_code == 302
    assert [str(rule) for rule in advanced.competency_rules.all()] == ["A2.1 ≥ Advanced"]
    assert advanced.equivalences.get().code == "5"


@pytest.mark.parametrize(
    "problem, field, message",
    [
        ("competency of another framework", "competency", "role's framework"),
        ("level of another scale", "min_level", "Select a valid choice"),
        ("first level of the scale", "min_level", "above the scale's first"),
        ("area no question covers", "exam_units-competency", "could never be passed"),
        ("weights not adding to 100", "blueprint", "add up to 110%"),
    ],
)
def test_a_rule_that_can_never_be_met_is_refused_and_nothing_saved_is_lost(
    client, standard, steward, problem, field, message
):
    other = make_framework("Other Standard")
    client.force_login(steward)
    level_ = standard.foundation if field in {"competency", "min_level"} else standard.intermediate
    rule = {
        "competency of another framework": {
            "competency_rules-0-competency": competency(other, "A1.1").pk
        },
        "level of another scale": {"competency_rules-0-min_level": level(other, 2).pk},
        "first level of the scale": {
            "competency_rules-0-min_level": level(standard.framework, 0).pk
        },
        "area no question covers": {
            "exam_units-0-competency": competency(standard.framework, "A2.2").pk
        },
        "weights not adding to 100": {"exam_units-0-weight": 70},
    }[problem]
    before_rules = list(LevelCompetency.objects.values_list("competency", "min_level"))
    before_units = list(ExamUnit.objects.values_list("competency", "weight"))
    data = posted(client.get(change_url(level_)), name="Renamed", **rule)

    response = client.post(change_url(level_), data)

    assert response.status_code == 200
    inlines = {i.formset.prefix: i.formset for i in response.context["inline_admin_formsets"]}
    if field == "blueprint":
        errors = str(inlines["exam_units"].non_form_errors())
    elif field == "exam_units-competency":
        errors = str(inlines["exam_units"].forms[0].errors["competency"])
    else:
        errors = str(inlines["competency_rules"].forms[0].errors[field])
    assert message in errors.replace("&#x27;", "'")
    assert message in response.content.decode().replace("&#x27;", "'")
    level_.refresh_from_db()
    assert level_.name != "Renamed"
    assert list(LevelCompetency.objects.values_list("competency", "min_level")) == before_rules
    assert list(ExamUnit.objects.values_list("competency", "weight")) == before_units


def test_removing_the_exam_of_a_level_with_a_blueprint_is_refused(client, standard, steward):
    client.force_login(steward)
    data = posted(client.get(change_url(standard.intermediate)), exam="")
    response = client.post(change_url(standard.intermediate), data)
    assert "Choose the level exam before its blueprint" in response.content.decode()
    standard.intermediate.refresh_from_db()
    assert standard.intermediate.exam == standard.exam


def test_a_balanced_blueprint_change_is_saved(client, standard, steward):
    client.force_login(steward)
    data = posted(
        client.get(change_url(standard.intermediate)),
        **{"exam_units-0-weight": 50, "exam_units-1-weight": 50},
    )
    assert client.post(change_url(standard.intermediate), data).status_code == 302
    assert sorted(standard.intermediate.exam_units.values_list("weight", flat=True)) == [50, 50]


def test_a_draft_course_is_refused_as_a_required_course(client, standard, steward):
    draft = make_course("export-drafts", status="draft")
    client.force_login(steward)
    data = posted(
        client.get(change_url(standard.foundation)), **{"course_rules-0-course": draft.pk}
    )
    response = client.post(change_url(standard.foundation), data)
    assert response.status_code == 200
    inlines = {i.formset.prefix: i.formset for i in response.context["inline_admin_formsets"]}
    assert "published course" in str(inlines["course_rules"].forms[0].errors["course"])
    assert list(LevelCourse.objects.values_list("course", flat=True)) == [standard.course.pk]


def test_a_level_exam_needs_a_blueprint_of_areas_that_do_not_overlap(client, standard, steward):
    client.force_login(steward)
    form = client.get(change_url(standard.intermediate))
    every_unit_deleted = posted(form, **{"exam_units-0-DELETE": "on", "exam_units-1-DELETE": "on"})
    response = client.post(change_url(standard.intermediate), every_unit_deleted)
    assert "needs its blueprint" in response.content.decode()

    inside = posted(form, **{"exam_units-1-competency": competency(standard.framework, "A1.2").pk})
    response = client.post(change_url(standard.intermediate), inside)
    assert "do not overlap" in response.content.decode()
    assert standard.intermediate.exam_units.count() == 2


def test_the_exam_is_chosen_once_the_level_is_saved(client, standard, steward):
    client.force_login(steward)
    form = client.get(reverse("admin:levels_rolelevel_add")).context["adminform"].form
    assert "exam" not in form.fields and "exam_pass_mark" in form.fields


def test_a_changed_blueprint_scores_every_learner_again(
    client, standard, steward, learner, django_capture_on_commit_callbacks
):
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A2.1"})
    assert ExamResult.objects.get(user=learner).passed  # Listing 50%, Logistics 100%: 70%
    client.force_login(steward)
    data = posted(client.get(change_url(standard.intermediate)), **{"exam_units-0-min_percent": 60})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(standard.intermediate), data).status_code == 302
    assert not ExamResult.objects.get(user=learner).passed  # Listing is under its minimum now

    data = posted(client.get(change_url(standard.intermediate)), description="Renamed only.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(change_url(standard.intermediate), data)
    assert not callbacks  # nothing to score again


# The assessor's queue --------------------------------------------------------------------------


def test_the_queue_shows_only_what_waits_in_the_roles_an_assessor_stewards(
    client, standard, in_review, steward, instructor, superuser, learner, other_learner
):
    waiting = in_review(learner)
    assert waiting.status == ApplicationStatus.IN_REVIEW
    awards.level_apply(user=other_learner, level=standard.foundation)  # rules not met yet

    client.force_login(steward)
    listed = client.get(list_url(LevelApplication)).content.decode()
    assert learner.full_name in listed and other_learner.full_name not in listed
    everything = client.get(list_url(LevelApplication), {"status": "all"}).content.decode()
    assert other_learner.full_name in everything

    other_steward = InstructorFactory(full_name="Other Steward")
    make_role(make_framework("Other Standard"), "customs-broker", {}).stewards.add(other_steward)
    client.force_login(other_steward)
    assert learner.full_name not in client.get(list_url(LevelApplication)).content.decode()
    assert client.get(change_url(waiting)).status_code == 404

    client.force_login(instructor)
    assert client.get(list_url(LevelApplication)).status_code == 403
    assert client.get(change_url(waiting)).status_code == 404
    assert client.post(change_url(waiting), {"decision": "yes"}).status_code == 404

    client.force_login(superuser)
    assert learner.full_name in client.get(list_url(LevelApplication)).content.decode()
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.IN_REVIEW


def test_the_application_page_shows_the_path_exam_scores_and_experience(
    client, standard, steward, learner, django_capture_on_commit_callbacks
):
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A1.2", "A2.1"})
    claim = declare(learner, standard.role)
    evidence.experience_review(claim=claim, by=steward, attest=True)
    application = awards.level_apply(user=learner, level=standard.intermediate)
    assert application.status == ApplicationStatus.IN_REVIEW

    client.force_login(steward)
    page = client.get(change_url(application)).content.decode()
    assert "Pass the level exam" in page and "6 months of attested work experience" in page
    assert "Listing" in page and "Logistics" in page and "100.00" in page
    assert "Shenzhen Export Co." in page
    assert reverse("levels:evidence", args=[claim.uuid]) in page
    assert 'name="decision"' in page and "Delete" not in page


def test_a_steward_approves_and_the_decision_is_on_record(
    client, review_level, in_review, steward, learner, django_capture_on_commit_callbacks
):
    application = in_review(learner)
    client.force_login(steward)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(application), {"decision": "yes", "reason": "Portfolio reviewed."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert application.decided_by == steward and application.decided_at is not None
    assert LevelCredential.objects.get(user=learner, level=review_level).awarded_by == steward
    entry = LogEntry.objects.get(object_id=str(application.pk))
    assert entry.user == steward
    assert "Approved" in entry.get_change_message()
    assert "Portfolio reviewed." in entry.get_change_message()
    # Decided: the page shows the decision, read-only.
    page = client.get(change_url(application)).content.decode()
    assert 'name="decision"' not in page and "Portfolio reviewed." in page


def test_rejecting_without_a_reason_is_refused_on_the_form(client, in_review, steward, learner):
    application = in_review(learner)
    client.force_login(steward)
    response = client.post(change_url(application), {"decision": "no", "reason": "  "})
    assert response.status_code == 200
    assert "Say why" in str(response.context["adminform"].form.errors["reason"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW and application.decided_by is None
    assert not LogEntry.objects.exists()

    response = client.post(change_url(application), {"decision": "no", "reason": "Too early."})
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        ApplicationStatus.REJECTED,
        "Too early.",
    )
    assert "Not approved: Too early." in LogEntry.objects.get().get_change_message()


def test_approving_when_a_rule_no_longer_holds_is_refused_on_the_form(
    client, standard, review_level, in_review, steward, learner
):
    application = in_review(learner)
    RoleLevel.objects.filter(pk=review_level.pk).update(min_study_hours=100)
    client.force_login(steward)
    response = client.post(change_url(application), {"decision": "yes", "reason": ""})
    assert "no longer meets every rule" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert not LevelCredential.objects.exists()


def test_a_steward_attests_work_experience_and_the_review_is_on_record(
    client, standard, steward, instructor, learner
):
    claim = declare(learner, standard.role)
    client.force_login(instructor)
    assert client.get(change_url(claim)).status_code == 404

    client.force_login(steward)
    listed = client.get(list_url(claim)).content.decode()
    assert "Shenzhen Export Co." in listed
    page = client.get(change_url(claim)).content.decode()
    assert reverse("levels:evidence", args=[claim.uuid]) in page

    response = client.post(change_url(claim), {"decision": "no", "reason": ""})
    assert "Say why" in str(response.context["adminform"].form.errors["reason"])
    assert client.post(change_url(claim), {"decision": "yes"}).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == (ClaimStatus.ATTESTED, steward)
    assert "Attested" in LogEntry.objects.get(object_id=str(claim.pk)).get_change_message()


def test_an_assessor_never_sees_their_own_application_or_experience(
    client, standard, steward, superuser
):
    # The steward is also a learner of the role they steward.
    claim = declare(steward, standard.role)
    level_ = RoleLevel.objects.create(
        role=standard.role, rank=3, name="Advanced", min_study_hours=1, needs_review=True
    )
    application = awards.level_apply(user=steward, level=level_)
    client.force_login(steward)
    for own in (application, claim):
        listed = client.get(list_url(type(own)), {"status": "all"}).content.decode()
        assert 'class="field-learner_name"' not in listed
        assert client.get(change_url(own)).status_code == 404
        assert client.post(change_url(own), {"decision": "yes"}).status_code == 404

    client.force_login(superuser)  # another assessor sees them
    assert client.get(change_url(application)).status_code == 200
    assert client.get(change_url(claim)).status_code == 200


def test_a_refused_decision_shows_on_the_form_and_leaves_nothing_saved(
    client, in_review, steward, learner, superuser
):
    application = in_review(learner)
    client.force_login(steward)
    decide = LevelApplicationAdmin.decide

    def another_first(admin, request, obj, **decision):
        # Another assessor's decision lands first, in the same transaction as this one.
        awards.application_decide(application=obj, by=superuser, approve=False, reason="Too early.")
        decide(admin, request, obj, **decision)

    with mock.patch.object(LevelApplicationAdmin, "decide", another_first):
        response = client.post(change_url(application), {"decision": "yes"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "not waiting for a review" in str(errors)
    # The admin's transaction rolled back with the refusal: nothing it wrote stays.
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert not LogEntry.objects.exists() and not LevelCredential.objects.exists()


@pytest.mark.parametrize("model", ["application", "claim"])
def test_the_queue_costs_the_same_at_2_and_20_rows(
    client, in_review, standard, steward, model, django_assert_num_queries
):
    def add(count: int):
        for _n in range(count):
            user = UserFactory()
            if model == "application":
                in_review(user)
            else:
                declare(user, standard.role)

    url = list_url(LevelApplication if model == "application" else ExperienceClaim)
    client.force_login(steward)
    add(2)
    client.get(url)  # warm-up: the content types, the session
    # session, user, stewards a role, roles to filter by, count, the user's and their groups'
    # permissions (the other apps' menus), rows with their learner, role and assessor
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    add(18)
    with django_assert_num_queries(8):
        content = client.get(url).content.decode()
    assert content.count('class="field-learner_name"') == 20


# Level credentials -----------------------------------------------------------------------------


def test_a_steward_revokes_a_credential_and_the_reason_stays_private(
    client, standard, steward, instructor, learner
):
    credential, _created = awards.level_award(user=learner, level=standard.foundation)
    client.force_login(instructor)
    assert client.get(change_url(credential)).status_code == 404

    client.force_login(steward)
    assert credential.holder_name in client.get(list_url(LevelCredential)).content.decode()
    page = client.get(change_url(credential)).content.decode()
    assert 'name="_save"' not in page  # a record: read-only

    action = {"action": "revoke", "_selected_action": [credential.pk]}
    response = client.post(list_url(LevelCredential), action)
    assert response.status_code == 200 and "reason" in response.context["form"].fields
    client.post(list_url(LevelCredential), {**action, "reason": "Exam taken by someone else."})

    credential.refresh_from_db()
    assert credential.status == CredentialStatus.REVOKED and credential.revoked_by == steward
    entry = LogEntry.objects.get(object_id=str(credential.pk))
    assert "Exam taken by someone else." in entry.get_change_message()
    public = client.get(f"/verify/level/{credential.public_id}.json")
    assert public.json()["status"] == "revoked"
    assert "someone else" not in public.content.decode()
    revoked = client.get(list_url(LevelCredential), {"status__exact": "revoked"})
    assert credential.holder_name in revoked.content.decode()


def test_a_credential_shows_its_public_pages_and_whether_it_is_rendered(
    client, standard, steward, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        credential, _created = awards.level_award(user=learner, level=standard.foundation)
    credential.refresh_from_db()
    client.force_login(steward)
    page = client.get(change_url(credential)).content.decode()
    assert reverse("levels:verify", kwargs={"public_id": credential.public_id}) in page
    assert reverse("levels:verify-image", kwargs={"public_id": credential.public_id}) in page
    assert "field-rendered_at" in page and "field-render_error" in page
    assert "field-png" not in page and "field-pdf" not in page
    assert credential.png.name not in page  # private files: no broken link


def test_a_failed_render_is_rendered_again_from_the_admin(
    client, standard, steward, learner, django_capture_on_commit_callbacks
):
    credential, _created = awards.level_award(user=learner, level=standard.foundation)
    LevelCredential.objects.filter(pk=credential.pk).update(render_error="No font for this script")
    client.force_login(steward)
    assert "No font for this script" in client.get(list_url(LevelCredential)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            list_url(LevelCredential),
            {"action": "render_again", "_selected_action": [credential.pk]},
            follow=True,
        )
    assert "being rendered again" in response.content.decode()
    credential.refresh_from_db()
    assert credential.rendered_at is not None and credential.render_error == ""
    assert "Rendering again" in LogEntry.objects.get().get_change_message()
