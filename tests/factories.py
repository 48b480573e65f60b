"""Test data, made through the same services the site uses."""

import factory

from accounts import services
from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.Factory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    full_name = factory.Faker("name")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, **fields):
        return services.user_create_confirmed(**fields)


class InstructorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"instructor{n}@example.com")

    @classmethod
    def _create(cls, model_class, **fields):
        user = super()._create(model_class, **fields)
        services.instructor_grant(user=user)
        return user


def course_document(
    slug: str,
    *,
    title: str | None = None,
    modules: int = 2,
    lessons: int = 2,
    status: str = "published",
    language: str = "en",
    level: str = "foundation",
    instructors: tuple[str, ...] = (),
    **fields,
) -> dict:
    """A course as the JSON document format, for `course_import` (the same path the admin uses)."""
    return {
        "format": "crossborder-academy.course",
        "version": 1,
        "slug": slug,
        "title": title or slug.replace("-", " ").title(),
        "subtitle": f"Subtitle of {slug}",
        "description": f"About **{slug}**.",
        "language": language,
        "level": level,
        "effort_hours": 3,
        "status": status,
        "instructors": list(instructors),
        "modules": [
            {
                "title": f"Module {m}",
                "lessons": [
                    {
                        "title": f"Lesson {m}.{n}",
                        "body": f"Body of lesson {m}.{n} in {slug}.",
                        "minutes": 10,
                        "free_preview": m == n == 1,
                    }
                    for n in range(1, lessons + 1)
                ],
            }
            for m in range(1, modules + 1)
        ],
        **fields,
    }


def make_course(slug: str, **kwargs):
    from courses.transfer import course_import

    return course_import(course_document(slug, **kwargs))
