"""Certificates, moved here from assessments (their table kept)."""

import core.storage
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0004_instructor_certificate_permissions'),
        ('courses', '0007_competency_code_characters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # State only: the model moves here from assessments, its table kept (0002 renames it).
    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='Certificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('credential_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('holder_name', models.CharField(max_length=200)),
                ('course_title', models.CharField(max_length=200)),
                ('course_language', models.CharField(max_length=10)),
                ('competencies', models.JSONField(blank=True, default=list)),
                ('issued_at', models.DateTimeField()),
                ('award_reason', models.TextField(blank=True)),
                ('status', models.CharField(choices=[('valid', 'Valid'), ('revoked', 'Revoked')], default='valid', max_length=20)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_reason', models.TextField(blank=True)),
                ('revoked_automatically', models.BooleanField(default=False)),
                ('flagged_reason', models.TextField(blank=True, help_text='Set when a regrade dropped the grade and the site only flags.')),
                ('png', models.FileField(blank=True, storage=core.storage.private_storage, upload_to='certificates/')),
                ('pdf', models.FileField(blank=True, storage=core.storage.private_storage, upload_to='certificates/')),
                ('credential_jwt', models.TextField(blank=True)),
                ('rendered_at', models.DateTimeField(blank=True, null=True)),
                ('render_error', models.TextField(blank=True)),
                ('emailed_at', models.DateTimeField(blank=True, null=True)),
                ('awarded_by', models.ForeignKey(blank=True, help_text='Set when an instructor awarded it by hand.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='courses.course')),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'assessments_certificate',
                'verbose_name': 'certificate',
                'verbose_name_plural': 'certificates',
                'ordering': ['-issued_at'],
                'constraints': [models.UniqueConstraint(fields=('user', 'course'), name='one_certificate_per_course')],
            },
        ),
    ])]
