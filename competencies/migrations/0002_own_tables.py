"""The moved tables take this app's names; content types (and so permissions) follow."""

from django.db import migrations

from core.migration_ops import move_content_types

MODELS = [
    "competencyframework",
    "proficiencylevel",
    "competency",
    "targetrole",
    "rolerequirement",
    "learnergoal",
]


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0008_move_competencies"),
        ("assessments", "0005_move_certificates_and_competencies"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=model, table=None) for model in MODELS),
        move_content_types(models=MODELS, old_app="courses", new_app="competencies"),
    ]
