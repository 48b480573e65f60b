"""Form widgets."""

from collections.abc import Callable, Hashable

from django import forms
from django.utils.translation import get_language

# Rendered selects kept per process; beyond this many the memo starts again (old versions go).
RENDERED_SELECTS_MAX = 512
_rendered: dict[Hashable, str] = {}


class RenderedOnceSelect(forms.Select):
    """A select rendered once per version of its choices, interface language, value and
    attributes, then served from the process: a list of hundreds of options costs a dictionary
    look-up instead of a template per option. `kept_as` names the list (unique in the project);
    choices that can change need a `version` (a value, or a function returning one, which the
    form sets) that changes whenever they do; choices fixed in the code need none."""

    version: Hashable | Callable[[], Hashable] = None

    def __init__(self, attrs=None, choices=(), *, kept_as: str):
        super().__init__(attrs, choices)
        self.kept_as = kept_as

    def render(self, name, value, attrs=None, renderer=None):
        version = self.version() if callable(self.version) else self.version
        key = (
            self.kept_as,
            version,
            get_language(),
            name,
            tuple(self.format_value(value)),
            tuple(sorted(self.build_attrs(self.attrs, attrs).items())),
        )
        html = _rendered.get(key)
        if html is None:
            if len(_rendered) >= RENDERED_SELECTS_MAX:
                _rendered.clear()
            html = _rendered[key] = super().render(name, value, attrs, renderer)
        return html

    def use_required_attribute(self, initial):
        # Select's own check reads the first choice; an optional field needs none.
        return self.is_required and super().use_required_attribute(initial)
