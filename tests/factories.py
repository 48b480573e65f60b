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


LEVELS = [("Not yet", False), ("Foundation", False), ("Proficient", True), ("Advanced", False)]


def make_framework(
    title: str = "Talent Standard", *, areas: int = 2, per_area: int = 2, status: str = "published"
):
    """A framework with a four-level scale and areas A1, A2… holding A1.1, A1.2…"""
    from competencies import services
    from competencies.models import Competency, CompetencyFramework, ProficiencyLevel

    framework = CompetencyFramework.objects.create(
        title=title, publisher="Academy", version="1.0", status=status
    )
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(framework=framework, rank=rank, name=name, is_proficient=proficient)
        for rank, (name, proficient) in enumerate(LEVELS)
    )
    for a in range(1, areas + 1):
        area = Competency.objects.create(
            framework=framework, code=f"A{a}", title=f"Area {a}", order=a
        )
        Competency.objects.bulk_create(
            Competency(
                framework=framework,
                parent=area,
                code=f"A{a}.{c}",
                title=f"Competency {a}.{c}",
                description=f"Can do {a}.{c}.",
                order=c,
            )
            for c in range(1, per_area + 1)
        )
    services.framework_tree_rebuild(framework=framework)
    return framework


def level(framework, rank: int):
    return framework.levels.get(rank=rank)


def competency(framework, code: str):
    return framework.competencies.get(code=code)


def teach(course, framework, code: str, rank: int):
    from courses.models import CourseCompetency
    from courses.services import course_target_save

    return course_target_save(
        target=CourseCompetency(
            course=course, competency=competency(framework, code), level=level(framework, rank)
        )
    )


def make_role(framework, slug: str, requirements: dict[str, int]):
    from competencies.models import RoleRequirement, TargetRole
    from competencies.services import role_requirement_save

    role = TargetRole.objects.create(
        framework=framework, slug=slug, name=slug.replace("-", " ").title()
    )
    for code, rank in requirements.items():
        role_requirement_save(
            requirement=RoleRequirement(
                role=role, competency=competency(framework, code), level=level(framework, rank)
            )
        )
    return role
