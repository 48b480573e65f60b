"""Inline rows that cost no query each, so a course of 300 modules or a role of 300 requirements
opens in as many queries as one of 3.

Per row, Django's admin would read: the row's related objects for its title (`__str__`), the
chosen object of each autocomplete, and the whole choice list of each select box. Here the rows
come with their related objects (select_related), an autocomplete shows the object loaded with
its row, and a select box's choices are read once for the whole formset.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms import BaseInlineFormSet, ModelChoiceField, ModelMultipleChoiceField


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete showing `chosen` (the form's instance's related object, already loaded)
    instead of reading the chosen object again; anything else (a new value typed after an
    error) is read as usual."""

    chosen = None

    def optgroups(self, name, value, attr=None):
        chosen = self.chosen
        if chosen is None or [str(v) for v in value if v not in ("", None)] != [str(chosen.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(chosen)
        options.append(self.create_option(name, chosen.pk, label, True, len(options)))
        return [(None, options, 0)]


class FixedCostFormSet(BaseInlineFormSet):
    """Gives each row's autocompletes their loaded object and shares select-box choices."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        shared = self.__dict__.setdefault("_shared_choices", {})
        for name, field in form.fields.items():
            if (
                not isinstance(field, ModelChoiceField)
                or isinstance(field, ModelMultipleChoiceField)
                or field.widget.is_hidden  # the row's own id
            ):
                continue
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            if isinstance(widget, LoadedAutocompleteSelect):
                relation = form.instance._meta.get_field(name)
                if relation.is_cached(form.instance):
                    widget.chosen = relation.get_cached_value(form.instance)
            elif not isinstance(widget, AutocompleteSelect):
                if name not in shared:
                    shared[name] = list(field.choices)
                field.choices = shared[name]
        return form


class FixedCostInline:
    """Put before InlineModelAdmin (TabularInline, StackedInline). A formset of its own must
    extend FixedCostFormSet."""

    formset = FixedCostFormSet

    def get_queryset(self, request):
        related = [
            field.name
            for field in self.model._meta.concrete_fields
            if field.is_relation and field.many_to_one
        ]
        return super().get_queryset(request).select_related(*related)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = LoadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
