import pytest

from courses import services
from tests.factories import make_course, make_framework, make_role, teach


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


# A course family: the original, its Spanish version, and a course that requires the family.


@pytest.fixture
def foundations():
    return make_course("foundations", modules=1, lessons=3)


@pytest.fixture
def spanish(foundations):
    return make_course(
        "fundamentos",
        title="Fundamentos",
        language="es",
        language_version_of="foundations",
        modules=1,
        lessons=3,
    )


@pytest.fixture
def logistics(foundations):
    return make_course("logistics", prerequisites=["foundations"], prerequisites_enforced=True)


def complete(learner, course):
    """Enrol and complete every lesson."""
    services.enrollment_create(learner=learner, course=course)
    for module in course.modules.all():
        for lesson in module.lessons.all():
            services.lesson_complete(learner=learner, lesson=lesson)


@pytest.fixture
def shared_cache(settings):
    """As with Redis (REDIS_URL): the page cache and kept fragments are on."""
    settings.SHARED_CACHE = True


@pytest.fixture
def framework(course):
    """A published standard: the course teaches A1.1 at level 2, a role requires it."""
    framework = make_framework()
    teach(course, framework, "A1.1", 2)
    make_role(framework, "export-specialist", {"A1.1": 2})
    return framework
