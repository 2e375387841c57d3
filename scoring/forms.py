import json

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules as pure
from .models import ManualItem, Objection


class SchemeForm(forms.Form):
    base = forms.DecimalField(label=_("基础分"), max_digits=7, decimal_places=2, min_value=0, max_value=1000)
    cap = forms.DecimalField(
        label=_("满分"), max_digits=7, decimal_places=2, min_value=0, max_value=1000, required=False
    )
    rules = forms.CharField(
        label=_("计分规则（JSON）"), widget=forms.Textarea(attrs={"rows": 16, "class": "mono"}), max_length=20000
    )

    def clean_rules(self):
        try:
            value = json.loads(self.cleaned_data["rules"])
        except ValueError:
            raise forms.ValidationError(_("计分规则不是有效的 JSON。")) from None
        problems = pure.validate(value)
        if problems:
            raise forms.ValidationError(_("计分规则有误：%(problems)s") % {"problems": "；".join(problems)})
        return pure.merged(value)


class ManualItemForm(forms.ModelForm):
    class Meta:
        model = ManualItem
        fields = ["unit", "kind", "points", "reason"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        self.fields["points"].min_value = -100
        self.fields["points"].max_value = 100


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.ChoiceField(
        label=_("处理"),
        choices=[("keep", _("维持原分")), ("accept", _("采纳，调整分值"))],
        initial="keep",
        required=False,
    )
