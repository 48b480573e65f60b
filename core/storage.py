"""Where files that must not be public live (attachments, certificates, grade exports)."""

from django.core.files.storage import storages


def private_storage():
    """The private storage (never served directly; a view streams or signs each file)."""
    return storages["private"]
