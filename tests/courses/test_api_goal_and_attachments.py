"""The API twins of the goal form and of lesson attachments."""

import pytest
from django.core.files.base import ContentFile

from competencies import api as competencies
from courses import services
from courses.models import LessonAttachment
from tests.factories import make_course, make_framework, make_role

pytestmark = pytest.mark.django_db

GOAL = "/api/v1/me/goal/"


@pytest.fixture
def role():
    return make_role(make_framework(), "export-specialist", {"A1.1": 2})


def test_goal_needs_signing_in(api, role):
    assert api.get(GOAL).status_code == 401
    assert api.put(GOAL, {"role": "export-specialist"}).status_code == 401
    assert api.delete(GOAL).status_code == 401


def test_set_read_and_clear_my_goal(api, learner, other_learner, role):
    api.force_authenticate(learner)
    assert api.get(GOAL).json() == {"role": None}
    response = api.put(GOAL, {"role": "export-specialist"})
    assert response.status_code == 200
    assert response.json() == {
        "role": {
            "slug": "export-specialist",
            "name": role.name,
            "framework": str(role.framework.uuid),
        }
    }
    assert competencies.learner_goal(learner) == role
    assert competencies.learner_goal(other_learner) is None
    assert api.delete(GOAL).status_code == 204
    assert api.get(GOAL).json() == {"role": None}
    assert api.delete(GOAL).status_code == 204  # clearing twice is harmless


def test_an_unknown_or_unpublished_role_is_a_400(api, learner, role):
    api.force_authenticate(learner)
    response = api.put(GOAL, {"role": "astronaut"})
    assert response.status_code == 400 and "role" in response.json()["errors"]
    assert api.put(GOAL, {}).json()["errors"]["role"]
    role.framework.status = "draft"
    role.framework.save(update_fields=["status"])
    assert api.put(GOAL, {"role": "export-specialist"}).status_code == 400
    assert competencies.learner_goal(learner) is None


@pytest.fixture
def attachment(lessons):
    attachment = LessonAttachment(lesson=lessons[1], title="Incoterms chart")
    attachment.file.save("chart.pdf", ContentFile(b"%PDF-1.4 chart"))
    return attachment


def attachment_url(attachment) -> str:
    return f"/api/v1/lessons/{attachment.lesson_id}/attachments/{attachment.pk}/"


def test_the_lesson_lists_attachments_with_api_links(api, learner, enrollment, attachment):
    api.force_authenticate(learner)
    body = api.get(f"/api/v1/lessons/{attachment.lesson_id}/").json()
    assert body["attachments"] == [
        {
            "id": attachment.pk,
            "title": "Incoterms chart",
            "filename": attachment.file.name.rsplit("/", 1)[-1],
            "download_url": f"http://testserver{attachment_url(attachment)}",
        }
    ]
    response = api.get(body["attachments"][0]["download_url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 chart"


def test_attachments_follow_the_lesson_rules(api, learner, course, lessons, attachment):
    assert api.get(attachment_url(attachment)).status_code == 403  # not a free preview
    api.force_authenticate(learner)
    response = api.get(attachment_url(attachment))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    enrollment = services.enrollment_create(learner=learner, course=course)
    assert api.get(attachment_url(attachment)).status_code == 200
    services.enrollment_withdraw(enrollment=enrollment)
    assert api.get(attachment_url(attachment)).status_code == 403


def test_a_free_previews_attachments_are_open_to_anyone(api, lessons):
    preview = LessonAttachment(lesson=lessons[0], title="Glossary")
    preview.file.save("glossary.txt", ContentFile(b"FOB: free on board"))
    assert api.get(attachment_url(preview)).status_code == 200


def test_an_attachment_of_another_lesson_or_a_draft_is_404(api, learner, instructor, attachment):
    api.force_authenticate(learner)
    wrong_lesson = f"/api/v1/lessons/{attachment.lesson_id + 1}/attachments/{attachment.pk}/"
    services.enrollment_create(learner=learner, course=attachment.lesson.module.course)
    assert api.get(wrong_lesson).status_code == 404
    draft = make_course("draft-course", status="draft", instructors=(instructor.email,))
    lesson = draft.modules.first().lessons.first()
    hidden = LessonAttachment(lesson=lesson, title="Draft notes")
    hidden.file.save("notes.txt", ContentFile(b"draft"))
    assert api.get(attachment_url(hidden)).status_code == 404
    api.force_authenticate(instructor)
    assert api.get(attachment_url(hidden)).status_code == 200
