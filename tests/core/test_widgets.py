from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.widgets import RenderedOnceSelect

CHOICES = [("", _("Any level")), ("a", "Alpha"), ("b", "Beta")]


def test_it_renders_what_a_select_renders_and_builds_the_options_once(options_built):
    built = options_built
    widget = RenderedOnceSelect(choices=CHOICES, kept_as="test-once")
    expected = forms.Select(choices=CHOICES).render("level", "b", {"id": "id_level"})
    built.clear()
    assert widget.render("level", "b", {"id": "id_level"}) == expected
    assert len(built) == 3
    assert widget.render("level", "b", {"id": "id_level"}) == expected
    assert len(built) == 3  # kept
    assert 'value="a" selected' in widget.render("level", "a", {"id": "id_level"})
    assert len(built) == 6  # another value is rendered on its own


def test_a_new_version_or_language_renders_again():
    widget = RenderedOnceSelect(choices=CHOICES, kept_as="test-version")
    widget.version = 1
    assert "Alpha" in widget.render("level", "")
    widget.choices = [("a", "Alpha 2")]
    assert "Alpha 2" not in widget.render("level", "")  # same version: the kept list
    widget.version = 2
    assert "Alpha 2" in widget.render("level", "")
    widget.choices = CHOICES
    widget.version = lambda: 3
    with translation.override("fr"):
        assert "Tous les niveaux" in widget.render("level", "")
    with translation.override("en"):
        assert "Any level" in widget.render("level", "")


def test_lists_of_other_names_are_kept_apart():
    first = RenderedOnceSelect(choices=[("a", "Alpha")], kept_as="test-first")
    second = RenderedOnceSelect(choices=[("a", "Other")], kept_as="test-second")
    assert "Alpha" in first.render("x", "")
    assert "Other" in second.render("x", "")
