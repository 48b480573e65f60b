import json

from django.core.management.base import BaseCommand, CommandError

from courses.models import Course
from courses.transfer import course_export


class Command(BaseCommand):
    help = "Write a course, with its modules, lessons and files, as one JSON document."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="File to write (default: standard output)")

    def handle(self, *args, slug, output=None, **options):
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"No course with slug {slug!r}.")
        text = json.dumps(course_export(course), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
