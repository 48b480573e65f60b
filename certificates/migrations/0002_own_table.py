"""The moved table takes this app's name; the content type (and so permissions) follows."""

from django.db import migrations

from core.migration_ops import move_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("assessments", "0005_move_certificates_and_competencies"),
    ]

    operations = [
        migrations.AlterModelTable(name="certificate", table=None),
        move_content_types(models=["certificate"], old_app="assessments", new_app="certificates"),
    ]
