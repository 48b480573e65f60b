"""Instructors author question banks and assessments, grade written answers, view attempts and
export grades — for the courses they teach (the admin scopes every list)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTOR_PERMISSIONS = [
    "add_question", "change_question", "delete_question", "view_question",
    "add_assessment", "change_assessment", "view_assessment",
    "view_attempt",
    "change_responsetograde", "view_responsetograde",
    "add_gradeexport", "view_gradeexport",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.get(name="Instructors")
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="assessments", codename__in=INSTRUCTOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Instructors").first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="assessments")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("accounts", "0002_instructors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
