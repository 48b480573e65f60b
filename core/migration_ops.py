"""Migration helpers: models that move from one app to another; stored values rewritten in a
canonical form; indexes only PostgreSQL can build."""

from django.contrib.postgres.operations import CreateExtension
from django.core.exceptions import ValidationError
from django.db import migrations

from core.language_tags import language_tag_canonical


def move_content_types(*, models: list[str], old_app: str, new_app: str) -> migrations.RunPython:
    """A RunPython that gives the moved models' content types (and so their permissions, the
    groups holding them and admin history) to the new app. A content type already created for
    the new app (by a `migrate` that stopped half way) gives way to the old one, which carries the
    permissions."""

    def move(apps, schema_editor, old=old_app, new=new_app):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        for model in models:
            if content_types.filter(app_label=old, model=model).exists():
                content_types.filter(app_label=new, model=model).delete()
                content_types.filter(app_label=old, model=model).update(app_label=new)

    def back(apps, schema_editor):
        move(apps, schema_editor, old=new_app, new=old_app)

    return migrations.RunPython(move, back)


def canonical_language_tags(*, model: str, field: str = "language") -> migrations.RunPython:
    """A RunPython that rewrites stored language tags in canonical BCP 47 form: the interface
    codes the field was limited to before (`zh-hans`, `pt-br`) become `zh-Hans`, `pt-BR`. A value
    that is no valid tag is left as it is (the next edit reports it). Going back keeps the
    canonical tags: the old field took any string of up to 10 characters."""

    def rewrite(apps, schema_editor):
        app_label, model_name = model.split(".")
        rows = apps.get_model(app_label, model_name)._base_manager
        stored: dict[str, list[int]] = {}
        for pk, value in rows.values_list("pk", field):
            stored.setdefault(value, []).append(pk)
        for value, pks in stored.items():
            try:
                canonical = language_tag_canonical(value)
            except ValidationError:
                continue
            # By primary key: a lookup on the tag field would itself be canonicalized.
            if canonical != value:
                rows.filter(pk__in=pks).update(**{field: canonical})

    return migrations.RunPython(rewrite, migrations.RunPython.noop)


class PostgresAddIndex(migrations.AddIndex):
    """An AddIndex that only PostgreSQL builds (a GIN or trigram index): the model state has it
    everywhere, so `makemigrations` stays quiet, but other databases (SQLite) skip the SQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgresExtension(CreateExtension):
    """CREATE EXTENSION on PostgreSQL (other databases skip it). Going back keeps the extension:
    other objects of the database may use it, and SQLite has none to look for."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass
