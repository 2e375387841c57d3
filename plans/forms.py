from django import forms
from django.utils.translation import gettext_lazy as _

from units.fields import BoundedModelMultipleChoiceField
from units.models import Unit

from .models import Indicator, Plan, Section, Task


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["year", "kind", "title", "intro", "issuer"]


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["label", "title", "order"]


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["section", "number", "text", "lead_unit", "co_units", "deadline", "order"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}), "co_units": forms.CheckboxSelectMultiple}
        field_classes = {"co_units": BoundedModelMultipleChoiceField}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = plan.sections.all()
        self.fields["lead_unit"].queryset = Unit.objects.all()

    def clean(self):
        data = super().clean()
        lead, co_units = data.get("lead_unit"), data.get("co_units")
        if lead and co_units and lead in co_units:
            self.add_error("co_units", _("牵头单位不能同时是配合单位。"))
        return data


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["subject", "comparator", "target_value", "unit", "baseline", "scale"]
