"""The learner's pages of levels: a role's ladder and path on its page, applying, declaring work
experience and its private evidence, the learner's level credentials, the public verify page,
and progress on the goal's ladder on My learning."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competencies import api as competencies
from levels.models import (
    ApplicationStatus,
    ExperienceClaim,
    LevelApplication,
    LevelCompetency,
    LevelCourse,
    LevelCredential,
    LevelEquivalence,
    RoleLevel,
)
from levels.services import awards, evidence
from tests.factories import competency, level, make_course, make_framework, make_role
from tests.levels.conftest import pass_course, take_exam
from tests.text import page_text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def role_url(standard) -> str:
    return reverse("courses:role", args=[standard.role.slug])


def apply_url(standard, rank: int) -> str:
    return reverse("levels:apply", args=[standard.role.slug, rank])


def pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def declare(learner, standard, months: int) -> ExperienceClaim:
    return evidence.experience_declare(
        user=learner,
        role=standard.role,
        employer="Shenzhen Export Co.",
        job_title="Export assistant",
        started_on=timezone.localdate() - timedelta(days=int(months * 30.5) + 1),
        ended_on=None,
        evidence=pdf(),
    )


@pytest.fixture
def awarded(learner, standard, django_capture_on_commit_callbacks) -> LevelCredential:
    """The learner holds Foundation, its PNG and PDF rendered."""
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)
    return LevelCredential.objects.get(user=learner, level=standard.foundation)


@pytest.fixture
def ready_for_review(learner, standard, steward, django_capture_on_commit_callbacks):
    """The learner meets every rule of Intermediate (exam passed, 7 months attested)."""
    take_exam(learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A1.2", "A2.1"})
    claim = declare(learner, standard, months=7)
    evidence.experience_review(claim=claim, by=steward, attest=True)


# The role page: the ladder for everyone, the path for a signed-in learner.


def test_a_visitor_sees_the_ladder_its_rules_and_equivalences(client, standard):
    page = client.get(role_url(standard)).content.decode()

    assert 'id="level-1"' in page and 'id="level-2"' in page
    assert "Foundation" in page and "Intermediate" in page
    assert "A certificate for “Export Basics” (any language version)" in page_text(page)
    assert "Pass the level exam “Export level exam”" in page_text(page)
    assert "European Qualifications Framework 4" in page
    assert 'href="https://europa.eu/europass/en/description-eight-eqf-levels"' in page
    assert "An assessor reviews each application before this level is awarded." in page
    assert reverse("levels:experience", args=[standard.role.slug]) in page
    # Nothing personal, nothing to submit.
    assert "badge" not in page and apply_url(standard, 1) not in page


def test_a_learner_sees_what_is_missing_and_the_courses_that_meet_it(client, learner, standard):
    client.force_login(learner)
    page = client.get(role_url(standard)).content.decode()

    assert page.count('class="badge gap"') == 5  # three rules of Foundation, two of Intermediate
    assert reverse("courses:detail", args=["export-basics"]) in page
    assert apply_url(standard, 1) in page and "Apply for this level" in page
    assert "The level exam opens once every other rule is met." in page


def test_applying_when_every_rule_is_met_awards_the_level_at_once(
    client, learner, standard, django_capture_on_commit_callbacks
):
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    client.force_login(learner)
    assert "Your level so far: Proficient" in page_text(client.get(role_url(standard)).content)

    response = client.post(apply_url(standard, 1))
    assert response.status_code == 302
    assert response["Location"] == role_url(standard) + "#level-1"
    page = client.get(response["Location"]).content.decode()

    assert "You have been awarded the level “\u2068Foundation\u2069”." in page
    credential = LevelCredential.objects.get(user=learner)
    assert "You hold this level." in page
    assert reverse("levels:verify", args=[credential.public_id]) in page
    assert apply_url(standard, 1) not in page


def test_applying_early_says_which_rules_are_missing_and_the_page_shows_it_waiting(
    client, learner, standard
):
    client.force_login(learner)
    page = client.post(apply_url(standard, 1), follow=True).content.decode()

    assert "it will be decided as soon as these rules are met" in page
    assert "At least 3 hours of completed courses" in page
    assert "Your application: <strong>Waiting for the rules to be met</strong>" in page
    assert apply_url(standard, 1) not in page
    assert LevelApplication.objects.get(user=learner).status == ApplicationStatus.WAITING


def test_the_exam_link_opens_last_and_the_unit_scores_show(
    client, learner, standard, ready_for_review
):
    client.force_login(learner)
    page = client.get(role_url(standard)).content.decode()

    assert "Your level exam: " in page and "Listing" in page and "Logistics" in page
    assert "Attested so far: 7 months." in page
    # Passed: the exam is no longer a next step.
    assert reverse("assessments:detail", args=["export-level-exams", standard.exam.uuid]) not in (
        page
    )


def test_the_exam_link_shows_once_the_other_rules_are_met(
    client, learner, standard, steward, django_capture_on_commit_callbacks
):
    exam_url = reverse("assessments:detail", args=["export-level-exams", standard.exam.uuid])
    client.force_login(learner)
    assert exam_url not in client.get(role_url(standard)).content.decode()

    evidence.experience_review(claim=declare(learner, standard, 7), by=steward, attest=True)

    assert exam_url in client.get(role_url(standard)).content.decode()


def test_a_review_is_waited_for_and_a_rejection_shows_its_reason(
    client, learner, standard, steward, ready_for_review
):
    client.force_login(learner)
    page = client.post(apply_url(standard, 2), follow=True).content.decode()
    assert "your application is waiting for an assessor" in page
    assert "Your application: <strong>Waiting for an assessor</strong>" in page

    application = LevelApplication.objects.get(user=learner, level=standard.intermediate)
    awards.application_decide(
        application=application, by=steward, approve=False, reason="Letter unsigned."
    )
    page = client.get(role_url(standard)).content.decode()

    assert "Your application: <strong>Not approved</strong>" in page
    assert "Letter unsigned." in page
    assert "Apply again" in page


def test_applying_for_a_level_already_held_shows_the_error(client, learner, standard, awarded):
    client.force_login(learner)
    page = client.post(apply_url(standard, 1), follow=True).content.decode()
    assert "You already hold this level." in page


def test_apply_needs_a_signed_in_post_and_a_published_role_and_level(client, learner, standard):
    assert client.post(apply_url(standard, 1))["Location"].startswith(reverse("accounts:login"))
    client.force_login(learner)
    assert client.get(apply_url(standard, 1)).status_code == 405
    assert client.post(apply_url(standard, 9)).status_code == 404
    assert client.post(reverse("levels:apply", args=["no-such-role", 1])).status_code == 404
    draft = make_role(make_framework("Draft", status="draft"), "draft-role", {})
    RoleLevel.objects.create(role=draft, rank=1, name="Foundation")
    assert client.post(reverse("levels:apply", args=["draft-role", 1])).status_code == 404
    assert not LevelApplication.objects.exists()


def test_the_anonymous_page_cache_never_serves_a_learner_s_path(
    client, learner, standard, settings, django_capture_on_commit_callbacks
):
    settings.SHARED_CACHE = True
    anonymous = client.get(role_url(standard)).content.decode()
    assert client.get(role_url(standard)).content.decode() == anonymous  # served from the cache

    client.force_login(learner)
    mine = client.get(role_url(standard)).content.decode()
    assert 'class="badge gap"' in mine
    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(standard, 1))
    assert "You hold this level." in client.get(role_url(standard)).content.decode()

    client.logout()
    page = client.get(role_url(standard)).content.decode()
    assert "You hold this level." not in page and 'class="badge' not in page


def test_a_kept_path_shows_a_decision_made_by_an_assessor(
    client, learner, standard, steward, settings, ready_for_review
):
    """The decision is written with update(): no signal, but the learner's lock retires the
    learner's kept parts."""
    settings.SHARED_CACHE = True
    client.force_login(learner)
    client.post(apply_url(standard, 2))
    assert "Waiting for an assessor" in client.get(role_url(standard)).content.decode()

    application = LevelApplication.objects.get(user=learner, level=standard.intermediate)
    awards.application_decide(application=application, by=steward, approve=False, reason="No.")

    assert "Not approved" in client.get(role_url(standard)).content.decode()


def grow(standard, learner, capture) -> None:
    """Three more levels with rules of each kind, and a longer history for the learner."""
    framework = standard.framework
    for rank in (3, 4, 5):
        extra = RoleLevel.objects.create(
            role=standard.role,
            rank=rank,
            name=f"Level {rank}",
            min_study_hours=rank,
            min_experience_months=rank,
        )
        for code in ("A1.1", "A1.2", "A2.1", "A2.2"):
            LevelCompetency.objects.create(
                level=extra, competency=competency(framework, code), min_level=level(framework, 3)
            )
        for slug in (f"extra-{rank}-a", f"extra-{rank}-b"):
            LevelCourse.objects.create(level=extra, course=make_course(slug))
        LevelEquivalence.objects.create(level=extra, framework="EQF", code=str(rank))
    pass_course(learner, standard.course, capture, framework)
    pass_course(learner, standard.spanish, capture, framework)
    declare(learner, standard, months=2)
    declare(learner, standard, months=3)
    for rank in (1, 3, 4):
        awards.level_apply(user=learner, level=RoleLevel.objects.get(role=standard.role, rank=rank))


# role, its requirements, their courses; the ladder: levels, competency rules, course rules,
# exam units, equivalences
VISITOR_QUERIES = 8
# session, user, role, goal; the ladder (5); the learner's facts (10: families achieved (3),
# experience, applications, levels shown, certified families, study hours, exam results,
# credentials); next steps (2: courses and their lesson counts); the coverage (5)
LEARNER_QUERIES = 26
# My learning: session, user, goal; families (3); enrolments, grades, certificates, lessons,
# progress; the coverage (2); the goal's ladder (5) and the learner's facts (10), no next steps
DASHBOARD_QUERIES = 28


def test_the_role_page_takes_a_fixed_number_of_queries_at_two_sizes(
    client, learner, standard, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = role_url(standard)
    for grown in (False, True):
        if grown:
            grow(standard, learner, django_capture_on_commit_callbacks)
            assert RoleLevel.objects.filter(role=standard.role).count() == 5
        client.logout()
        with django_assert_num_queries(VISITOR_QUERIES):
            assert client.get(url).status_code == 200
        client.force_login(learner)
        with django_assert_num_queries(LEARNER_QUERIES):
            page = client.get(url).content.decode()
        assert ('id="level-5"' in page) is grown


# Work experience and its private evidence.


def experience_url(standard) -> str:
    return reverse("levels:experience", args=[standard.role.slug])


def test_declaring_work_experience_lists_it_with_its_status(client, learner, standard):
    client.force_login(learner)
    assert "Work experience" in client.get(experience_url(standard)).content.decode()
    response = client.post(
        experience_url(standard),
        {
            "employer": "Shenzhen Export Co.",
            "job_title": "Export assistant",
            "started_on": "2022-01-01",
            "ended_on": "2023-06-30",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()

    claim = ExperienceClaim.objects.get(user=learner)
    assert "Your work experience is sent to the role&#x27;s assessors." in page
    assert "Shenzhen Export Co." in page and "Waiting for an assessor" in page
    assert reverse("levels:evidence", args=[claim.uuid]) in page


def test_a_rejected_claim_shows_its_reason(client, learner, standard, steward):
    claim = declare(learner, standard, months=2)
    evidence.experience_review(claim=claim, by=steward, attest=False, reason="Not this role.")
    client.force_login(learner)
    page = client.get(experience_url(standard)).content.decode()
    assert "Rejected" in page and "Not this role." in page


def test_errors_show_by_their_fields_and_nothing_typed_is_lost(client, learner, standard):
    client.force_login(learner)
    future = (timezone.localdate() + timedelta(days=10)).isoformat()
    page = client.post(
        experience_url(standard),
        {
            "employer": "Shenzhen Export Co.",
            "job_title": "Export assistant",
            "started_on": future,
            "evidence": SimpleUploadedFile("letter.exe", b"MZ"),
        },
    ).content.decode()

    assert "The start cannot be in the future." in page
    assert "Attach a PDF or a Word document (.docx)." in page
    assert 'value="Shenzhen Export Co."' in page and f'value="{future}"' in page
    assert "choose the evidence again" in page
    assert not ExperienceClaim.objects.exists()

    page = client.post(experience_url(standard), {"employer": "X"}).content.decode()
    assert page.count("This field is required.") == 3  # job title, from, evidence


def test_the_experience_form_is_for_signed_in_learners_and_roles_that_ask_for_it(
    client, learner, standard
):
    assert client.get(experience_url(standard))["Location"].startswith(reverse("accounts:login"))
    client.force_login(learner)
    standard.intermediate.min_experience_months = 0
    standard.intermediate.save()
    assert client.get(experience_url(standard)).status_code == 404
    assert client.get(reverse("levels:experience", args=["no-such-role"])).status_code == 404


def test_only_the_learner_and_the_role_s_stewards_may_open_the_evidence(
    client, learner, other_learner, instructor, steward, superuser, standard
):
    claim = declare(learner, standard, months=2)
    url = reverse("levels:evidence", args=[claim.uuid])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))

    for user, status in (
        (learner, 200),
        (other_learner, 404),
        (instructor, 404),  # staff, but not a steward of the role
        (steward, 200),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment")
    client.force_login(learner)
    assert client.get(reverse("levels:evidence", args=[ExperienceClaim().uuid])).status_code == (
        404
    )


# The learner's level credentials.


def test_my_level_credentials_lists_them_with_their_files(
    client, learner, other_learner, standard, awarded
):
    client.force_login(learner)
    page = client.get(reverse("levels:mine")).content.decode()
    assert "Export Specialist" in page and "Foundation" in page
    assert reverse("levels:verify", args=[awarded.public_id]) in page
    for kind in ("pdf", "png", "jwt"):
        url = reverse("levels:download", args=[awarded.public_id, kind])
        assert url in page
        response = client.get(url)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert reverse("levels:mine") in client.get(reverse("certificates")).content.decode()

    client.force_login(other_learner)
    assert "No level credential yet." in client.get(reverse("levels:mine")).content.decode()
    url = reverse("levels:download", args=[awarded.public_id, "jwt"])
    assert client.get(url).status_code == 404


def test_my_level_credentials_needs_a_signed_in_learner(client):
    assert client.get(reverse("levels:mine"))["Location"].startswith(reverse("accounts:login"))


# The public verify page.


def test_the_verify_page_shows_what_a_verifier_needs(client, standard, awarded):
    page = client.get(reverse("levels:verify", args=[awarded.public_id])).content.decode()

    assert "Valid level credential" in page and "Amina Haddad" in page
    assert (
        "reached the level “<bdi>Foundation</bdi>” of the role “<bdi>Export Specialist</bdi>”"
        in (page)
    )
    assert "Course certificate: Export Basics" in page and "Study: 3 hours" in page
    assert "A1.1" in page
    assert "\u2068Amina Haddad\u2069 reached the level \u2068Foundation\u2069" in page  # og:title
    assert reverse("levels:verify-json", args=[awarded.public_id]) in page
    assert reverse("levels:verify-image", args=[awarded.public_id]) in page
    assert "amina@example.com" not in page


def test_the_verify_page_lists_the_equivalences(
    client, learner, standard, steward, ready_for_review, django_capture_on_commit_callbacks
):
    awards.level_apply(user=learner, level=standard.intermediate)
    application = LevelApplication.objects.get(user=learner, level=standard.intermediate)
    with django_capture_on_commit_callbacks(execute=True):
        credential = awards.application_decide(application=application, by=steward, approve=True)
    page = client.get(reverse("levels:verify", args=[credential.public_id])).content.decode()
    assert "Equivalent levels" in page and "European Qualifications Framework" in page
    assert "Level exam passed: 100.00%" in page
    assert "Shenzhen" not in page


def test_a_revoked_credential_says_so_without_its_reason(client, awarded):
    awards.credential_revoke(credential=awarded, reason="Cheated on the exam")
    page = client.get(reverse("levels:verify", args=[awarded.public_id])).content.decode()
    assert "Revoked on" in page and "Valid level credential" not in page
    assert "Cheated" not in page
    record = client.get(reverse("levels:verify-json", args=[awarded.public_id])).json()
    assert record["status"] == "revoked" and "Cheated" not in str(record)


def test_the_json_and_the_image(client, awarded):
    record = client.get(reverse("levels:verify-json", args=[awarded.public_id])).json()
    assert record["holder"] == "Amina Haddad" and record["level"] == "Foundation"
    assert record["status"] == "valid" and "email" not in record
    image = client.get(reverse("levels:verify-image", args=[awarded.public_id]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


@pytest.mark.parametrize("public_id", ["0f8fad5b-d9cb-469f-a165-70867728950e", "not-a-uuid"])
def test_unknown_and_malformed_ids_get_a_404(client, db, public_id):
    assert client.get(reverse("levels:verify", args=[public_id])).status_code == 404
    response = client.get(reverse("levels:verify-json", args=[public_id]))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(reverse("levels:verify-image", args=[public_id])).status_code == 404


def test_the_verify_page_is_rate_limited(client, settings, awarded):
    settings.CERTIFICATE_VERIFY_RATE = 2
    url = reverse("levels:verify", args=[awarded.public_id])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(reverse("levels:verify-json", args=[awarded.public_id])).status_code == 429


# My learning: progress on the goal's ladder.


def test_my_learning_shows_progress_on_the_goal_s_ladder_and_a_new_award(
    client, learner, standard, settings, django_capture_on_commit_callbacks
):
    settings.SHARED_CACHE = True
    competencies.learner_goal_set(user=learner, role=standard.role)
    client.force_login(learner)
    page = client.get(reverse("courses:dashboard")).content.decode()
    assert "Foundation</bdi></a>: 0 of 3 rules met" in page
    assert "Intermediate</bdi></a>: 0 of 2 rules met" in page
    assert role_url(standard) + "#level-1" in page

    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)
    with django_capture_on_commit_callbacks(execute=True):
        awards.level_apply(user=learner, level=standard.foundation)

    page = client.get(reverse("courses:dashboard")).content.decode()
    assert 'Foundation</bdi></a>: <span class="done-mark">held</span>' in page


def test_my_learning_without_a_goal_shows_no_levels(client, learner, standard):
    client.force_login(learner)
    assert "Levels:" not in client.get(reverse("courses:dashboard")).content.decode()


def test_my_learning_takes_a_fixed_number_of_queries_at_two_sizes(
    client, learner, standard, django_assert_num_queries, django_capture_on_commit_callbacks
):
    competencies.learner_goal_set(user=learner, role=standard.role)
    # At both sizes the learner has completed a course (its study hours are summed).
    pass_course(learner, standard.exam_course, django_capture_on_commit_callbacks)
    pass_course(learner, make_course("warm-up"), django_capture_on_commit_callbacks)
    client.force_login(learner)
    for grown in (False, True):
        if grown:
            grow(standard, learner, django_capture_on_commit_callbacks)
        with django_assert_num_queries(DASHBOARD_QUERIES):
            page = client.get(reverse("courses:dashboard")).content.decode()
        assert ("Level 5</bdi></a>" in page) is grown


def test_too_many_waiting_declarations_are_refused_on_the_form(
    client, learner, standard, monkeypatch
):
    monkeypatch.setattr(evidence, "MAX_PENDING_CLAIMS", 1)
    client.force_login(learner)
    declare(learner, standard, months=3)
    page = client.post(
        experience_url(standard),
        {
            "employer": "Acme",
            "job_title": "Clerk",
            "started_on": (timezone.localdate() - timedelta(days=90)).isoformat(),
            "evidence": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter"),
        },
    )
    assert page.status_code == 200
    assert "declarations waiting for an assessor" in page.content.decode()
    assert ExperienceClaim.objects.count() == 1
