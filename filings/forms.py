"""Forms of the filing cycle; messages are Chinese msgids, English through the catalogues."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.widgets import DateInput

from .models import TEXT_LIMIT, Contribution, Filing, Round


class LimitedTextarea(forms.Textarea):
    """A textarea that shows the live 字数 counter (static/duban/duban.js)."""

    def __init__(self, limit=TEXT_LIMIT, attrs=None):
        super().__init__({"rows": 5, "data-maxchars": str(limit), **(attrs or {})})


class LimitedText(forms.CharField):
    """A 300字 field whose limit is checked on save, never by the browser.

    Django would put ``maxlength`` on the textarea, and browsers then cut a paste short without a
    word; here every pasted character stays, the counter turns red and the save is refused.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def limited_text(label, required=False, limit=TEXT_LIMIT):
    return LimitedText(
        label=label,
        required=required,
        max_length=limit,
        strip=True,
        widget=LimitedTextarea(limit),
        error_messages={"max_length": _("不能超过%(limit_value)d字（现有%(show_value)d字）。")},
    )


class FilingForm(forms.Form):
    """One task's entry; indicator actuals are added as ``actual_<indicator id>`` fields."""

    COMPLETED_CHOICES = [("", _("请选择")), ("yes", _("已完成")), ("no", _("未完成"))]

    version = forms.IntegerField(widget=forms.HiddenInput)
    completion = limited_text(_("完成情况（300字以内）"))
    completed = forms.ChoiceField(label=_("是否完成"), choices=COMPLETED_CHOICES, required=False)
    reason = limited_text(_("未完成原因（300字以内）"))
    problems = LimitedText(
        label=_("存在问题及解决建议"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "data-maxchars": "2000"}),
        error_messages={"max_length": _("不能超过%(limit_value)d字（现有%(show_value)d字）。")},
    )
    self_assessment = forms.ChoiceField(
        label=_("完成情况自评"), choices=[("", _("请选择"))] + list(Filing.Assessment.choices), required=False
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"actual_{indicator.pk}"] = forms.DecimalField(
                label=self.actual_label(indicator), required=False, max_digits=18, decimal_places=4
            )
        # Initial actuals are stored values: shown as the unit typed them — 95, not 95.0000; 13.96 (万人), not 139600.
        self.initial = dict(self.initial)
        for indicator in self.indicators:
            key = f"actual_{indicator.pk}"
            if self.initial.get(key) not in (None, ""):
                self.initial[key] = indicator.to_input(self.initial[key])

    @staticmethod
    def actual_label(indicator):
        """Typed in the document's own scale and unit (签约 in 万人 when the plan says 25.39万人)."""
        if indicator.input_unit:
            return _("%(indicator)s，完成值（%(unit)s）") % {"indicator": indicator.label, "unit": indicator.input_unit}
        return _("%(indicator)s，完成值") % {"indicator": indicator.label}

    @property
    def actual_fields(self):
        """The bound fields of the indicator actuals, in indicator order."""
        return [self[f"actual_{indicator.pk}"] for indicator in self.indicators]

    @classmethod
    def initial_for(cls, filing, actuals):
        initial = {
            "version": filing.version,
            "completion": filing.completion,
            "completed": {True: "yes", False: "no", None: ""}[filing.completed],
            "reason": filing.reason,
            "problems": filing.problems,
            "self_assessment": filing.self_assessment,
        }
        # Stored values (base units); __init__ shows them as typed (reading a.indicator here would cost a query per actual).
        initial.update({f"actual_{a.indicator_id}": a.value for a in actuals})
        return initial

    def clean(self):
        data = super().clean()
        if data.get("completed") == "yes":
            data["reason"] = data.get("reason", "")
        return data

    def filing_fields(self):
        data = self.cleaned_data
        return {
            "completion": data["completion"],
            "completed": {"yes": True, "no": False}.get(data["completed"]),
            "reason": data["reason"],
            "problems": data["problems"],
            "self_assessment": data["self_assessment"],
        }

    def actual_values(self):
        """{indicator: value in base units, or None} (the form takes values in the document's scale)."""
        return {ind: ind.from_input(self.cleaned_data.get(f"actual_{ind.pk}")) for ind in self.indicators}


class SubmitForm(forms.Form):
    filler_name = forms.CharField(label=_("填报人"), max_length=50)
    contact = forms.CharField(label=_("联系方式"), max_length=50)


class ReturnForm(forms.Form):
    comment = LimitedText(
        label=_("退回意见"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "data-maxchars": "1000"}),
        error_messages={
            "max_length": _("不能超过%(limit_value)d字（现有%(show_value)d字）。"),
            "required": _("退回时请填写意见。"),
        },
    )


class ContributionForm(forms.ModelForm):
    text = limited_text(_("协办意见（300字以内）"), required=True)

    class Meta:
        model = Contribution
        fields = ["text"]


class CooperationForm(ContributionForm):
    """协办意见 with the task it is for, chosen among the tasks the unit co-operates on (anything else is invalid)."""

    task = forms.ModelChoiceField(
        label=_("任务"),
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("请选择任务。"),
            "invalid_choice": _("该任务不存在，或您的单位不是它的配合单位。"),
        },
    )

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["name", "as_of", "due", "grace_days"]
        widgets = {"as_of": DateInput(), "due": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("as_of") and data.get("due") and data["due"] < data["as_of"]:
            raise forms.ValidationError(_("报送截止日期不能早于截至日期。"))
        plan = getattr(self, "plan", None)
        if plan is not None and data.get("as_of") and data.get("due"):
            # A district's part of a city plan is due before the city's round for the same period.
            city = (
                Round.objects.filter(plan__tasks__splits__plan=plan, as_of__gte=data["as_of"]).order_by("as_of").first()
            )
            if city is not None and data["due"] >= city.due:
                self.add_error(
                    "due",
                    _("区县的报送截止日期须早于市级轮次“%(name)s”的截止日期（%(due)s）。")
                    % {"name": city.name, "due": city.due},
                )
        return data


class OfflineUploadForm(forms.Form):
    file = forms.FileField(label=_("填好的离线填报表（.xlsx）"))
