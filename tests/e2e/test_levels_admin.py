"""A role's steward in the admin, in a real browser: the assessor's queue, an application with its
path, exam unit scores and experience, and a level's ladder with its rule inlines. Screenshots at
desktop width and on a phone."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from levels.models import ApplicationStatus, RoleLevel
from levels.services import awards, evidence
from tests.e2e.conftest import screenshot
from tests.levels.conftest import fresh_keys, standard, steward, take_exam  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def declare(user, role):
    return evidence.experience_declare(
        user=user,
        role=role,
        employer="Shenzhen Export Co.",
        job_title="Export assistant",
        started_on=timezone.localdate() - timedelta(days=300),
        ended_on=None,
        evidence=SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    )


@pytest.fixture
def queue(standard, steward, learner, other_learner, django_capture_on_commit_callbacks):  # noqa: F811
    """Two applications waiting for the steward: a level of attested experience and a review, and
    the intermediate level with a passed exam and attested experience."""
    advanced = RoleLevel.objects.create(
        role=standard.role, rank=3, name="Advanced", min_experience_months=6, needs_review=True
    )
    evidence.experience_review(claim=declare(learner, standard.role), by=steward, attest=True)
    awards.level_apply(user=learner, level=advanced)
    take_exam(
        other_learner, standard, django_capture_on_commit_callbacks, right={"A1.1", "A1.2", "A2.1"}
    )
    evidence.experience_review(claim=declare(other_learner, standard.role), by=steward, attest=True)
    application = awards.level_apply(user=other_learner, level=standard.intermediate)
    assert application.status == ApplicationStatus.IN_REVIEW
    return application


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_steward_works_through_the_queue(page_for, steward, queue, standard, viewport):  # noqa: F811
    page = page_for(steward, viewport=viewport)
    page.goto("/admin/levels/levelapplication/")
    assert page.locator("#result_list tbody tr").count() == 2
    screenshot(page, f"levels-admin-queue-{viewport}")

    page.goto(f"/admin/levels/levelapplication/{queue.pk}/change/")
    assert "Listing" in page.locator(".field-exam_scores").inner_text()
    assert "Shenzhen Export Co." in page.locator(".field-experience").inner_text()
    screenshot(page, f"levels-admin-application-{viewport}")
    page.locator("input[name=decision][value=no]").check()
    page.locator("input[name=_save]").click()
    assert "Say why" in page.locator(".errorlist").first.inner_text()
    page.fill("textarea[name=reason]", "Please add a second reference letter.")
    page.locator("input[name=_save]").click()
    assert "Not approved" in page.locator(".messagelist").inner_text()


def test_a_steward_sees_the_ladder_and_its_rules(page_for, steward, standard):  # noqa: F811
    page = page_for(steward)
    page.goto(f"/admin/levels/rolelevel/{standard.intermediate.pk}/change/")
    assert page.locator("#exam_units-group tbody tr.has_original").count() == 2
    assert "European Qualifications Framework" in page.content()
    screenshot(page, "levels-admin-ladder-desktop")
