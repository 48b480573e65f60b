"""Hand awards go through certificate_award (the admin's award view calls it): an enrolled learner,
a reason on record; certificate_issue refuses a hand award without one."""

import pytest
from django.core.exceptions import ValidationError

from certificates import services as certificates
from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_a_hand_award_goes_to_an_enrolled_learner_with_a_reason(
    learner, other_learner, course, enrolled, instructor
):
    with pytest.raises(ValidationError) as refused:
        certificates.certificate_award(
            course=course, learner=other_learner, by=instructor, reason=" "
        )
    assert set(refused.value.message_dict) == {"learner", "reason"}
    certificate, created = certificates.certificate_award(
        course=course, learner=learner, by=instructor, reason=" Passed the paper exam. "
    )
    assert created and not certificates.rules_met(user=learner, course=course)
    assert (certificate.awarded_by, certificate.award_reason) == (
        instructor,
        "Passed the paper exam.",
    )


def test_a_hand_award_without_a_reason_is_refused_as_it_would_look_automatic(
    learner, course, enrolled, instructor
):
    with pytest.raises(ValidationError) as refused:
        certificates.certificate_issue(user=learner, course=course, awarded_by=instructor)
    assert list(refused.value.message_dict) == ["reason"]
    assert not Certificate.objects.exists()


def test_the_award_view_finds_the_learner_among_the_enrolled(
    client, instructor, learner, course, enrolled
):
    from django.urls import reverse

    client.force_login(instructor)
    response = client.post(
        reverse("admin:certificates_certificate_award"),
        {"course": course.pk, "email": "nobody@example.com", "reason": "Paper exam."},
    )
    assert "No learner with this email is enrolled" in str(response.context["form"].errors)
    assert not Certificate.objects.exists()
