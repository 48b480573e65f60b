"""Competency frameworks, scales, competencies, target roles and learner goals, moved here from
courses (their tables kept)."""

import django.core.validators
import django.db.models.deletion
import re
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('courses', '0007_competency_code_characters'),
    ]

    # The models move here from courses: state only, their tables stay as they are (0002 renames
    # them), so existing databases keep every row.
    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='CompetencyFramework',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='public id')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                ('version', models.CharField(blank=True, max_length=40, verbose_name='version')),
                ('language', models.CharField(choices=[('en', 'English'), ('zh-hans', 'Simplified Chinese'), ('ar', 'Arabic'), ('es', 'Spanish'), ('fr', 'French'), ('ru', 'Russian')], default='en', max_length=10, verbose_name='language')),
                ('description', models.TextField(blank=True, help_text='Markdown.', verbose_name='description')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('retired', 'Retired')], default='draft', max_length=20, verbose_name='status')),
                ('evidence_threshold', models.PositiveSmallIntegerField(default=75, help_text='A learner reaches a level when their best attempts earned at least this share of the points available at that level.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='evidence rule (%)')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'db_table': 'courses_competencyframework',
                'verbose_name': 'competency framework',
                'verbose_name_plural': 'competency frameworks',
                'ordering': ['title', 'version'],
            },
        ),
        migrations.CreateModel(
            name='Competency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='public id')),
                ('code', models.CharField(help_text='e.g. CC.1; unique in the framework.', max_length=40, validators=[django.core.validators.RegexValidator(re.compile('[\\x00-\\x1f\\x7f]'), 'Remove the line breaks and control characters from the code.', inverse_match=True)], verbose_name='code')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('order', models.PositiveIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(999999)], verbose_name='order')),
                ('tree_path', models.TextField(db_index=True, default='', editable=False)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='competencies.competency', verbose_name='parent')),
                ('framework', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='competencies', to='competencies.competencyframework')),
            ],
            options={
                'db_table': 'courses_competency',
                'verbose_name': 'competency',
                'verbose_name_plural': 'competencies',
                'ordering': ['framework', 'tree_path'],
            },
        ),
        migrations.CreateModel(
            name='ProficiencyLevel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.PositiveSmallIntegerField(verbose_name='rank')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('is_proficient', models.BooleanField(default=False, help_text='The level at which a competency counts as demonstrated.', verbose_name='proficient')),
                ('framework', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='levels', to='competencies.competencyframework')),
            ],
            options={
                'db_table': 'courses_proficiencylevel',
                'verbose_name': 'proficiency level',
                'verbose_name_plural': 'proficiency levels',
                'ordering': ['framework', 'rank'],
            },
        ),
        migrations.CreateModel(
            name='TargetRole',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='public id')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('framework', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='competencies.competencyframework')),
            ],
            options={
                'db_table': 'courses_targetrole',
                'verbose_name': 'target role',
                'verbose_name_plural': 'target roles',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='RoleRequirement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('competency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='competencies.competency')),
                ('level', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='competencies.proficiencylevel', verbose_name='required level')),
                ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requirements', to='competencies.targetrole')),
            ],
            options={
                'db_table': 'courses_rolerequirement',
                'verbose_name': 'requirement',
                'verbose_name_plural': 'requirements',
            },
        ),
        migrations.CreateModel(
            name='LearnerGoal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chosen_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='learning_goal', to=settings.AUTH_USER_MODEL)),
                ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='competencies.targetrole')),
            ],
            options={
                'db_table': 'courses_learnergoal',
                'verbose_name': 'learning goal',
                'verbose_name_plural': 'learning goals',
            },
        ),
        migrations.AddConstraint(
            model_name='competency',
            constraint=models.UniqueConstraint(fields=('framework', 'code'), name='competency_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='proficiencylevel',
            constraint=models.UniqueConstraint(fields=('framework', 'rank'), name='one_level_per_rank'),
        ),
        migrations.AddConstraint(
            model_name='proficiencylevel',
            constraint=models.UniqueConstraint(condition=models.Q(('is_proficient', True)), fields=('framework',), name='one_proficient_level_per_framework'),
        ),
        migrations.AddConstraint(
            model_name='rolerequirement',
            constraint=models.UniqueConstraint(fields=('role', 'competency'), name='one_requirement_per_role_competency'),
        ),
    ])]
