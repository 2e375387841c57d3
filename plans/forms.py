from django import forms
from django.utils.translation import gettext_lazy as _

from docparse.numbers import plain_number
from units.fields import BoundedModelMultipleChoiceField
from units.models import Unit
from units.widgets import DateInput

from .models import Indicator, Plan, Section, Task


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["year", "kind", "title", "intro", "issuer", "issued_on"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.sees_everything:
            from units.access import office_root

            root = office_root(user)
            # An office issues plans for its own level only (its bureau and the bureau's 科室).
            self.fields["issuer"].queryset = root.subtree().filter(bureau=root) if root else Unit.objects.none()
            self.fields["issuer"].required = True


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["label", "title", "order"]


def plan_units(plan):
    """The units a plan's tasks may be assigned to: its issuing bureau's own subtree (never another bureau's)."""
    return plan.issuer.subtree() if plan.issuer_id else Unit.objects.all()


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["section", "number", "text", "lead_unit", "co_units", "deadline", "order"]
        widgets = {"deadline": DateInput(), "co_units": forms.CheckboxSelectMultiple}
        field_classes = {"co_units": BoundedModelMultipleChoiceField}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = plan.sections.all()
        units = plan_units(plan)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As the office typed them: 90, not 90.0000.
        for name in ("target_value", "baseline"):
            if self.initial.get(name) is not None:
                self.initial[name] = plain_number(self.initial[name])
