from django.core.management.base import BaseCommand
from django.db import transaction

from courses.teaching import teaching_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the stored roll-up of the courses teaching each competency (after data "
        "written in bulk around the services, e.g. a benchmark's generator)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            teaching_rebuild()
