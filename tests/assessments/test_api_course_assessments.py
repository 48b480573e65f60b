"""The API twins of the course's assessment pages: the course's assessments with their rules and
whether the learner can start, the attempt history, and the course grades."""

import pytest

from assessments import services
from courses import services as course_services
from tests.assessments.conftest import SECRET_EXPLANATION, make_assessment, make_question
from tests.assessments.conftest import right_answers as right
from tests.factories import make_course

pytestmark = pytest.mark.django_db

LIST = "/api/v1/courses/incoterms/assessments/"
GRADES = "/api/v1/courses/incoterms/grades/"


def attempts_url(assessment) -> str:
    return f"/api/v1/assessments/{assessment.uuid}/attempts/"


def take(learner, assessment, *, passing=True):
    attempt = services.attempt_start(learner=learner, assessment=assessment)
    answers = right(attempt) if passing else {}
    return services.attempt_submit(attempt=attempt, answers=answers)


def test_anonymous_gets_401(api, quiz):
    for url in (LIST, GRADES, attempts_url(quiz)):
        response = api.get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_the_list_gives_the_rules_and_how_to_start(api, learner, quiz, enrolled):
    quiz.max_attempts, quiz.time_limit_minutes = 3, 20
    quiz.save()
    api.force_authenticate(learner)
    [row] = api.get(LIST).json()
    assert row["uuid"] == str(quiz.uuid) and row["title"] == "Incoterms quiz"
    assert row["pass_mark"] == 70 and row["open"] is True and row["questions"] == 5
    assert (row["max_attempts"], row["attempts_used"], row["attempts_left"]) == (3, 0, 3)
    assert row["time_limit_minutes"] == 20 and row["grading_method"] == "highest"
    assert (row["can_start"], row["cannot_start_reason"], row["in_progress"]) == (True, None, None)
    assert row["grade"] is None and row["best_percent"] is None
    assert row["start_url"] == f"http://testserver{attempts_url(quiz)}"
    started = api.post(row["start_url"])
    assert started.status_code == 201
    [row] = api.get(LIST).json()
    assert row["in_progress"] == started.json()["uuid"] and row["attempts_used"] == 1
    assert row["can_start"] is True  # starting again resumes the attempt in progress


def test_the_list_never_shows_the_key(api, learner, quiz, enrolled):
    api.force_authenticate(learner)
    body = str(api.get(LIST).json())
    assert "correct" not in body and SECRET_EXPLANATION not in body


def test_a_learner_not_enrolled_sees_why_they_cannot_start(api, learner, quiz):
    api.force_authenticate(learner)
    [row] = api.get(LIST).json()
    assert (row["can_start"], row["cannot_start_reason"]) == (False, "not_enrolled")
    assert api.post(row["start_url"]).status_code == 403


def test_required_lessons_are_listed_with_what_is_done(api, learner, course, quiz, enrolled):
    first, second = course.modules.first().lessons.all()[:2]
    quiz.required_lessons.set([first, second])
    course_services.lesson_complete(learner=learner, lesson=first)
    api.force_authenticate(learner)
    [row] = api.get(LIST).json()
    assert (row["can_start"], row["cannot_start_reason"]) == (False, "lessons_required")
    assert [(lesson["id"], lesson["completed"]) for lesson in row["required_lessons"]] == [
        (first.pk, True),
        (second.pk, False),
    ]
    assert api.post(row["start_url"]).status_code == 409


def test_used_attempts_and_the_kept_grade(api, learner, quiz, enrolled):
    quiz.max_attempts = 2
    quiz.save()
    take(learner, quiz, passing=False)
    take(learner, quiz)
    api.force_authenticate(learner)
    [row] = api.get(LIST).json()
    assert (row["can_start"], row["cannot_start_reason"]) == (False, "no_attempts_left")
    assert row["attempts_left"] == 0
    assert row["grade"] == {"percent": "100.00", "passed": True, "graded_attempts": 2}
    assert row["best_percent"] == "100.00"
    assert api.post(row["start_url"]).status_code == 409


def test_an_empty_pool_and_a_closed_course_are_reasons(api, learner, instructor, course, enrolled):
    make_assessment(course, [], title="Coming soon")
    api.force_authenticate(learner)
    [row] = api.get(LIST).json()
    assert (row["can_start"], row["cannot_start_reason"]) == (False, "no_questions")
    draft = make_course("draft-course", status="draft", instructors=(instructor.email,))
    make_assessment(draft, [make_question(draft)])
    assert api.get("/api/v1/courses/draft-course/assessments/").status_code == 404
    api.force_authenticate(instructor)  # previewing the draft
    [row] = api.get("/api/v1/courses/draft-course/assessments/").json()
    assert (row["open"], row["cannot_start_reason"]) == (False, "closed")


def test_unpublished_assessments_are_not_listed(api, learner, course, quiz):
    make_assessment(course, [make_question(course)], title="Hidden", is_published=False)
    api.force_authenticate(learner)
    assert [row["title"] for row in api.get(LIST).json()] == ["Incoterms quiz"]
    assert api.get("/api/v1/courses/nope/assessments/").status_code == 404


@pytest.mark.parametrize("count", [2, 6])
def test_the_list_costs_the_same_for_few_or_many(
    api, learner, course, enrolled, django_assert_max_num_queries, count
):
    lesson = course.modules.first().lessons.first()
    for number in range(count):
        assessment = make_assessment(course, [make_question(course)], title=f"Quiz {number}")
        assessment.required_lessons.set([lesson])
    course_services.lesson_complete(learner=learner, lesson=lesson)
    for assessment in course.assessments.all()[:2]:
        take(learner, assessment)
    api.force_authenticate(learner)
    # course and enrolment, assessments, required lessons, attempts, results, completed lessons
    with django_assert_max_num_queries(7):
        assert len(api.get(LIST).json()) == count


def test_the_attempt_history_newest_first(api, learner, quiz, enrolled):
    take(learner, quiz, passing=False)
    in_progress = services.attempt_start(learner=learner, assessment=quiz)
    api.force_authenticate(learner)
    response = api.get(attempts_url(quiz))
    assert response.status_code == 200
    newest, first = response.json()
    assert (newest["uuid"], newest["number"], newest["status"]) == (
        str(in_progress.uuid),
        2,
        "in_progress",
    )
    assert newest["result_url"] is None and newest["score"] is None
    assert newest["url"] == f"http://testserver/api/v1/attempts/{in_progress.uuid}/"
    assert (first["status"], first["percent"], first["passed"]) == ("submitted", "0.00", False)
    assert api.get(first["result_url"]).status_code == 200


def test_the_history_holds_only_my_attempts(api, learner, other_learner, quiz, enrolled):
    take(learner, quiz)
    api.force_authenticate(other_learner)
    assert api.get(attempts_url(quiz)).json() == []


def test_the_history_of_a_hidden_assessment_is_404(api, learner, course, quiz):
    hidden = make_assessment(course, [make_question(course)], is_published=False)
    api.force_authenticate(learner)
    assert api.get(attempts_url(hidden)).status_code == 404
    assert api.get("/api/v1/assessments/00000000-0000-0000-0000-000000000000/attempts/").json()[
        "code"
    ] == ("not_found")


@pytest.mark.parametrize("count", [2, 6])
def test_the_history_costs_the_same_for_few_or_many(
    api, learner, quiz, enrolled, django_assert_max_num_queries, count
):
    for _number in range(count):
        take(learner, quiz, passing=False)
    api.force_authenticate(learner)
    # assessment, course and enrolment, attempts, result
    with django_assert_max_num_queries(5):
        assert len(api.get(attempts_url(quiz)).json()) == count


def test_course_grades_per_assessment(api, learner, course, quiz, enrolled):
    other = make_assessment(course, [make_question(course)], title="Final", weight=3)
    take(learner, quiz)
    api.force_authenticate(learner)
    body = api.get(GRADES).json()
    assert body["course"] == "incoterms"
    assert body["grade"] == {"percent": "25.00", "passed": False}
    graded = {row["title"]: row for row in body["assessments"]}
    assert graded["Incoterms quiz"]["grade"] == {
        "percent": "100.00",
        "passed": True,
        "graded_attempts": 1,
    }
    assert graded["Final"]["grade"] is None and graded["Final"]["weight"] == "3.00"
    assert graded["Final"]["assessment"] == str(other.uuid)


def test_course_grades_need_an_enrolment(api, learner, quiz):
    api.force_authenticate(learner)
    response = api.get(GRADES)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert api.get("/api/v1/courses/nope/grades/").status_code == 404


def test_course_grades_stay_after_leaving(api, learner, quiz, enrolled):
    take(learner, quiz)
    course_services.enrollment_withdraw(enrollment=enrolled)
    api.force_authenticate(learner)
    assert api.get(GRADES).json()["grade"]["passed"] is True


def test_another_learners_grades_are_not_mine(api, learner, other_learner, quiz, enrolled):
    take(learner, quiz)
    course_services.enrollment_create(learner=other_learner, course=quiz.course)
    api.force_authenticate(other_learner)
    body = api.get(GRADES).json()
    assert body["grade"] is None and body["assessments"][0]["grade"] is None
