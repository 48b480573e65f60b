import io
import json
import re
import zlib
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from joserfc import jwt as jose_jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet
from PIL import Image, ImageChops
from rest_framework.test import APIClient

from assessments import services
from assessments.models import CourseGrade
from certificates import credentials, signing
from certificates import render as certificate_render
from certificates import services as certificates
from certificates.models import Certificate, CertificateStatus
from certificates.sweep import pending_certificates_requeue
from core.bidi import isolate
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.factories import InstructorFactory, make_framework, teach

pytestmark = pytest.mark.django_db


def pass_course(learner, course, capture, **question_fields):
    question = make_question(course, **question_fields)
    quiz = make_assessment(course, [question], required_for_certificate=True)
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    with capture(execute=True):
        services.attempt_submit(attempt=attempt, answers=right_answers(attempt))


@pytest.fixture
def certificate(learner, course, enrolled, django_capture_on_commit_callbacks):
    framework = make_framework()
    taught = teach(course, framework, "A1.1", 2)
    pass_course(
        learner,
        course,
        django_capture_on_commit_callbacks,
        competency=taught.competency,
        level=taught.level,
    )
    return Certificate.objects.get()


def test_a_mail_server_failure_gives_the_email_back_to_the_retry(certificate, monkeypatch):
    Certificate.objects.filter(pk=certificate.pk).update(emailed_at=None, email_claimed_at=None)
    mail.outbox.clear()

    def down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(certificates, "send_mail", down)
    with pytest.raises(OSError):
        certificates.certificate_email(certificate_id=certificate.pk)
    failed = Certificate.objects.get(pk=certificate.pk)
    assert failed.emailed_at is None and failed.email_claimed_at is None  # free for the retry
    monkeypatch.undo()
    assert certificates.certificate_email(certificate_id=certificate.pk) is True
    assert certificates.certificate_email(certificate_id=certificate.pk) is False
    assert len(mail.outbox) == 1


def test_an_email_a_dead_worker_left_half_sent_is_sent_by_the_sweep(
    certificate, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    claimed = timezone.now() - timedelta(minutes=1)
    Certificate.objects.filter(pk=certificate.pk).update(
        emailed_at=None, email_claimed_at=claimed, issued_at=timezone.now() - timedelta(hours=1)
    )
    # Claimed a minute ago: another worker may be sending it right now.
    assert certificates.certificate_email(certificate_id=certificate.pk) is False
    assert pending_certificates_requeue() == 0
    # The claim outlived the task's time limit: that worker died; the sweep sends it once.
    Certificate.objects.filter(pk=certificate.pk).update(
        email_claimed_at=claimed - certificates.EMAIL_CLAIM_TIMEOUT
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert pending_certificates_requeue() == 1
    assert len(mail.outbox) == 1
    assert Certificate.objects.get(pk=certificate.pk).emailed_at is not None


def test_passing_issues_the_certificate_at_once_rendered_signed_and_emailed_once(
    certificate, learner
):
    assert (certificate.holder_name, certificate.course_title) == ("Amina Haddad", "Incoterms")
    assert certificate.competencies[0]["code"] == "A1.1"
    assert (
        certificate.rendered_at
        and certificate.png
        and certificate.pdf
        and certificate.credential_jwt
    )
    assert [m.subject for m in mail.outbox] == [f"Your certificate: {isolate('Incoterms')}"]
    # Issuing again (a retry, a second grade change, a manual award) changes nothing.
    again, created = certificates.certificate_issue(user=learner, course=certificate.course)
    assert (again, created) == (certificate, False)
    assert certificates.certificate_render(certificate_id=certificate.pk) is False
    assert certificates.certificate_email(certificate_id=certificate.pk) is False
    assert Certificate.objects.count() == 1 and len(mail.outbox) == 1


def test_a_course_can_require_every_lesson_too(
    learner, course, enrolled, django_capture_on_commit_callbacks
):
    from courses import services as course_services

    course.certificate_needs_all_lessons = True
    course.save()
    pass_course(learner, course, django_capture_on_commit_callbacks)
    assert not Certificate.objects.exists()
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons:
            course_services.lesson_complete(learner=learner, lesson=lesson)
    assert Certificate.objects.filter(user=learner, course=course).exists()


@pytest.mark.parametrize(
    "name",
    [
        "José Álvarez",
        "Ольга Смирнова",
        "Ελένη",
        "Nguyễn Văn An",
        "محمد الأحمد",
        "דוד כהן",
        "田中 太郎",
        "王小明",
        "김민준",
        "राहुल शर्मा",
        "สมชาย ใจดี",
        "Maximilian Alexander Christopher Montgomery-Wellington-Fitzgerald of Westminster",
    ],
)
def test_names_in_any_script_render_with_every_glyph(name):
    assert certificate_render.missing_glyphs(name) == []
    context = {
        "holder_name": name,
        "course_title": "Customs",
        "issuer": "Academy",
        "date": "2026",
        "competencies": [],
        "verify_url": "https://academy.example/verify/x/",
        "language": "en",
        "labels": {
            "title": "Certificate",
            "certifies": "This certifies that",
            "completed": "completed",
        },
    }
    image = Image.open(io.BytesIO(certificate_render.render_png(context))).convert("L")
    blank = Image.open(
        io.BytesIO(certificate_render.render_png({**context, "holder_name": " "}))
    ).convert("L")
    inked = ImageChops.difference(image, blank).getbbox()
    # The name drew real ink, and within the page's margins.
    assert inked is not None
    assert inked[0] >= 100 and inked[2] <= image.width - 100


def test_a_name_no_font_covers_is_refused_loudly():
    with pytest.raises(certificate_render.RenderError, match="No bundled font"):
        certificate_render.render_png(
            {
                "holder_name": "Ada \U0001f680",
                "course_title": "x",
                "issuer": "x",
                "date": "x",
                "competencies": [],
                "verify_url": "https://x/",
                "labels": {"title": "t", "certifies": "c", "completed": "d"},
            }
        )


def test_without_complex_text_layout_rendering_fails_rather_than_print_arabic_backwards(
    monkeypatch,
):
    monkeypatch.setattr(certificate_render.features, "check", lambda name: False)
    with pytest.raises(certificate_render.RenderError, match="raqm"):
        certificate_render.render_png({"labels": {}})


def test_the_pdf_embeds_the_fonts_of_the_scripts_it_prints():
    pdf = certificate_render.render_pdf(
        {
            "holder_name": "محمد الأحمد",
            "course_title": "田中の講座",
            "issuer": "Academy",
            "date": "2026",
            "competencies": [],
            "verify_url": "https://academy.example/verify/x/",
            "language": "ar",
            "labels": {
                "title": "Certificate",
                "certifies": "This certifies that",
                "completed": "completed",
            },
        }
    )
    assert pdf.startswith(b"%PDF")
    # Font dictionaries sit in compressed object streams: read them all.
    objects = pdf + b"".join(
        zlib.decompress(stream)
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL)
        if stream[:1] == b"x"
    )
    embedded = set(re.findall(rb"/FontName\s*/[A-Z]{6}\+([A-Za-z-]+)", objects))  # subsets
    assert {b"Cert-Arabic-Bold", b"Cert-CJK"} <= embedded


def test_the_verify_page_shows_only_what_a_verifier_needs(
    client, certificate, django_assert_max_num_queries
):
    url = reverse("verify", args=[certificate.public_id])
    # session-less: the certificate with its course
    with django_assert_max_num_queries(1):
        page = client.get(url)
    content = page.content.decode()
    assert "Valid certificate" in content and "Amina Haddad" in content and "A1.1" in content
    assert 'property="og:title"' in content and "linkedin.com/profile/add" in content
    assert "amina@example.com" not in content
    record = client.get(reverse("verify-json", args=[certificate.public_id])).json()
    assert set(record) == {
        "id",
        "holder",
        "course",
        "issuer",
        "issued_on",
        "competencies",
        "status",
        "revoked_on",
    }


def test_unknown_and_malformed_ids_get_the_same_404(client):
    unknown = client.get("/verify/6f1c2f5e-0000-4000-8000-000000000000/")
    malformed = client.get("/verify/not-a-uuid/")
    assert unknown.status_code == malformed.status_code == 404


def test_the_verify_endpoints_are_rate_limited(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE = 3
    codes = [
        client.get(reverse("verify-json", args=[certificate.public_id])).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_behind_a_proxy_the_rate_limit_counts_each_client_not_the_proxy(
    client, settings, certificate
):
    settings.CERTIFICATE_VERIFY_RATE = 1
    settings.BEHIND_PROXY = True
    url = reverse("verify-json", args=[certificate.public_id])
    first = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.2")
    again = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.1")  # spoofed prefix
    assert [first.status_code, second.status_code, again.status_code] == [200, 200, 429]


def test_revoking_in_the_admin_shows_at_once(client, instructor, certificate):
    client.force_login(instructor)
    changelist = reverse("admin:certificates_certificate_changelist")
    confirm = client.post(changelist, {"action": "revoke", "_selected_action": [certificate.pk]})
    assert b"Reason (kept on record, never shown publicly)" in confirm.content
    client.post(
        changelist,
        {"action": "revoke", "_selected_action": [certificate.pk], "reason": "Plagiarism."},
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED and certificate.revoked_by == instructor
    page = client.get(reverse("verify", args=[certificate.public_id])).content.decode()
    # The reason is for the record, not for the public: it may say things about the holder.
    assert "Revoked on" in page and "Plagiarism." not in page
    revoked = client.get(reverse("revocation-list")).json()["revokedCredentials"]
    assert revoked == [{"id": f"urn:uuid:{certificate.credential_id}", "revoked": True}]
    assert Certificate.objects.count() == 1  # never deleted


@pytest.mark.parametrize(("policy", "status"), [("revoke", "revoked"), ("flag", "valid")])
def test_a_regrade_below_the_pass_mark_revokes_or_flags(
    settings, certificate, policy, status, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from tests.assessments.test_grading import regrade_question

    def rekey_and_regrade(key: str):
        choices = [dict(c, correct=c["key"] == key) for c in question.current_version.choices]
        services.question_save(
            question=question, content={"prompt": "p", "points": Decimal("1"), "choices": choices}
        )
        with django_capture_on_commit_callbacks(execute=True):
            regrade_question.apply(args=[question.pk])
        certificate.refresh_from_db()

    settings.CERTIFICATE_ON_GRADE_DROP = policy
    question = certificate.course.questions.get()
    rekey_and_regrade("b")
    assert certificate.status == status
    assert (
        ("regrade" in certificate.revoked_reason)
        if policy == "revoke"
        else certificate.flagged_reason
    )
    # The key is put back: the grade is back, and so is the certificate.
    rekey_and_regrade("a")
    assert (certificate.status, certificate.flagged_reason, certificate.revoked_reason) == (
        "valid",
        "",
        "",
    )


@pytest.mark.parametrize("automatic_first", [False, True])
def test_a_regrade_never_reinstates_what_an_instructor_revoked(
    certificate, instructor, automatic_first
):
    if automatic_first:  # the instructor's revocation takes over the regrade's
        certificates.certificate_revoke(certificate=certificate, reason="x", automatically=True)
    certificates.certificate_revoke(certificate=certificate, reason="Plagiarism.", by=instructor)
    certificates.grade_follow_up(user=certificate.user, course=certificate.course, regrade=True)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revoked_reason, certificate.revoked_by) == (
        CertificateStatus.REVOKED,
        "Plagiarism.",
        instructor,
    )


def test_a_passing_retake_reinstates_what_a_regrade_revoked(
    certificate, learner, django_capture_on_commit_callbacks
):
    certificates.certificate_revoke(certificate=certificate, reason="x", automatically=True)
    quiz = certificate.course.assessments.get()
    attempt = services.attempt_start(learner=learner, assessment=quiz)
    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_submit(attempt=attempt, answers=right_answers(attempt))
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID and Certificate.objects.count() == 1


def test_a_hand_award_stands_whatever_the_grades_say(learner, course, enrolled, instructor):
    certificate, _created = certificates.certificate_issue(
        user=learner, course=course, awarded_by=instructor, reason="Paper exam."
    )
    assert not certificates.rules_met(user=learner, course=course)
    Certificate.objects.update(awarded_by=None)  # the instructor's account was deleted since
    certificates.grade_follow_up(user=learner, course=course, regrade=True)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID and not certificate.flagged_reason


def test_an_instructor_awards_by_hand_and_it_is_recorded(
    client, instructor, learner, course, enrolled
):
    client.force_login(instructor)
    client.post(
        reverse("admin:certificates_certificate_award"),
        {"course": course.pk, "email": "AMINA@example.com", "reason": "Passed the paper exam."},
    )
    certificate = Certificate.objects.get()
    assert (certificate.awarded_by, certificate.award_reason) == (
        instructor,
        "Passed the paper exam.",
    )


def test_certificates_admin_is_read_only_and_scoped(client, certificate):
    outsider = InstructorFactory(email="out@example.com")
    client.force_login(outsider)
    assert (
        list(
            client.get(reverse("admin:certificates_certificate_changelist"))
            .context["cl"]
            .result_list
        )
        == []
    )
    award = client.post(
        reverse("admin:certificates_certificate_award"),
        {"course": certificate.course.pk, "email": "amina@example.com", "reason": "x"},
    )
    assert "Select a valid choice" in award.content.decode()


def test_the_credential_verifies_with_an_independent_library_against_the_published_keys(
    client, certificate
):
    key_set = KeySet.import_key_set(client.get(reverse("jwks")).json())
    keys = client.get(reverse("jwks")).json()["keys"]
    assert all("d" not in key for key in keys)
    # One of "use" and "key_ops", never both (RFC 7517 §4.3).
    assert all(key["use"] == "sig" and "key_ops" not in key for key in keys)
    token = jose_jwt.decode(certificate.credential_jwt, key_set, algorithms=["RS256"])
    claims = token.claims
    assert token.header["alg"] == "RS256" and token.header["kid"].startswith("http://")
    assert (
        claims["iss"] == claims["issuer"]["id"]
        and claims["jti"] == claims["id"] == f"urn:uuid:{certificate.credential_id}"
    )
    # The key id dereferences to that one public key.
    kid_url = token.header["kid"].removeprefix("http://127.0.0.1:8000")
    assert client.get(kid_url).json() in client.get(reverse("jwks")).json()["keys"]
    assert claims["sub"] == claims["credentialSubject"]["id"] and isinstance(claims["nbf"], int)
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["alignment"][0]["targetType"] == "CFItem"
    assert (
        client.get(
            achievement["alignment"][0]["targetUrl"].removeprefix("http://127.0.0.1:8000")
        ).status_code
        == 200
    )
    assert claims["credentialSubject"]["identifier"][0]["hashed"] is True
    assert "amina@example.com" not in json.dumps(claims)
    assert claims["credentialStatus"]["type"] == "1EdTechRevocationList"


def test_any_edit_to_the_payload_fails_verification(client, certificate):
    head, payload, signature = certificate.credential_jwt.split(".")
    import base64

    claims = json.loads(base64.urlsafe_b64decode(payload + "==="))
    claims["name"] = "Something else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    result = client.post(
        reverse("verify-credential"), f"{head}.{forged}.{signature}", content_type="text/plain"
    ).json()
    assert result["verified"] is False and "altered" in result["error"]
    key_set = KeySet.import_key_set(client.get(reverse("jwks")).json())
    with pytest.raises(BadSignatureError):
        jose_jwt.decode(f"{head}.{forged}.{signature}", key_set, algorithms=["RS256"])
    assert client.post(
        reverse("verify-credential"), certificate.credential_jwt, content_type="text/plain"
    ).json()["verified"]


@pytest.mark.parametrize(
    "body",
    ['{"credential": ' + "[" * 5000 + "]" * 5000 + "}", "{1}", "{}", "", '{"credential": 1}'],
)
def test_a_malformed_verify_request_gets_a_clear_400(client, body):
    response = client.post(reverse("verify-credential"), body, content_type="application/json")
    assert response.status_code == 400 and "JWT" in response.json()["error"]


def test_the_verify_endpoint_reports_a_revoked_credential(client, certificate):
    certificates.certificate_revoke(certificate=certificate, reason="Fraud.")
    result = client.post(
        reverse("verify-credential"),
        json.dumps({"credential": certificate.credential_jwt}),
        content_type="application/json",
    ).json()
    assert result["verified"] is False and "Revoked" in result["error"]


def test_rotating_the_key_keeps_old_credentials_verifiable(client, settings, certificate):
    signing.generate_key_file(settings.CREDENTIAL_KEYS_DIR)
    signing.keys.cache_clear()
    keys = client.get(reverse("jwks")).json()["keys"]
    assert len(keys) == 2
    assert client.post(
        reverse("verify-credential"), certificate.credential_jwt, content_type="text/plain"
    ).json()["verified"]
    new = credentials.credential_jwt(certificate)
    assert (
        jose_jwt.decode(new, KeySet.import_key_set({"keys": keys}), algorithms=["RS256"]).header[
            "kid"
        ]
        == keys[0]["kid"]
    )


def test_the_holder_downloads_their_files_and_no_one_else_can(
    client, certificate, learner, other_learner
):
    client.force_login(learner)
    page = client.get(reverse("certificates")).content.decode()
    assert "Incoterms" in page and str(certificate.public_id) in page
    for kind, start in (("pdf", b"%PDF"), ("png", b"\x89PNG"), ("jwt", b"eyJ")):
        response = client.get(reverse("certificate-download", args=[certificate.public_id, kind]))
        body = (
            response.getvalue()
            if hasattr(response, "getvalue") and not response.streaming
            else b"".join(response.streaming_content)
        )
        assert body.startswith(start), kind
    client.force_login(other_learner)
    assert (
        client.get(reverse("certificate-download", args=[certificate.public_id, "pdf"])).status_code
        == 404
    )
    client.force_login(learner)
    malformed = reverse("certificate-download", args=[certificate.public_id, "pdf"]).replace(
        str(certificate.public_id), "-" * 36
    )
    assert client.get(malformed).status_code == 404


def test_a_name_no_font_covers_is_recorded_for_the_admin_and_retried_only_by_hand(
    client, instructor, learner, course, enrolled, django_capture_on_commit_callbacks
):
    learner.full_name = "Ada \U0001f680"
    learner.save()
    course.title = "Q&A: <Basics>"
    course.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = certificates.certificate_issue(user=learner, course=course)
    certificate.refresh_from_db()
    assert certificate.rendered_at is None and "No bundled font" in certificate.render_error
    assert certificate.credential_jwt  # still verifiable
    assert mail.outbox[0].subject == f"Your certificate: {isolate('Q&A: <Basics>')}"  # unescaped
    client.force_login(learner)
    page = client.get(reverse("certificates")).content.decode()
    assert "could not print" in page
    # No links to files that were never made; the signed credential is offered.
    for kind, offered in (("pdf", False), ("png", False), ("jwt", True)):
        url = reverse("certificate-download", args=[certificate.public_id, kind])
        assert (url in page) is offered, kind
    client.force_login(instructor)
    changelist = client.get(reverse("admin:certificates_certificate_changelist"))
    assert "No bundled font" in changelist.content.decode()
    # The sweep does not retry what cannot succeed; the email still goes.
    Certificate.objects.update(issued_at=certificate.issued_at - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        queued = pending_certificates_requeue()
    assert queued == 0 and len(mail.outbox) == 1


def test_the_sweep_requeues_certificates_a_lost_task_left_behind(
    learner, course, enrolled, django_capture_on_commit_callbacks
):
    pass_course(learner, course, lambda execute: nullcontext())  # tasks lost: never run
    assert not Certificate.objects.exists()
    CourseGrade.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert pending_certificates_requeue() == 1  # issue; it then renders and emails
    certificate = Certificate.objects.get()
    assert certificate.rendered_at and len(mail.outbox) == 1
    assert pending_certificates_requeue() == 0


def test_the_sweep_leaves_alone_a_learner_who_still_has_lessons_to_finish(
    learner, course, enrolled, django_capture_on_commit_callbacks
):
    course.certificate_needs_all_lessons = True
    course.save()
    pass_course(learner, course, django_capture_on_commit_callbacks)
    CourseGrade.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    assert pending_certificates_requeue() == 0  # the last lesson completed will check


def test_the_issuer_profile_is_published(client):
    profile = client.get(reverse("issuer")).json()
    assert profile["type"] == ["Profile"] and profile["name"] == "Crossborder Academy"


def test_the_demo_learner_holds_a_certificate_earned_through_graded_attempts(
    django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        for command in ("demo_accounts", "demo_curriculum", "demo_assessments"):
            call_command(command, stdout=io.StringIO())
    certificate = Certificate.objects.get(user__email="learner@example.com")
    assert certificate.awarded_by is None and certificate.rendered_at is not None
    assert APIClient().get(f"/verify/{certificate.public_id}.json").json()["status"] == "valid"


def test_the_rotate_command_adds_a_signing_key(settings):
    from django.core.management import call_command

    signing.keys()  # the first key
    call_command("rotate_credential_key", stdout=io.StringIO())
    assert len(signing.jwk_set()["keys"]) == 2
    assert len(list(settings.CREDENTIAL_KEYS_DIR.glob("*.pem"))) == 2


def test_my_certificates_and_the_revocation_list_cost_the_same_for_one_or_many(
    client, learner, django_assert_num_queries
):
    from django.test import Client

    from tests.factories import make_course

    def issue_and_revoke(slug):
        certificate, _created = certificates.certificate_issue(
            user=learner, course=make_course(slug)
        )
        certificates.certificate_revoke(certificate=certificate, reason="Test.")

    client.force_login(learner)
    issue_and_revoke("course-0")
    counts = []
    for more in (0, 6):
        for n in range(more):
            issue_and_revoke(f"course-{n + 1}")
        with django_assert_num_queries(3) as page:  # session, user, certificates with courses
            assert client.get(reverse("certificates")).status_code == 200
        with django_assert_num_queries(2):  # one per kind: certificates, level credentials
            listed = Client().get(reverse("revocation-list")).json()["revokedCredentials"]
        counts.append((len(page.captured_queries), len(listed)))
    assert counts == [(3, 1), (3, 7)]


def test_the_pdf_renderer_loads_only_bundled_fonts_and_inline_data():
    from weasyprint.urls import URLFetchingError

    fetcher = certificate_render.bundled_only_fetcher()
    font = certificate_render.FONTS["latin"].as_uri()
    assert fetcher.fetch(font).read(4)  # a bundled font loads
    for url in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)


def test_the_newest_key_signs_even_when_two_are_made_in_one_second(settings):
    keys_dir = settings.CREDENTIAL_KEYS_DIR
    for _ in range(5):  # well within one second
        newest = signing.generate_key_file(keys_dir)
        signing.keys.cache_clear()
        assert signing.keys()[0].thumbprint == signing._key(newest.read_bytes()).thumbprint
    # A key named the way earlier releases did (to the second) is older than every new one.
    legacy = keys_dir / "key-20261130090000-abcdef12.pem"
    legacy.write_bytes(next(keys_dir.glob("*.pem")).read_bytes())
    assert sorted(keys_dir.glob("*.pem"))[0] == legacy


def test_the_verify_page_shows_dates_in_the_readers_format_and_the_json_in_iso(
    client, certificate, instructor
):
    certificates.certificate_revoke(certificate=certificate, by=instructor, reason="Test.")
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=datetime(2026, 3, 5, 23, 30, tzinfo=UTC),
        revoked_at=datetime(2026, 4, 1, 9, 0, tzinfo=UTC),
    )
    client.cookies["django_language"] = "fr"
    content = client.get(reverse("verify", args=[certificate.public_id])).content.decode()
    assert '<time datetime="2026-03-05">5 mars 2026</time>' in content  # the UTC date
    assert "1 avril 2026" in content and "2026-04-01" not in content
    record = client.get(reverse("verify-json", args=[certificate.public_id])).json()
    assert (record["issued_on"], record["revoked_on"]) == ("2026-03-05", "2026-04-01")


def test_checking_a_revoked_credential_gives_the_date_in_the_readers_format(
    certificate, instructor
):
    certificates.certificate_revoke(certificate=certificate, by=instructor, reason="Test.")
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    )
    certificate.refresh_from_db()
    with translation.override("ru"):
        result = credentials.verify_credential(certificate.credential_jwt)
    assert result["verified"] is False
    assert "1 апреля 2026" in result["error"]


def test_a_credential_still_verifies_after_the_site_moves_to_another_address(
    client, settings, certificate
):
    """`make run PORT=8123` after issuing at 8000, or a new domain: the key id names the old
    address, the key is found by its thumbprint."""
    settings.SITE_URL = "http://127.0.0.1:8123"
    signing.keys.cache_clear()
    result = client.post(
        reverse("verify-credential"), certificate.credential_jwt, content_type="text/plain"
    ).json()
    assert result["verified"] is True, result
    assert signing.keys()[0].kid.startswith("http://127.0.0.1:8123/")  # new ones name the new
