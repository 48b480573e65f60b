"""Competencies keep CASE's full statement, and codes may repeat in a framework (CASE allows it;
the uuid identifies a competency).

The plain index on (framework, code) is created before the unique constraint is dropped, so code
lookups are never unindexed. Both operations are plain DDL on PostgreSQL; SQLite rebuilds the
table, in the migration's transaction. Going back re-creates the unique constraint, which fails
if a framework has repeated a code since: rename those codes first.
"""

import re

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0007_alter_competency_code"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="competency",
            index=models.Index(fields=["framework", "code"], name="competency_code_idx"),
        ),
        migrations.RemoveConstraint(
            model_name="competency",
            name="competency_code_unique",
        ),
        migrations.AddField(
            model_name="competency",
            name="statement",
            field=models.TextField(
                blank=True,
                help_text=(
                    "The standard's full wording, when it is longer than the title or differs."
                ),
                verbose_name="full statement",
            ),
        ),
        migrations.AlterField(
            model_name="competency",
            name="code",
            field=models.CharField(
                help_text=(
                    "e.g. CC.1. Usually unique in the framework; an imported standard may repeat "
                    "one."
                ),
                max_length=100,
                validators=[
                    django.core.validators.RegexValidator(
                        re.compile("[\\x00-\\x1f\\x7f]"),
                        "Remove the line breaks and control characters from the code.",
                        inverse_match=True,
                    )
                ],
                verbose_name="code",
            ),
        ),
    ]
