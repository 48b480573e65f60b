"""Races that only a real database with row locks can show (run on PostgreSQL by .ci/run)."""

from courses import services
from courses.models import Enrollment, EnrollmentStatus, LessonProgress
from tests.factories import make_course
from tests.threads import POSTGRESQL_ONLY, in_threads

pytestmark = POSTGRESQL_ONLY


def test_concurrent_enrolments_make_one(learner):
    course = make_course("busy")
    results = in_threads(10, lambda: services.enrollment_create(learner=learner, course=course).pk)
    assert len(set(results)) == 1
    assert Enrollment.objects.count() == 1


def test_concurrent_completions_finish_the_course_once(learner):
    course = make_course("race", modules=1, lessons=2)
    first, last = course.modules.get().lessons.all()
    services.enrollment_create(learner=learner, course=course)
    services.lesson_complete(learner=learner, lesson=first)
    results = in_threads(8, lambda: services.lesson_complete(learner=learner, lesson=last))
    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert {r.completed_at for r in results if r.completed_at} == {enrollment.completed_at}
    assert LessonProgress.objects.count() == 2
