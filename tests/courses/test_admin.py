import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.bidi import isolate
from courses import services
from courses.models import Course, CourseStatus, Lesson, Module
from tests.factories import InstructorFactory, course_document, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_course(db):
    colleague = InstructorFactory(email="colleague@example.com")
    return make_course("someone-elses", instructors=(colleague.email,))


def changelist(model):
    return reverse(f"admin:courses_{model}_changelist")


def change(obj):
    return reverse(f"admin:courses_{obj._meta.model_name}_change", args=[obj.pk])


def test_an_instructor_sees_only_the_courses_they_teach(
    client, instructor, course, other_course, django_assert_max_num_queries
):
    client.force_login(instructor)
    with django_assert_max_num_queries(10):
        content = client.get(changelist("course")).content.decode()
    assert "Incoterms Basics" in content and "Someone Elses" not in content
    assert client.get(change(course)).status_code == 200
    assert client.get(change(other_course)).status_code == 302  # redirected: not found for them


@pytest.mark.parametrize("model", ["module", "lesson", "enrollment"])
def test_every_admin_list_is_scoped_to_the_instructors_courses(
    client, instructor, course, other_course, learner, other_learner, model
):
    services.enrollment_create(learner=learner, course=course)
    services.enrollment_create(learner=other_learner, course=other_course)
    client.force_login(instructor)
    response = client.get(changelist(model))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    manager = {"module": Module, "lesson": Lesson}.get(model)
    if manager is None:
        expected = set(course.enrollments.values_list("pk", flat=True))
    else:
        expected = set(
            manager.objects.filter(
                **{"course" if model == "module" else "module__course": course}
            ).values_list("pk", flat=True)
        )
    assert shown == expected


def test_an_instructor_cannot_change_another_courses_lesson_or_move_a_module_there(
    client, instructor, course, other_course
):
    client.force_login(instructor)
    foreign_lesson = Lesson.objects.filter(module__course=other_course).first()
    assert client.get(change(foreign_lesson)).status_code == 302
    data = {
        "module": foreign_lesson.module_id,
        "order": 1,
        "title": "hijacked",
        "minutes": 10,
        "video_url": "",
        "body": "x",
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
    }
    assert client.post(change(foreign_lesson), data).status_code == 302
    foreign_lesson.refresh_from_db()
    assert foreign_lesson.title != "hijacked"
    module = course.modules.first()
    form = client.get(change(module)).context["adminform"].form
    assert set(form.fields["course"].queryset) == {course}


def test_the_course_autocomplete_offers_own_and_published_courses(
    client, instructor, course, other_course, draft
):
    hidden = make_course("hidden-draft", status="draft", instructors=("colleague@example.com",))
    client.force_login(instructor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "courses", "model_name": "course", "field_name": "prerequisites", "term": ""},
    )
    slugs = {Course.objects.get(pk=row["id"]).slug for row in response.json()["results"]}
    assert slugs == {course.slug, other_course.slug, draft.slug}
    assert hidden.slug not in slugs


def test_a_learner_cannot_open_the_course_admin(client, learner):
    client.force_login(learner)
    assert client.get(changelist("course"))["Location"].startswith(reverse("admin:login"))


def test_a_new_course_is_taught_by_the_instructor_who_adds_it(client, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("admin:courses_course_add"),
        {
            "title": "Customs 101",
            "slug": "customs-101",
            "subtitle": "",
            "description": "",
            "language": "en",
            "level": "foundation",
            "effort_hours": 2,
            "pass_mark": 70,
            "competency_targets-TOTAL_FORMS": 0,
            "competency_targets-INITIAL_FORMS": 0,
            "modules-TOTAL_FORMS": 2,
            "modules-INITIAL_FORMS": 0,
            "modules-0-title": "Second",
            "modules-0-order": 20,
            "modules-1-title": "First",
            "modules-1-order": 5,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    course = Course.objects.get(slug="customs-101")
    assert list(course.instructors.all()) == [instructor]
    assert course.status == CourseStatus.DRAFT
    # Orders are renumbered cleanly, keeping the chosen sequence.
    assert list(course.modules.values_list("title", "order")) == [("First", 1), ("Second", 2)]


def test_publish_refuses_an_empty_course(client, instructor):
    empty = make_course(
        "empty", modules=1, lessons=0, status="draft", instructors=(instructor.email,)
    )
    client.force_login(instructor)
    response = client.post(
        changelist("course"), {"action": "publish", "_selected_action": [empty.pk]}, follow=True
    )
    assert "has no lessons yet" in response.content.decode()
    empty.refresh_from_db()
    assert empty.status == CourseStatus.DRAFT


def test_publish_unpublish_and_archive(client, instructor, draft):
    client.force_login(instructor)
    for action, status in [
        ("publish", "published"),
        ("unpublish", "draft"),
        ("archive", "archived"),
    ]:
        client.post(changelist("course"), {"action": action, "_selected_action": [draft.pk]})
        draft.refresh_from_db()
        assert draft.status == status
    assert draft.published_at is not None


def test_duplicate_makes_a_draft_language_version(client, instructor, course):
    client.force_login(instructor)
    client.post(changelist("course"), {"action": "duplicate", "_selected_action": [course.pk]})
    copy = Course.objects.get(slug="incoterms-basics-copy")
    assert copy.status == CourseStatus.DRAFT and copy.language_version_of == course
    assert Lesson.objects.filter(module__course=copy).count() == 4
    assert list(copy.instructors.all()) == [instructor]


def test_export_action_downloads_the_course_document(client, instructor, course):
    client.force_login(instructor)
    response = client.post(
        changelist("course"), {"action": "export_json", "_selected_action": [course.pk]}
    )
    assert response["Content-Disposition"] == 'attachment; filename="incoterms-basics.json"'
    document = json.loads(response.content)
    assert document["slug"] == "incoterms-basics" and len(document["modules"]) == 2


def test_import_reports_every_problem_and_saves_nothing(client, instructor):
    client.force_login(instructor)
    document = course_document("bad-course", instructors=("nobody@example.com",))
    document["level"] = "expert"
    document["modules"][1]["lessons"][0]["minutes"] = "ten"
    document["modules"][0]["lessons"][1]["video_url"] = "https://evil.test/video"
    upload = SimpleUploadedFile("bad.json", json.dumps(document).encode())
    response = client.post(reverse("admin:courses_course_import"), {"document": upload})
    assert response.status_code == 400
    errors = response.context["errors"]
    assert any(e.startswith("level:") for e in errors)
    assert any(e.startswith("modules[1].lessons[0].minutes:") for e in errors)
    assert any(e.startswith("modules[0].lessons[1].video_url:") for e in errors)
    assert any("nobody@example.com" in e for e in errors)
    assert not Course.objects.exists()


def test_import_of_a_valid_document_creates_the_course(client, instructor):
    client.force_login(instructor)
    upload = SimpleUploadedFile(
        "ok.json", json.dumps(course_document("imported", status="draft")).encode()
    )
    response = client.post(reverse("admin:courses_course_import"), {"document": upload})
    course = Course.objects.get(slug="imported")
    assert response["Location"] == change(course)
    assert list(course.instructors.all()) == [instructor]


def test_import_of_a_published_course_without_lessons_is_refused(client, instructor):
    client.force_login(instructor)
    document = course_document("empty", title="Empty", modules=1, lessons=0)
    upload = SimpleUploadedFile("empty.json", json.dumps(document).encode())
    response = client.post(reverse("admin:courses_course_import"), {"document": upload})
    assert response.status_code == 400
    assert response.context["errors"] == [
        f"status: “{isolate('Empty')}” has no lessons yet; add at least one before publishing."
    ]
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff\xfe not json", "not UTF-8"),
        (b"{nope", "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),  # too deep for the parser
        (b"1" * 5_000, "not valid JSON"),  # a number longer than Python reads
        (b'{"title": "a\\u0000"}', "NUL characters"),
    ],
)
def test_import_of_a_file_that_is_not_json(client, instructor, body, message):
    client.force_login(instructor)
    upload = SimpleUploadedFile("x.json", body)
    response = client.post(reverse("admin:courses_course_import"), {"document": upload})
    assert response.status_code == 400
    shown = [*response.context["errors"], *response.context["form"].errors.get("document", [])]
    assert message in shown[0]
    assert not Course.objects.exists()


def test_the_lesson_preview_is_sanitized(client, instructor, course):
    lesson = Lesson.objects.filter(module__course=course).first()
    lesson.body = (
        "**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
        " [d](data:text/html;base64,PHNjcmlwdD4=)"
    )
    lesson.save()
    client.force_login(instructor)
    content = client.get(change(lesson)).content.decode()
    preview = content.split('class="lesson-preview">', 1)[1].split("</div>", 1)[0]
    assert "<strong>bold</strong>" in preview
    for dangerous in ("<script", "javascript:", "onerror", "data:text"):
        assert dangerous not in preview


def test_a_superuser_sees_every_course(client, superuser, course, other_course):
    client.force_login(superuser)
    content = client.get(changelist("course")).content.decode()
    assert "Incoterms Basics" in content and "Someone Elses" in content


def test_a_course_with_learners_cannot_be_deleted(client, superuser, course, learner):
    services.enrollment_create(learner=learner, course=course)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:courses_course_delete", args=[course.pk]), {"post": "yes"}
    )
    assert response.status_code == 200  # the "cannot delete: protected" page
    assert Course.objects.filter(pk=course.pk).exists()


def test_instructors_have_no_delete_permission_on_courses(instructor):
    assert not instructor.has_perm("courses.delete_course")
    assert instructor.has_perm("courses.change_course") and instructor.has_perm(
        "courses.delete_lesson"
    )


def test_prerequisite_and_original_choices_hide_other_instructors_drafts(
    client, instructor, course, other_course
):
    secret = make_course("secret-draft", status="draft", instructors=("colleague@example.com",))
    client.force_login(instructor)
    form = client.get(change(course)).context["adminform"].form
    for field in ("prerequisites", "language_version_of"):
        offered = set(form.fields[field].queryset)
        assert secret not in offered and other_course in offered
    # Posting the hidden id anyway is refused.
    data = course_form_data(course, prerequisites=[secret.pk])
    assert client.post(change(course), data).status_code == 200
    assert not course.prerequisites.exists()


def course_form_data(course, **overrides):
    return {
        "title": course.title,
        "slug": course.slug,
        "subtitle": course.subtitle,
        "description": course.description,
        "language": course.language,
        "level": course.level,
        "effort_hours": course.effort_hours,
        "pass_mark": course.pass_mark,
        "instructors": list(course.instructors.values_list("pk", flat=True)),
        "competency_targets-TOTAL_FORMS": 0,
        "competency_targets-INITIAL_FORMS": 0,
        "modules-TOTAL_FORMS": 0,
        "modules-INITIAL_FORMS": 0,
        **overrides,
    }


def test_a_version_points_at_the_original_never_at_another_version(client, instructor, course):
    spanish = make_course(
        "incoterms-es",
        language="es",
        language_version_of=course.slug,
        instructors=(instructor.email,),
    )
    french = make_course("incoterms-fr", language="fr", instructors=(instructor.email,))
    client.force_login(instructor)
    client.post(change(french), course_form_data(french, language_version_of=spanish.pk))
    french.refresh_from_db()
    assert french.language_version_of == course
    standalone = make_course("standalone", instructors=(instructor.email,))
    response = client.post(
        change(course), course_form_data(course, language_version_of=standalone.pk)
    )
    assert "the original of other versions" in str(response.context["adminform"].form.errors)


def test_list_filters_offer_only_the_instructors_courses(
    client, instructor, course, other_course, learner
):
    services.enrollment_create(learner=learner, course=course)
    client.force_login(instructor)
    for model in ("module", "lesson", "enrollment"):
        content = client.get(changelist(model)).content.decode()
        assert "Incoterms Basics" in content
        assert "Someone Elses" not in content, model


def test_a_new_lesson_row_left_at_order_zero_goes_last(client, instructor, course):
    module = course.modules.first()
    lessons = list(module.lessons.all())
    client.force_login(instructor)
    data = {
        "course": course.pk,
        "title": module.title,
        "order": module.order,
        "lessons-TOTAL_FORMS": 3,
        "lessons-INITIAL_FORMS": 2,
    }
    for index, lesson in enumerate(lessons):
        data.update(
            {
                f"lessons-{index}-id": lesson.pk,
                f"lessons-{index}-module": module.pk,
                f"lessons-{index}-title": lesson.title,
                f"lessons-{index}-order": lesson.order,
                f"lessons-{index}-minutes": 10,
                f"lessons-{index}-body": lesson.body,
            }
        )
    data.update(
        {
            "lessons-2-module": module.pk,
            "lessons-2-title": "New at the end",
            "lessons-2-order": 0,
            "lessons-2-minutes": 5,
            "lessons-2-body": "new",
        }
    )
    assert client.post(change(module), data).status_code == 302
    assert list(module.lessons.values_list("title", "order")) == [
        ("Lesson 1.1", 1),
        ("Lesson 1.2", 2),
        ("New at the end", 3),
    ]


def test_module_autocomplete_offers_only_own_courses(client, instructor, course, other_course):
    client.force_login(instructor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "courses", "model_name": "module", "field_name": "course", "term": ""},
    )
    assert [row["id"] for row in response.json()["results"]] == [str(course.pk)]


def test_actions_ignore_other_instructors_courses(client, instructor, other_course):
    client.force_login(instructor)
    client.post(changelist("course"), {"action": "archive", "_selected_action": [other_course.pk]})
    other_course.refresh_from_db()
    assert other_course.status == CourseStatus.PUBLISHED


def test_import_may_not_link_to_other_instructors_drafts(client, instructor, other_course):
    make_course("secret-draft", status="draft", instructors=("colleague@example.com",))
    client.force_login(instructor)
    document = course_document("mine", prerequisites=["secret-draft", other_course.slug])
    upload = SimpleUploadedFile("c.json", json.dumps(document).encode())
    response = client.post(reverse("admin:courses_course_import"), {"document": upload})
    assert response.context["errors"] == [
        "prerequisites: No course you can link to has the slug: secret-draft."
    ]


def test_a_learner_cannot_reach_the_import_page(client, learner):
    client.force_login(learner)
    response = client.get(reverse("admin:courses_course_import"))
    assert response["Location"].startswith(reverse("admin:login"))
