"""A learner follows a role's path to a level credential in a real browser: certificates earned
in two language versions meet the course rules, the level exam is taken in the browser, the
application awards the level at once, the public verify page shows it, and the signed credential
verifies against the issuer's published JWK Set."""

import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet
from playwright.sync_api import expect

from courses import services as course_services
from levels.models import ExamUnit, LevelCourse, LevelCredential
from tests.e2e.conftest import screenshot
from tests.factories import competency, make_course, teach
from tests.levels.conftest import fresh_keys, pass_course, standard, steward  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def journey(learner, instructor, standard, django_capture_on_commit_callbacks):  # noqa: F811
    """Foundation asks for the export course (the learner passed its Spanish version), a customs
    course (passed in English) and the level exam (units A1 and A2)."""
    customs = make_course("customs-basics", title="Customs basics", instructors=(instructor.email,))
    teach(customs, standard.framework, "A1.1", 2)
    LevelCourse.objects.create(level=standard.foundation, course=customs)
    foundation = standard.foundation
    foundation.exam = standard.exam
    foundation.save()
    for code, weight in (("A1", 60), ("A2", 40)):
        ExamUnit.objects.create(
            level=foundation,
            name=f"Unit {code}",
            competency=competency(standard.framework, code),
            weight=weight,
            min_percent=50,
        )
    pass_course(learner, standard.spanish, django_capture_on_commit_callbacks, standard.framework)
    pass_course(learner, customs, django_capture_on_commit_callbacks, standard.framework)
    course_services.enrollment_create(learner=learner, course=standard.exam_course)
    return standard


def test_a_learner_follows_the_path_to_a_verifiable_level_credential(page_for, learner, journey):
    page = page_for(learner, language="en")
    page.goto(f"/roles/{journey.role.slug}/")
    level = page.locator("#level-1")
    # Both certificates count, the Spanish one for the English course's rule; the exam is next.
    expect(level.locator(".level-rule", has_text="Export Basics").locator(".badge")).to_have_text(
        "met"
    )
    expect(level.locator(".level-rule", has_text="Customs basics").locator(".badge")).to_have_text(
        "met"
    )
    screenshot(page, "level-journey-path-en")

    level.get_by_role("link", name="Take the level exam").click()
    page.get_by_role("button", name="Start an attempt").click()
    page.wait_for_url("**/attempts/*/")
    page.wait_for_load_state("load")
    right = page.get_by_label("Incoterms split costs and risk")
    for index in range(right.count()):
        right.nth(index).check()
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("button", name="Submit now").click()
    expect(page.get_by_text("Passed")).to_be_visible()

    page.goto(f"/roles/{journey.role.slug}/")
    expect(level.locator(".exam-units")).to_contain_text("Unit A1")
    level.get_by_role("button", name="Apply for this level").click()
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text("awarded")
    expect(page.locator("#level-1")).to_contain_text("You hold this level.")
    screenshot(page, "level-journey-held-en")

    credential = LevelCredential.objects.get(user=learner)
    page.locator("#level-1").get_by_role("link", name="Your credential's verify page").click()
    expect(page.locator("body")).to_contain_text(learner.full_name)
    expect(page.locator("body")).to_contain_text("Foundation")
    screenshot(page, "level-journey-verify-en")

    token = page.request.get(f"/levels/credentials/{credential.public_id}/credential.jwt").text()
    key_set = KeySet.import_key_set(page.request.get("/.well-known/jwks.json").json())
    claims = jose_jwt.decode(token, key_set, algorithms=["RS256"]).claims
    assert claims["credentialSubject"]["achievement"]["name"] == "Export Specialist · Foundation"
    assert {item["name"] for item in claims["evidence"][:2]} == {
        "Export Basics Es",
        "Customs basics",
    }
    checked = page.request.post(
        "/credentials/verify", data=token, headers={"Content-Type": "text/plain"}
    ).json()
    assert checked["verified"] is True
