from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import User

# Known passwords, printed by `make run`: this command refuses to run in production.
DEMO_ACCOUNTS = [
    # email, full name, password, role
    ("learner@example.com", "Amina Haddad", "learn-crossborder", "learner"),
    ("instructor@example.com", "Li Wei", "teach-crossborder", "instructor"),
    ("sofia@example.com", "Sofía Martínez", "teach-crossborder", "instructor"),
    ("admin@example.com", "Site Admin", "admin-crossborder", "admin"),
]


class Command(BaseCommand):
    help = "Create the demo learner, instructor and admin accounts (idempotent; not in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo accounts with known passwords are refused in production.")
        with transaction.atomic():
            for email, full_name, password, role in DEMO_ACCOUNTS:
                self._ensure(email, full_name, password, role)
        self.stdout.write("Demo accounts (email / password):")
        for email, _name, password, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<10} {email:<24} {password}")

    def _ensure(self, email: str, full_name: str, password: str, role: str) -> None:
        user = User.objects.filter(email=email).first() or services.user_create_confirmed(
            email=email, password=password, full_name=full_name, is_superuser=role == "admin"
        )
        if role == "instructor":
            services.instructor_grant(user=user)
