"""The learner's form for declaring work experience; its rules are the service's
(`levels.services.evidence.experience_declare`), the form only reads the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ExperienceForm(forms.Form):
    employer = forms.CharField(label=_("Employer"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(
        label=_("Until"),
        required=False,
        help_text=_("Leave it empty if you still work there."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        help_text=_(
            "A letter from the employer or a contract, as a PDF or Word document. Only you and "
            "the role's assessors can open it."
        ),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
