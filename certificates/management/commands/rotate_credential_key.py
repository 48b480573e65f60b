from django.conf import settings
from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = (
        "Generate a new credential signing key in CREDENTIAL_KEYS_DIR. It signs from now on; the "
        "old keys stay in the JWK Set, so credentials they signed still verify."
    )

    def handle(self, *args, **options):
        path = signing.generate_key_file(settings.CREDENTIAL_KEYS_DIR)
        signing.keys.cache_clear()
        self.stdout.write(f"New signing key {path} (kid {signing.keys()[0].kid}).")
        self.stdout.write("Restart the web and worker processes so they sign with it.")
