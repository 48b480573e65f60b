# The catalog search index (decision 0014): a trigram GIN index over the upper-cased search text.
# PostgreSQL only: CREATE EXTENSION pg_trgm is a trusted extension (PostgreSQL 13+), so a
# role with CREATE on the database (its owner) may create it without being a superuser; SQLite
# skips both operations.

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models

from core.migration_ops import PostgresAddIndex, PostgresExtension


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0012_competency_teaching'),
    ]

    operations = [
        PostgresExtension('pg_trgm'),
        PostgresAddIndex(
            model_name='course',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper(django.db.models.functions.text.Concat('title', models.Value('\n'), 'subtitle', models.Value('\n'), 'description', output_field=models.TextField())), name='gin_trgm_ops'), name='course_search_trgm'),
        ),
    ]
