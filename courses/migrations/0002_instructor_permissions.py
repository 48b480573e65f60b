"""Give the Instructors group what authoring needs: courses (no deleting: archive instead), their
modules, lessons and attachments, and a read-only view of enrolments."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTOR_PERMISSIONS = [
    "add_course", "change_course", "view_course",
    "add_module", "change_module", "delete_module", "view_module",
    "add_lesson", "change_lesson", "delete_lesson", "view_lesson",
    "add_lessonattachment", "change_lessonattachment", "delete_lessonattachment",
    "view_lessonattachment",
    "view_enrollment",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.get(name="Instructors")
    Permission = apps.get_model("auth", "Permission")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses", codename__in=INSTRUCTOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Instructors").first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="courses"))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_instructors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
