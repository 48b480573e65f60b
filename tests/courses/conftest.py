import pytest

from courses import services
from tests.factories import make_course


@pytest.fixture
def course(instructor):
    """Published, two modules of two lessons; lesson 1.1 is a free preview."""
    return make_course("incoterms-basics", instructors=(instructor.email,))


@pytest.fixture
def lessons(course):
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


@pytest.fixture
def enrollment(learner, course):
    return services.enrollment_create(learner=learner, course=course)


@pytest.fixture
def draft(instructor):
    return make_course("draft-course", status="draft", instructors=(instructor.email,))
