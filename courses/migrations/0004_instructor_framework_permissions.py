"""Instructors author competency frameworks and map their courses and lessons onto them.

Frameworks, competencies and roles are shared by every course, so deleting them (like publishing
or retiring a framework) is left to superusers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SHARED = {"competencyframework", "competency", "targetrole"}
MODELS = ["competencyframework", "proficiencylevel", "competency", "targetrole",
          "rolerequirement", "coursecompetency"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.get(name="Instructors")
    codenames = [
        f"{action}_{model}"
        for model in MODELS
        for action in ("add", "change", "view", *(() if model in SHARED else ("delete",)))
    ]
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="courses", codename__in=codenames
        )
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Instructors").first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__model__in=MODELS, content_type__app_label="courses")
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_competencyframework_competency_lesson_competency_and_more")]

    operations = [migrations.RunPython(grant, revoke)]
