import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.models import Course
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


def _needs(document: dict) -> set[str]:
    return {
        *document.get("prerequisites", []),
        *filter(None, [document.get("language_version_of")]),
    }
