"""Migration helpers for models that move from one app to another."""

from django.db import migrations


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
