"""After an attempt: a way forward (Try again, with the attempts left) and what to review (the
competencies and the lessons that teach them), never telling more than the feedback policy."""

import pytest
from django.urls import reverse

from assessments import selectors, services
from assessments.models import Assessment, Attempt, AttemptStatus, FeedbackPolicy, QuestionKind
from assessments.selectors import AssessmentStatus, NextAttempt
from courses import api as courses_api
from courses import services as course_services
from courses.models import Course, CourseStatus, Lesson
from tests.assessments.conftest import (
    KEY_TEXTS,
    SECRET_EXPLANATION,
    make_assessment,
    make_question,
    right_answers,
)
from tests.factories import competency, level, make_course, make_framework
from tests.text import page_text

pytestmark = pytest.mark.django_db


def lessons_of(course) -> list[Lesson]:
    return list(Lesson.objects.filter(module__course=course).order_by("module__order", "order"))


def on(skill) -> dict:
    """A question's competency and level (both or neither)."""
    return {"competency": skill, "level": level(skill.framework, 1)}


def teaches(lesson, competency_) -> Lesson:
    lesson.competency = competency_  # as an instructor does in the admin
    lesson.save(update_fields=["competency"])
    return lesson


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def two_competency_quiz(course, framework):
    """Q1 on A1.1, Q2 on A1.2; one point each; pass mark 70%; two attempts."""
    questions = [
        make_question(course, QuestionKind.SINGLE, title="q1", **on(competency(framework, "A1.1"))),
        make_question(
            course, QuestionKind.TRUE_FALSE, title="q2", **on(competency(framework, "A1.2"))
        ),
    ]
    return make_assessment(course, questions, title="Incoterms quiz", max_attempts=2)


def submit_half_right(learner, assessment) -> Attempt:
    """Right on the A1.1 question, wrong on the A1.2 one: 50%, not passed."""
    attempt = services.attempt_start(learner=learner, assessment=assessment)
    answers = right_answers(attempt)
    for item in attempt.items.select_related("question_version__question"):
        if item.question_version.competency.code == "A1.2":
            wrong = next(
                t["token"] for t in item.choice_tokens if t["key"] not in {"a", "t"}
            )  # the keys marked correct in KEY_TEXTS are "a" and "t"
            answers[item.position] = wrong
    return services.attempt_submit(attempt=attempt, answers=answers)


# What next: the rules, without HTTP ----------------------------------------------------------


def status_of(*, max_attempts=2, statuses=(), published=True, course_published=True):
    course = Course(status=CourseStatus.PUBLISHED if course_published else CourseStatus.DRAFT)
    assessment = Assessment(course=course, is_published=published, max_attempts=max_attempts)
    attempts = [Attempt(assessment=assessment, status=status) for status in statuses]
    return AssessmentStatus(assessment, attempts, None)


def test_another_attempt_is_offered_while_attempts_are_left():
    status = status_of(max_attempts=2, statuses=[AttemptStatus.SUBMITTED])
    assert status.next_attempt(can_study=True) == NextAttempt.START
    assert status.attempts_left == 1


def test_unlimited_attempts_are_always_offered():
    status = status_of(max_attempts=None, statuses=[AttemptStatus.SUBMITTED] * 9)
    assert status.next_attempt(can_study=True) == NextAttempt.START


def test_no_attempt_is_offered_once_all_are_used():
    status = status_of(max_attempts=2, statuses=[AttemptStatus.SUBMITTED] * 2)
    assert status.next_attempt(can_study=True) == NextAttempt.USED_UP


def test_an_attempt_in_progress_is_continued_not_started_again():
    status = status_of(statuses=[AttemptStatus.IN_PROGRESS])
    assert status.next_attempt(can_study=True) == NextAttempt.CONTINUE


def test_a_learner_who_left_the_course_is_sent_back_to_enrol():
    status = status_of(statuses=[AttemptStatus.SUBMITTED])
    assert status.next_attempt(can_study=False) == NextAttempt.ENROL


@pytest.mark.parametrize("published, course_published", [(False, True), (True, False)])
def test_a_closed_assessment_offers_no_attempt(published, course_published):
    status = status_of(published=published, course_published=course_published)
    assert status.next_attempt(can_study=True) == NextAttempt.CLOSED


# Try again on the result page ----------------------------------------------------------------


def test_a_failed_attempt_offers_try_again_with_the_attempts_left(
    client, learner, enrolled, two_competency_quiz
):
    attempt = submit_half_right(learner, two_competency_quiz)
    client.force_login(learner)
    page = client.get(reverse("assessments:result", args=[attempt.uuid])).content.decode()
    assert "50.00% · Not passed" in page_text(page)
    start = reverse(
        "assessments:start", args=[two_competency_quiz.course.slug, two_competency_quiz.uuid]
    )
    assert f'action="{start}"' in page and "Try again" in page
    assert "1 attempt left" in page


def test_try_again_starts_a_new_attempt(client, learner, enrolled, two_competency_quiz):
    first = submit_half_right(learner, two_competency_quiz)
    client.force_login(learner)
    response = client.post(
        reverse(
            "assessments:start", args=[two_competency_quiz.course.slug, two_competency_quiz.uuid]
        )
    )
    second = Attempt.objects.exclude(pk=first.pk).get()
    assert second.number == 2 and second.status == AttemptStatus.IN_PROGRESS
    assert response["Location"] == reverse("assessments:attempt", args=[second.uuid])


def test_no_try_again_once_every_attempt_is_used(client, learner, enrolled, two_competency_quiz):
    submit_half_right(learner, two_competency_quiz)
    last = submit_half_right(learner, two_competency_quiz)
    client.force_login(learner)
    page = client.get(reverse("assessments:result", args=[last.uuid])).content.decode()
    assert "Try again" not in page and "/start/" not in page
    assert "You have used all your attempts." in page


def test_no_try_again_after_leaving_the_course(client, learner, enrolled, two_competency_quiz):
    attempt = submit_half_right(learner, two_competency_quiz)
    course_services.enrollment_withdraw(enrollment=enrolled)
    client.force_login(learner)
    page = client.get(reverse("assessments:result", args=[attempt.uuid])).content.decode()
    assert "Try again" not in page and "/start/" not in page
    assert "You left this course; enrol again to try again." in page


def test_the_intro_says_try_again_after_a_first_attempt(
    client, learner, enrolled, two_competency_quiz
):
    submit_half_right(learner, two_competency_quiz)
    client.force_login(learner)
    page = client.get(
        reverse(
            "assessments:detail", args=[two_competency_quiz.course.slug, two_competency_quiz.uuid]
        )
    ).content.decode()
    assert "Try again" in page and "1 of 2 left" in page


# What to review ----------------------------------------------------------------------------


def test_review_lists_the_missed_competency_and_its_lessons_when_correctness_is_shown(
    client, learner, course, enrolled, framework, two_competency_quiz
):
    missed, right = competency(framework, "A1.2"), competency(framework, "A1.1")
    own = teaches(lessons_of(course)[1], missed)
    teaches(lessons_of(course)[0], right)
    attempt = submit_half_right(learner, two_competency_quiz)
    client.force_login(learner)
    page = client.get(reverse("assessments:result", args=[attempt.uuid])).content.decode()
    review = page[page.index('id="review-heading"') : page.index("Your answers")]
    assert "where you lost points" in review
    assert "Competency 1.2" in review and "Competency 1.1" not in review
    assert reverse("courses:lesson", args=[course.slug, own.pk]) in review
    assert own.title in review


@pytest.mark.parametrize("policy", [FeedbackPolicy.NEVER, FeedbackPolicy.AFTER_PASSING])
def test_review_tells_nothing_about_which_answers_were_wrong_when_the_policy_hides_it(
    client, learner, course, enrolled, framework, two_competency_quiz, policy
):
    Assessment.objects.filter(pk=two_competency_quiz.pk).update(feedback_policy=policy)
    teaches(lessons_of(course)[0], competency(framework, "A1.1"))
    teaches(lessons_of(course)[1], competency(framework, "A1.2"))
    attempt = submit_half_right(learner, two_competency_quiz)
    client.force_login(learner)
    page = client.get(reverse("assessments:result", args=[attempt.uuid])).content.decode()
    # Everything the assessment covers, right or wrong alike …
    assert "Everything this assessment covers" in page
    assert "Competency 1.1" in page and "Competency 1.2" in page
    # … and nothing of the key, of the explanations or of which answer was right.
    assert SECRET_EXPLANATION not in page
    for choice in KEY_TEXTS[QuestionKind.SINGLE] + KEY_TEXTS[QuestionKind.TRUE_FALSE]:
        assert choice["text"] not in page
    assert "feedback right" not in page and "feedback wrong" not in page
    assert "your answer" not in page.lower()


def test_the_hidden_review_is_the_same_whatever_the_answers(
    learner, other_learner, course, framework, two_competency_quiz
):
    Assessment.objects.filter(pk=two_competency_quiz.pk).update(
        feedback_policy=FeedbackPolicy.NEVER
    )
    course_services.enrollment_create(learner=learner, course=course)
    course_services.enrollment_create(learner=other_learner, course=course)
    half = submit_half_right(learner, two_competency_quiz)
    nothing = services.attempt_start(learner=other_learner, assessment=two_competency_quiz)
    nothing = services.attempt_submit(attempt=nothing, answers={})

    def codes(attempt):
        review = selectors.attempt_review(attempt, with_feedback=False)
        return [item.competency.code for item in review.items]

    assert codes(half) == codes(nothing) == ["A1.1", "A1.2"]


def test_review_lessons_put_this_course_first_and_leave_out_its_language_versions(
    course, framework, django_assert_num_queries
):
    skill = competency(framework, "A1.1")
    own = [teaches(lesson, skill) for lesson in lessons_of(course)[:2]]
    other = make_course("aaa-customs")  # sorts before the course by title
    elsewhere = teaches(lessons_of(other)[0], skill)
    spanish = make_course("incoterms-es", language="es")
    Course.objects.filter(pk=spanish.pk).update(language_version_of=course)
    teaches(lessons_of(spanish)[0], skill)
    draft = make_course("draft-course", status="draft")
    teaches(lessons_of(draft)[0], skill)

    with django_assert_num_queries(1):  # lessons with modules and courses
        found = courses_api.lessons_teaching(competency_ids=[skill.pk], course=course)
    assert found[skill.pk] == [*own, elsewhere]
    capped = courses_api.lessons_teaching(
        competency_ids=[skill.pk], course=course, per_competency=1
    )
    assert capped[skill.pk] == own[:1]


@pytest.mark.parametrize("size", [2, 12])
def test_the_result_page_queries_do_not_grow_with_questions_and_lessons(
    client, learner, course, enrolled, django_assert_max_num_queries, size
):
    framework = make_framework(areas=size, per_area=1)
    skills = [competency(framework, f"A{n}.1") for n in range(1, size + 1)]
    extra = make_course("more-lessons", modules=size, lessons=2)
    for skill, lesson in zip(skills, lessons_of(extra), strict=False):
        teaches(lesson, skill)
    for skill, lesson in zip(skills, lessons_of(course), strict=False):
        teaches(lesson, skill)
    quiz = make_assessment(
        course,
        [make_question(course, title=skill.code, **on(skill)) for skill in skills],
        max_attempts=3,
    )
    attempt = services.attempt_submit(
        attempt=services.attempt_start(learner=learner, assessment=quiz), answers={}
    )
    client.force_login(learner)
    # session, user; the attempt; attempts and result (status); enrolment; items with
    # responses (view); items with competencies (review); lessons teaching them
    with django_assert_max_num_queries(9):
        page = client.get(reverse("assessments:result", args=[attempt.uuid])).content.decode()
    assert page.count('class="review-competency"') == size
