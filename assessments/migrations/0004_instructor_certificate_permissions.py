"""Instructors see, revoke, re-render and award certificates of the courses they teach."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.get(name="Instructors")
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="assessments",
            codename__in=["view_certificate", "change_certificate"],
        )
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Instructors").first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(codename__in=["view_certificate", "change_certificate"])
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_certificates")]

    operations = [migrations.RunPython(grant, revoke)]
