"""Applying for a level, its award, review, and what follows a revoked course certificate."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificates import credentials as certificate_credentials
from certificates import services as certificates
from certificates.models import Certificate
from levels.models import (
    ApplicationStatus,
    ClaimStatus,
    CredentialStatus,
    ExamResult,
    LevelApplication,
    LevelCredential,
    RoleLevel,
)
from levels.path import ladder_paths, level_path
from levels.services import awards, evidence
from tests.assessments.conftest import make_assessment
from tests.factories import InstructorFactory
from tests.levels.conftest import pass_course, take_exam

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def declare(learner, standard, months: int):
    started = timezone.localdate() - timedelta(days=int(months * 30.5) + 1)
    return evidence.experience_declare(
        user=learner,
        role=standard.role,
        employer="Shenzhen Export Co.",
        job_title="Export assistant",
        started_on=started,
        ended_on=None,
        evidence=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )


def test_a_certificate_in_another_language_version_meets_the_foundation_level(
    learner, standard, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.spanish, django_capture_on_commit_callbacks, standard.framework)

    path = level_path(learner, standard.foundation)
    assert [check.met for check in path.checks] == [True, True, True]
    with django_capture_on_commit_callbacks(execute=True):
        application = awards.level_apply(user=learner, level=standard.foundation)

    assert application.status == ApplicationStatus.AWARDED
    credential = LevelCredential.objects.get(user=learner)
    assert credential.level_name == "Foundation" and credential.rendered_at is not None
    assert [item["course"] for item in credential.evidence["certificates"]] == [
        standard.spanish.title
    ]
    checked = certificate_credentials.verify_credential(credential.credential_jwt)
    assert checked["verified"], checked
    achievement = checked["credential"]["credentialSubject"]["achievement"]
    assert [a["targetCode"] for a in achievement["alignment"]] == ["A1.1"]


def test_applying_early_waits_and_the_last_rule_met_awards_once(
    learner, standard, django_capture_on_commit_callbacks
):
    application = awards.level_apply(user=learner, level=standard.foundation)
    assert application.status == ApplicationStatus.WAITING
    assert awards.level_apply(user=learner, level=standard.foundation).pk == application.pk

    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert LevelCredential.objects.filter(user=learner).count() == 1
    with pytest.raises(awards.LevelConflict, match="already hold"):
        awards.level_apply(user=learner, level=standard.foundation)


def test_the_exam_is_scored_by_its_blueprint_and_every_unit_needs_its_minimum(
    learner, standard, django_capture_on_commit_callbacks
):
    # A1 (60%): one of two right = 50%; A2 (40%): 0% < its 50% minimum.
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1"})
    result = ExamResult.objects.get(user=learner, level=standard.intermediate)
    assert (str(result.percent), result.passed) == ("30.00", False)
    assert [(u["name"], u["percent"], u["passed"]) for u in result.units] == [
        ("Listing", "50.00", True),
        ("Logistics", "0.00", False),
    ]
    # The best attempt counts.
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A2.1"})
    result.refresh_from_db()
    assert (str(result.percent), result.passed) == ("70.00", True)


def test_experience_and_review_then_a_steward_approves(
    learner, standard, steward, instructor, django_capture_on_commit_callbacks
):
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A1.2", "A2.1"})
    claim = declare(learner, standard, months=7)
    application = awards.level_apply(user=learner, level=standard.intermediate)
    assert application.status == ApplicationStatus.WAITING
    assert [c.kind for c in level_path(learner, standard.intermediate).missing] == ["experience"]

    with pytest.raises(PermissionDenied):
        evidence.experience_review(claim=claim, by=instructor, attest=True)
    with pytest.raises(ValidationError):
        evidence.experience_review(claim=claim, by=steward, attest=False, reason=" ")
    evidence.experience_review(claim=claim, by=steward, attest=True)
    claim.refresh_from_db()
    application.refresh_from_db()
    assert claim.status == ClaimStatus.ATTESTED
    assert application.status == ApplicationStatus.IN_REVIEW

    with pytest.raises(PermissionDenied):
        awards.application_decide(application=application, by=instructor, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        credential = awards.application_decide(application=application, by=steward, approve=True)
    assert credential.awarded_by == steward
    assert credential.evidence["exam"]["percent"] == "100.00"
    assert "Shenzhen" not in credential.credential_jwt  # nothing private
    document = certificate_credentials.verify_credential(credential.credential_jwt)["credential"]
    alignments = document["credentialSubject"]["achievement"]["alignment"]
    assert alignments[-1]["targetFramework"] == "European Qualifications Framework"


def test_a_revoked_course_certificate_revokes_the_level_until_it_is_valid_again(
    learner, standard, settings, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)
    certificate = Certificate.objects.get(user=learner)

    with django_capture_on_commit_callbacks(execute=True):
        certificates.certificate_revoke(
            certificate=certificate, reason="Copied", automatically=True
        )
    credential = LevelCredential.objects.get(user=learner)
    assert credential.status == CredentialStatus.REVOKED and credential.revoked_automatically

    with django_capture_on_commit_callbacks(execute=True):
        Certificate.objects.filter(pk=certificate.pk).update(**certificates.REINSTATED)
        awards.levels_check(user=learner)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.VALID


def test_the_path_of_a_visitor_and_of_a_learner(learner, standard, django_assert_num_queries):
    with django_assert_num_queries(5):
        paths = ladder_paths(standard.role)
    assert [p.level.name for p in paths] == ["Foundation", "Intermediate"]
    assert {check.met for p in paths for check in p.checks} == {None}
    mine = ladder_paths(standard.role, learner)
    assert [c.met for c in mine[0].checks] == [False, False, False]
    assert [c.slug for c in mine[0].checks[0].next_courses] == ["export-basics"]
    assert LevelApplication.objects.count() == 0


def test_a_course_certificate_revoked_only_flags_the_level_when_the_site_says_so(
    learner, standard, settings, django_capture_on_commit_callbacks
):
    settings.LEVEL_ON_CERTIFICATE_REVOKED = "flag"
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)
        certificates.certificate_revoke(
            certificate=Certificate.objects.get(user=learner), reason="Copied"
        )
    credential = LevelCredential.objects.get(user=learner)
    assert credential.status == CredentialStatus.VALID
    assert standard.course.title in credential.flagged_reason


def test_a_person_revocation_is_kept_and_the_learner_cannot_apply_again(
    learner, standard, steward, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    awards.level_apply(user=learner, level=standard.foundation)
    credential = LevelCredential.objects.get(user=learner)
    with pytest.raises(ValidationError):
        awards.credential_revoke(credential=credential, reason="  ", by=steward)
    awards.credential_revoke(credential=credential, reason="Identity fraud", by=steward)
    awards.levels_check(user=learner)

    credential.refresh_from_db()
    assert credential.status == CredentialStatus.REVOKED and not credential.revoked_automatically
    with pytest.raises(awards.LevelConflict, match="revoked"):
        awards.level_apply(user=learner, level=standard.foundation)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"employer": " "}, "employer"),
        ({"started_on": timezone.localdate() + timedelta(days=2)}, "started_on"),
        ({"ended_on": timezone.localdate() - timedelta(days=400)}, "ended_on"),
        ({"evidence": SimpleUploadedFile("run.exe", b"MZ")}, "evidence"),
        ({"evidence": None}, "evidence"),
    ],
)
def test_bad_experience_is_refused_with_the_field_named(learner, standard, fields, field):
    values = {
        "user": learner,
        "role": standard.role,
        "employer": "Acme",
        "job_title": "Export clerk",
        "started_on": timezone.localdate() - timedelta(days=300),
        "ended_on": None,
        "evidence": SimpleUploadedFile("letter.pdf", PDF),
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        evidence.experience_declare(**values)
    assert field in error.value.message_dict


def test_names_in_any_script_render_on_the_level_credential(
    learner, standard, django_capture_on_commit_callbacks
):
    learner.full_name = "ليلى عبد الله"
    learner.language = "ar"
    learner.save()
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)
    credential = LevelCredential.objects.get(user=learner)
    assert credential.render_error == "" and credential.rendered_at is not None
    assert credential.pdf.open("rb").read(5) == b"%PDF-"
    assert credential.png.open("rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_sweep_sends_again_what_a_lost_broker_left(learner, standard, monkeypatch):
    from levels import sweep

    sent = []
    monkeypatch.setattr(sweep, "enqueue", lambda task, *args: sent.append((task, args)))
    awards.level_apply(user=learner, level=standard.foundation)  # waiting: rules unmet
    LevelApplication.objects.update(created_at=timezone.now() - timedelta(hours=1))

    assert sweep.pending_levels_requeue() == 1
    assert sent == [("levels.tasks.check_levels", (learner.pk,))]


def test_an_assessor_never_decides_their_own_application_or_experience(
    standard, steward, django_capture_on_commit_callbacks
):
    # The steward is also a learner of the role they steward.
    take_exam(steward, standard, django_capture_on_commit_callbacks, right={"A1.1", "A1.2", "A2.1"})
    claim = declare(steward, standard, months=7)
    with pytest.raises(PermissionDenied):
        evidence.experience_review(claim=claim, by=steward, attest=True)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    evidence.experience_review(claim=claim, by=InstructorFactory(is_superuser=True), attest=True)
    application = awards.level_apply(user=steward, level=standard.intermediate)
    assert application.status == ApplicationStatus.IN_REVIEW
    with pytest.raises(PermissionDenied):
        awards.application_decide(application=application, by=steward, approve=True)
    assert not LevelCredential.objects.exists()


def test_with_flags_a_person_revocation_outlives_the_certificate_coming_back(
    learner, standard, steward, settings, django_capture_on_commit_callbacks
):
    settings.LEVEL_ON_CERTIFICATE_REVOKED = "flag"
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    awards.level_apply(user=learner, level=standard.foundation)
    certificate = Certificate.objects.get(user=learner)
    with django_capture_on_commit_callbacks(execute=True):
        certificates.certificate_revoke(
            certificate=certificate, reason="Copied", automatically=True
        )
    credential = LevelCredential.objects.get(user=learner)
    assert credential.flagged_reason
    awards.credential_revoke(credential=credential, reason="Fraud", by=steward)

    with django_capture_on_commit_callbacks(execute=True):
        Certificate.objects.filter(pk=certificate.pk).update(**certificates.REINSTATED)
        awards.levels_check(user=learner)

    credential.refresh_from_db()
    assert (credential.status, credential.revoked_reason) == (CredentialStatus.REVOKED, "Fraud")
    assert credential.flagged_reason == ""


def test_a_level_with_no_rule_yet_cannot_be_applied_for(learner, standard):
    bare = RoleLevel.objects.create(role=standard.role, rank=3, name="Advanced")
    with pytest.raises(awards.LevelConflict, match="no rules"):
        awards.level_apply(user=learner, level=bare)
    assert not LevelApplication.objects.exists() and not LevelCredential.objects.exists()


def test_a_changed_exam_or_blueprint_scores_every_result_again(
    learner, standard, django_capture_on_commit_callbacks
):
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A2.1"})
    assert ExamResult.objects.get().passed  # 70%
    level = standard.intermediate
    level.exam_pass_mark = 80
    level.save()
    with django_capture_on_commit_callbacks(execute=True):
        evidence.level_exam_rescore(level=level)
    result = ExamResult.objects.get()
    assert (str(result.percent), result.passed) == ("70.00", False)

    # Another exam: the old result no longer counts, whatever it said.
    other = make_assessment(standard.exam_course, [], title="New exam")
    ExamResult.objects.update(passed=True)
    RoleLevel.objects.filter(pk=level.pk).update(exam=other)
    level.refresh_from_db()
    assert level_path(learner, level).exam_result is None
    with django_capture_on_commit_callbacks(execute=True):
        evidence.level_exam_rescore(level=level)
    assert not ExamResult.objects.exists()


def test_experience_is_declared_only_where_a_level_asks_for_it_and_not_without_end(
    learner, standard
):
    from levels.models import ExperienceClaim

    RoleLevel.objects.filter(min_experience_months__gt=0).update(min_experience_months=0)
    with pytest.raises(ValidationError) as error:
        declare(learner, standard, months=2)
    assert "role" in error.value.message_dict
    RoleLevel.objects.filter(pk=standard.intermediate.pk).update(min_experience_months=6)
    for _count in range(evidence.MAX_PENDING_CLAIMS):
        declare(learner, standard, months=2)
    with pytest.raises(awards.LevelConflict):
        declare(learner, standard, months=2)
    assert ExperienceClaim.objects.count() == evidence.MAX_PENDING_CLAIMS


def test_evidence_that_only_pretends_to_be_a_pdf_is_refused(learner, standard):
    with pytest.raises(ValidationError) as error:
        evidence.experience_declare(
            user=learner,
            role=standard.role,
            employer="Acme",
            job_title="Clerk",
            started_on=timezone.localdate() - timedelta(days=100),
            ended_on=None,
            evidence=SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>"),
        )
    assert "not a real .pdf" in error.value.message_dict["evidence"][0]


def test_a_credential_renders_again_on_request(
    learner, standard, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)
    credential = LevelCredential.objects.get()
    LevelCredential.objects.filter(pk=credential.pk).update(
        render_error="No font", rendered_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        awards.credential_rerender(credential=credential)
    credential.refresh_from_db()
    assert credential.rendered_at is not None and credential.render_error == ""
