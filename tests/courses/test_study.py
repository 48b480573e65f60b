import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from courses import services
from courses.models import Enrollment, EnrollmentStatus, LessonAttachment
from tests.factories import make_course
from tests.text import page_text

pytestmark = pytest.mark.django_db


def lesson_url(lesson, name="courses:lesson"):
    return reverse(name, args=[lesson.module.course.slug, lesson.pk])


def test_enrolling_needs_a_login_and_a_post(client, course, learner):
    enrol = reverse("courses:enroll", args=[course.slug])
    assert client.post(enrol)["Location"].startswith(reverse("accounts:login"))
    client.force_login(learner)
    assert client.get(enrol).status_code == 405


def test_enrolling_opens_the_first_lesson_and_twice_is_harmless(client, course, learner, lessons):
    client.force_login(learner)
    enrol = reverse("courses:enroll", args=[course.slug])
    assert client.post(enrol)["Location"] == lesson_url(lessons[0])
    client.post(enrol)
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


def test_a_draft_cannot_be_enrolled_in_even_by_its_instructor(client, draft, instructor):
    client.force_login(instructor)
    response = client.post(reverse("courses:enroll", args=[draft.slug]), follow=True)
    assert b"not open for enrolment" in response.content
    assert not Enrollment.objects.exists()


def test_enforced_prerequisites_must_be_completed_first(client, learner):
    basics = make_course("basics", modules=1, lessons=1)
    make_course("advanced", prerequisites=["basics"], prerequisites_enforced=True)
    client.force_login(learner)
    response = client.post(reverse("courses:enroll", args=["advanced"]), follow=True)
    assert "Complete these courses first: Basics." in page_text(response.content)
    services.enrollment_create(learner=learner, course=basics)
    services.lesson_complete(learner=learner, lesson=basics.modules.get().lessons.get())
    client.post(reverse("courses:enroll", args=["advanced"]))
    assert Enrollment.objects.filter(user=learner, course__slug="advanced").exists()


def test_advisory_prerequisites_do_not_block(client, learner):
    make_course("basics")
    make_course("advanced", prerequisites=["basics"])
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=["advanced"]))
    assert Enrollment.objects.filter(user=learner, course__slug="advanced").exists()


def test_a_lesson_body_is_for_enrolled_learners_or_free_previews(client, learner, course, lessons):
    client.force_login(learner)
    locked = client.get(lesson_url(lessons[1])).content.decode()
    assert "Body of lesson 1.2" not in locked
    assert "Enrol in this course to read this lesson" in locked
    assert "Body of lesson 1.1" in client.get(lesson_url(lessons[0])).content.decode()
    services.enrollment_create(learner=learner, course=course)
    assert "Body of lesson 1.2" in client.get(lesson_url(lessons[1])).content.decode()


def test_a_lesson_of_another_course_is_not_found_under_this_one(client, course, learner):
    other = make_course("other")
    other_lesson = other.modules.first().lessons.first()
    url = reverse("courses:lesson", args=[course.slug, other_lesson.pk])
    assert client.get(url).status_code == 404


def test_completing_confirms_on_the_lesson_and_offers_the_next_one(
    client, learner, enrollment, lessons
):
    client.force_login(learner)
    complete = lesson_url(lessons[0], "courses:lesson_complete")
    response = client.post(complete)
    # Back where the learner clicked, so they see it worked before moving on.
    assert response["Location"] == lesson_url(lessons[0]) + "#next-step"
    content = client.get(response["Location"]).content.decode()
    assert "Lesson completed." in content
    assert "You completed this lesson." in content
    assert "Mark as complete" not in content
    next_button = content.split('class="button next-lesson"', 1)[1].split("</a>", 1)[0]
    assert f'href="{lesson_url(lessons[1])}"' in next_button
    assert "Next:" in next_button and "Lesson 1.2" in next_button
    # The pager does not offer the same lesson a second time.
    assert content.count(f'href="{lesson_url(lessons[1])}"') == 2  # the button and the outline
    client.post(complete)
    assert enrollment.progress.count() == 1


def test_completing_the_last_lesson_completes_the_course_and_offers_its_end(
    client, learner, enrollment, lessons
):
    client.force_login(learner)
    for lesson in lessons:
        response = client.post(lesson_url(lesson, "courses:lesson_complete"))
    assert response["Location"] == lesson_url(lessons[-1]) + "#next-step"
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert enrollment.completed_at is not None
    content = client.get(lesson_url(lessons[-1])).content.decode()
    assert "Course complete" in content
    course_page = reverse("courses:detail", args=[enrollment.course.slug])
    assert f'href="{course_page}">Go to the course page' in content
    assert "next-lesson" not in content


def test_a_complete_course_offers_its_assessments(client, learner, enrollment, lessons):
    from tests.assessments.conftest import make_assessment, make_question

    course = enrollment.course
    quiz = make_assessment(course, [make_question(course)], title="Final quiz")
    hidden = make_assessment(course, [make_question(course)], title="Draft quiz")
    hidden.is_published = False
    hidden.save()
    for lesson in lessons:
        services.lesson_complete(learner=learner, lesson=lesson)
    client.force_login(learner)
    content = client.get(lesson_url(lessons[-1])).content.decode()
    section = content.split('id="course-complete-heading"', 1)[1]
    assert reverse("assessments:detail", args=[course.slug, quiz.uuid]) in section
    assert "Final quiz" in section and "Draft quiz" not in section


def test_the_last_lesson_done_early_sends_the_learner_back_to_what_is_left(
    client, learner, enrollment, lessons
):
    services.lesson_complete(learner=learner, lesson=lessons[0])
    client.force_login(learner)
    client.post(lesson_url(lessons[-1], "courses:lesson_complete"))
    content = client.get(lesson_url(lessons[-1])).content.decode()
    assert "Course complete" not in content
    button = content.split('class="button next-lesson"', 1)[1].split("</a>", 1)[0]
    assert f'href="{lesson_url(lessons[1])}"' in button and "Continue:" in button


def test_a_lesson_shows_its_place_in_the_course_and_the_outline(
    client, learner, enrollment, lessons
):
    services.lesson_complete(learner=learner, lesson=lessons[2])
    client.force_login(learner)
    content = client.get(lesson_url(lessons[3])).content.decode()
    assert "Lesson 4 of 4" in content
    outline = content.split('id="lesson-outline"', 1)[1].split("</details>\n  <script", 1)[0]
    assert "1 of 4 done" in outline
    # The module being read is unfolded with its lessons, numbered across the course.
    for title in ["Module 2", "Lesson 2.1", "Lesson 2.2"]:
        assert title in outline
    assert '<details class="outline-module" open>' in outline.split("Module 2", 1)[0][-200:]
    assert '<ol start="3">' in outline
    # Only the lesson being read is the current page; only the completed one is marked.
    assert outline.count('aria-current="page"') == 1
    current = outline.split('aria-current="page"', 1)[0].rsplit("<a ", 1)[1]
    assert f'href="{lesson_url(lessons[3])}"' in current
    assert outline.count('class="outline-lesson done') == 1
    done = outline.split('class="outline-lesson done', 1)[1].split("</li>", 1)[0]
    assert "Lesson 2.1" in done and "completed" in done
    # Another module is one line leading to its first lesson, with the learner's progress.
    other = outline.split('class="outline-module outline-module-link"', 1)[1].split("</p>", 1)[0]
    assert f'href="{lesson_url(lessons[0])}"' in other
    assert "Module 1" in other and "0 of 2 done" in other
    assert "Lesson 1.1" not in outline and "Lesson 1.2" not in outline


def test_the_lesson_outline_lists_the_lessons_of_one_module_only(client, learner):
    course = make_course("wide", modules=6, lessons=20)
    services.enrollment_create(learner=learner, course=course)
    first = course.modules.order_by("order").first().lessons.order_by("order").first()
    client.force_login(learner)
    content = client.get(lesson_url(first)).content.decode()
    outline = content.split('id="lesson-outline"', 1)[1].split("</nav>", 1)[0]
    assert outline.count('class="outline-lesson') == 20
    assert outline.count('class="outline-module outline-module-link"') == 5


def test_a_visitor_sees_the_outline_without_progress(client, course, lessons):
    content = client.get(lesson_url(lessons[0])).content.decode()
    assert "Lesson 1 of 4" in content and "4 lessons" in content
    assert "done" not in content.split('id="lesson-outline"', 1)[1].split("</nav>", 1)[0]
    assert "Mark as complete" not in content


def test_progress_needs_an_enrolment(client, other_learner, course, lessons):
    client.force_login(other_learner)
    response = client.post(lesson_url(lessons[0], "courses:lesson_complete"), follow=True)
    assert b"Enrol in this course to record your progress." in response.content
    assert not Enrollment.objects.exists()


def test_withdrawing_keeps_progress_and_re_enrolling_restores_it(
    client, learner, enrollment, lessons
):
    services.lesson_complete(learner=learner, lesson=lessons[0])
    client.force_login(learner)
    client.post(reverse("courses:withdraw", args=[enrollment.course.slug]))
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.WITHDRAWN
    assert "Body of lesson 1.2" not in client.get(lesson_url(lessons[1])).content.decode()
    client.post(reverse("courses:enroll", args=[enrollment.course.slug]))
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE and enrollment.progress.count() == 1


def test_attachments_download_only_for_those_who_may_read_the_lesson(
    client, learner, other_learner, course, lessons
):
    attachment = LessonAttachment(lesson=lessons[1], title="Incoterms chart")
    attachment.file.save("chart.pdf", ContentFile(b"%PDF-1.4 chart"))
    url = reverse("courses:attachment", args=[course.slug, lessons[1].pk, attachment.pk])
    client.force_login(other_learner)
    assert client.get(url).status_code == 404
    services.enrollment_create(learner=learner, course=course)
    client.force_login(learner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 chart"


XSS = """
<script>alert('x')</script>
<img src=x onerror="alert(1)">
[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="javascript:alert(2)">link</a> <iframe src="https://evil.test"></iframe>
<p style="position:fixed" onclick="steal()">text</p>
"""


def test_markdown_is_sanitized_on_lesson_pages(client, learner, instructor):
    course = make_course("xss", modules=1, lessons=1)
    lesson = course.modules.get().lessons.get()
    lesson.body = XSS
    lesson.save()
    client.force_login(learner)
    services.enrollment_create(learner=learner, course=course)
    body = client.get(lesson_url(lesson)).content.decode().split('<div class="prose">', 1)[1]
    body = body.split("</div>", 1)[0]
    for dangerous in [
        "<script",
        "onerror",
        "javascript:",
        "data:text",
        "<iframe",
        "onclick",
        "style=",
    ]:
        assert dangerous not in body
    assert "text" in body and "click" in body


@pytest.mark.parametrize(("modules", "lessons"), [(2, 5), (10, 30)])  # 10 and 300 lessons
def test_lesson_page_queries_do_not_grow_with_the_course(
    client, learner, django_assert_max_num_queries, modules, lessons
):
    course = make_course("big", modules=modules, lessons=lessons)
    services.enrollment_create(learner=learner, course=course)
    all_lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    middle = all_lessons[len(all_lessons) // 2]
    client.force_login(learner)
    # session, user, course, enrolment, lesson, modules, lessons, progress, attachments
    with django_assert_max_num_queries(9):
        assert b"Mark as complete" in client.get(lesson_url(middle)).content
    services.lesson_complete(learner=learner, lesson=middle)
    with django_assert_max_num_queries(9):  # the same, offering the next lesson
        assert b"next-lesson" in client.get(lesson_url(middle)).content
    for lesson in all_lessons:
        services.lesson_complete(learner=learner, lesson=lesson)
    # ... and the course's assessments, once the course is complete
    with django_assert_max_num_queries(10):
        assert b"Course complete" in client.get(lesson_url(all_lessons[-1])).content


def test_a_lesson_moved_to_another_course_does_not_count_towards_this_one(learner):
    course = make_course("three", modules=1, lessons=3)
    other = make_course("elsewhere", modules=1, lessons=1)
    first, second, third = course.modules.get().lessons.all()
    enrollment = services.enrollment_create(learner=learner, course=course)
    services.lesson_complete(learner=learner, lesson=first)
    services.lesson_complete(learner=learner, lesson=second)
    second.module = other.modules.get()  # an instructor moves it
    second.save()
    # One of the two remaining lessons is done; moving the other in must not complete the course.
    services.lesson_complete(learner=learner, lesson=first)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE
    services.lesson_complete(learner=learner, lesson=third)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
