from django import forms
from django.utils.translation import gettext_lazy as _

from docparse.numbers import plain_number


class SplitForm(forms.Form):
    """One target per district and indicator of the city task: ``t_<district>_<indicator>``."""

    def __init__(self, *args, task, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.task, self.districts = task, list(districts)
        self.indicators = list(task.indicators.all())
        existing = {
            (ind.task.plan.issuer_id, ind.split_from_id): ind.target_value
            for i in self.indicators
            for ind in i.splits.select_related("task__plan")
        }
        for district in self.districts:
            for ind in self.indicators:
                self.fields[f"t_{district.pk}_{ind.pk}"] = forms.DecimalField(
                    label=f"{district.label} · {ind.subject}（{ind.unit}）",
                    required=False,
                    max_digits=18,
                    decimal_places=4,
                    min_value=0,
                    initial=plain_number(existing.get((district.pk, ind.pk))) or None,
                )

    def targets(self):
        out = {}
        for district in self.districts:
            values = {ind: self.cleaned_data.get(f"t_{district.pk}_{ind.pk}") for ind in self.indicators}
            values = {k: v for k, v in values.items() if v is not None}
            if values:
                out[district] = values
        return out

    def clean(self):
        data = super().clean()
        if not any(v is not None for v in data.values()):
            raise forms.ValidationError(_("请至少为一个区县填写分解目标。"))
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("退回意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("区县上报文件（JSON）"))
