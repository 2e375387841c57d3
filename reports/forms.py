from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import plan_units
from units.models import Unit

from .models import SubjectSynonym, Summary
from .services import parse_indicator_lines

MAX_PARAGRAPH = 5000


class GenerateForm(forms.Form):
    period = forms.ChoiceField(label=_("类型"), choices=Summary.Period.choices)


class ParagraphForm(forms.Form):
    text = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_PARAGRAPH, required=True, strip=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NextPlanForm(forms.Form):
    title = forms.CharField(label=_("计划标题"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class NextTaskForm(forms.Form):
    carried_from = forms.IntegerField(widget=forms.HiddenInput, required=False)
    section = forms.TypedChoiceField(label=_("板块"), required=False, coerce=int, empty_value=None)
    number = forms.CharField(label=_("序号"), max_length=20, required=False)
    text = forms.CharField(label=_("目标任务"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all())
    indicators = forms.CharField(
        label=_("指标"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("每行一个：指标名称；比较方式（新增/达到/不低于/以内/低于）；目标值；计量单位"),
    )

    def __init__(self, *args, plan, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The plan's own bureau and its 科室/直属单位/社区 — never the city above or another district.
        units = plan_units(plan)
        self.fields["lead_unit"].queryset = units.filter(bureau=plan.issuer_id) if plan.issuer_id else units
        self.fields["section"].choices = [("", "—")] + [(s.pk, f"{s.label}{s.title}") for s in sections]

    def clean_indicators(self):
        try:
            return parse_indicator_lines(self.cleaned_data.get("indicators", ""))
        except ValueError as e:
            raise forms.ValidationError(
                _("第%(line)s行格式不对：应为 指标名称；比较方式；目标值；计量单位。") % {"line": e.args[0]}
            ) from None


NextTaskFormSet = forms.formset_factory(
    NextTaskForm, extra=1, can_delete=True, max_num=500, absolute_max=500, validate_max=True
)


class SynonymForm(forms.ModelForm):
    class Meta:
        model = SubjectSynonym
        fields = ["alias", "canonical"]
