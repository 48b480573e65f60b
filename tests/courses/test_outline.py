"""Where a lesson sits in its course and what to offer once it is done: plain rules, no HTTP."""

import pytest

from courses import selectors, services
from courses.models import Lesson
from courses.selectors import NextStep, Outline
from tests.factories import make_course


def outline(count: int, done: set[int]) -> Outline:
    return Outline(
        modules=[],
        lessons=[Lesson(pk=n, title=f"L{n}") for n in range(1, count + 1)],
        completed=done,
    )


def lesson(pk: int) -> Lesson:
    return Lesson(pk=pk)


def test_position_counts_from_one_in_study_order():
    assert [outline(9, set()).position(lesson(n)) for n in (1, 3, 9)] == [1, 3, 9]


def test_after_a_lesson_the_next_one_is_offered_while_it_is_still_to_do():
    step = outline(3, {1}).next_step(lesson(1))
    assert step.kind == NextStep.LESSON and step.lesson.pk == 2


def test_after_the_last_open_lesson_the_course_is_complete_wherever_it_sits():
    assert outline(3, {1, 2, 3}).next_step(lesson(3)).kind == NextStep.COURSE_COMPLETE
    assert outline(3, {1, 2, 3}).next_step(lesson(1)).kind == NextStep.COURSE_COMPLETE


def test_a_learner_who_skipped_ahead_is_sent_back_to_the_first_lesson_still_to_do():
    step = outline(4, {3, 4}).next_step(lesson(4))
    assert step.kind == NextStep.RESUME and step.lesson.pk == 1
    step = outline(4, {1, 2, 3}).next_step(lesson(2))  # the next one is done, the last is not
    assert step.kind == NextStep.RESUME and step.lesson.pk == 4


def test_an_empty_course_is_never_complete():
    assert not outline(0, set()).is_complete


@pytest.mark.django_db
@pytest.mark.parametrize("lessons", [3, 60])
def test_the_outline_words_each_duration_once_whatever_the_number_of_lessons(
    monkeypatch, learner, lessons
):
    course = make_course("long", modules=3, lessons=lessons)  # every lesson 10 minutes
    enrollment = services.enrollment_create(learner=learner, course=course)
    worded = []
    monkeypatch.setattr(
        selectors, "ngettext", lambda *args: worded.append(args) or "%(minutes)s min"
    )
    sections = selectors.course_outline(course=course, enrollment=enrollment).sections
    labels = [item.minutes_label for section in sections for item in section.items]
    assert labels == ["10 min"] * 3 * lessons
    assert len(worded) == 1
