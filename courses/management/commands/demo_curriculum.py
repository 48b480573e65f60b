import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from competencies.api import (
    Competency,
    CompetencyFramework,
    FrameworkStatus,
    ProficiencyLevel,
    RoleRequirement,
    TargetRole,
    framework_set_status,
    framework_tree_rebuild,
    role_requirement_save,
)
from courses.models import Course, CourseCompetency
from courses.services import course_target_save
from courses.transfer import CourseImportError, course_import

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the demo curriculum from courses/demo/*.json (idempotent; not in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo curriculum is refused in production.")
        documents = [json.loads(path.read_text()) for path in sorted(DEMO_DIR.glob("*.json"))]
        waiting = [doc for doc in documents if not Course.objects.filter(slug=doc["slug"]).exists()]
        # A course waits until the courses it names (prerequisites, original) are loaded.
        while waiting:
            ready = [
                doc
                for doc in waiting
                if all(Course.objects.filter(slug=s).exists() for s in _needs(doc))
            ]
            if not ready:
                raise CommandError(f"Unresolvable references in: {[d['slug'] for d in waiting]}")
            for doc in ready:
                try:
                    course = course_import(doc)
                except CourseImportError as error:
                    raise CommandError(f"{doc['slug']}:\n" + "\n".join(error.errors)) from error
                self.stdout.write(f"  loaded {course.slug}")
                waiting.remove(doc)
        self.stdout.write(
            f"Demo curriculum: {Course.objects.published().count()} published courses."
        )
        document = json.loads((DEMO_DIR / "framework" / "talent-standard.json").read_text())
        if not CompetencyFramework.objects.filter(
            title=document["title"], version=document["version"]
        ).exists():
            framework = _load_framework(document)
            count = framework.competencies.count()
            self.stdout.write(f"  loaded framework {framework}: {count} competencies")


def _needs(document: dict) -> set[str]:
    return {
        *document.get("prerequisites", []),
        *filter(None, [document.get("language_version_of")]),
    }


@transaction.atomic
def _load_framework(document: dict) -> CompetencyFramework:
    """The demo talent standard, its roles, and what the demo courses and lessons teach."""
    framework = CompetencyFramework.objects.create(
        **{
            key: document[key]
            for key in ("title", "publisher", "version", "language", "description")
        }
    )
    levels = {
        level["rank"]: ProficiencyLevel.objects.create(framework=framework, **level)
        for level in document["levels"]
    }
    competencies: dict[str, Competency] = {}

    def add(items: list[dict], parent: Competency | None) -> None:
        for order, item in enumerate(items, start=1):
            competency = Competency.objects.create(
                framework=framework,
                parent=parent,
                code=item["code"],
                title=item["title"],
                description=item["description"],
                order=order,
            )
            competencies[item["code"]] = competency
            add(item.get("children", []), competency)

    add(document["competencies"], None)
    framework_tree_rebuild(framework=framework)
    for role in document["target_roles"]:
        target = TargetRole.objects.create(
            framework=framework,
            slug=slugify(role["name"]),
            name=role["name"],
            description=role["description"],
        )
        for requirement in role["requirements"]:
            role_requirement_save(
                requirement=RoleRequirement(
                    role=target,
                    competency=competencies[requirement["competency"]],
                    level=levels[requirement["level"]],
                )
            )
    for mapping in document["course_mappings"]:
        course_target_save(
            target=CourseCompetency(
                course=Course.objects.get(slug=mapping["course"]),
                competency=competencies[mapping["competency"]],
                level=levels[mapping["level"]],
            )
        )
    for mapping in document["lesson_mappings"]:
        module = Course.objects.get(slug=mapping["course"]).modules.all()[mapping["module"] - 1]
        lesson = module.lessons.all()[mapping["lesson"] - 1]
        lesson.competency = competencies[mapping["competency"]]
        lesson.save(update_fields=["competency"])
    framework_set_status(framework=framework, status=FrameworkStatus.PUBLISHED)
    return framework
