import json

from django.core.management.base import BaseCommand, CommandError

from courses.transfer import CourseImportError, course_import


class Command(BaseCommand):
    help = "Create a course from a JSON document; reports every problem and saves nothing on error."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        try:
            course = course_import(document)
        except CourseImportError as error:
            raise CommandError(
                f"Nothing was imported; {len(error.errors)} problem(s):\n" + "\n".join(error.errors)
            ) from error
        self.stdout.write(f"Imported {course.slug}: {course.title}")
