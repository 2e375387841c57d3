from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from filings.models import Round
from plans.models import Plan
from units.widgets import DateInput

ACCEPTED = (".txt", ".docx", ".xlsx", ".html", ".htm", ".doc")


class UploadForm(forms.Form):
    document = forms.FileField(label=_("文档"), help_text=_("支持 .docx .xlsx .html .txt .doc"))

    def clean_document(self):
        upload = self.cleaned_data["document"]
        limit = settings.DUBAN_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size)d 字节），上限为 %(limit)d 字节。") % {"size": upload.size, "limit": limit}
            )
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(_("不支持的文件类型。"))
        return upload


class PlanConfirmForm(forms.Form):
    kind = forms.ChoiceField(label=_("计划类型"), choices=Plan.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class ReportConfirmForm(forms.Form):
    """Where the filings of a filled form or status table go: a new plan and round, or an existing round."""

    MODE_CHOICES = [("new", _("新建计划与轮次")), ("existing", _("写入已有轮次"))]
    mode = forms.ChoiceField(label=_("导入方式"), choices=MODE_CHOICES, widget=forms.RadioSelect)
    round = forms.ModelChoiceField(label=_("已有轮次"), queryset=Round.objects.select_related("plan"), required=False)
    kind = forms.ChoiceField(label=_("计划类型"), choices=Plan.Kind.choices, required=False)
    plan_title = forms.CharField(label=_("计划标题"), max_length=200, required=False)
    round_name = forms.CharField(label=_("轮次名称"), max_length=100, required=False)
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=DateInput())
    due = forms.DateField(label=_("报送截止日期"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("mode") == "existing" and not data.get("round"):
            self.add_error("round", _("请选择轮次。"))
        if data.get("mode") == "new":
            for field in ("kind", "plan_title", "round_name", "as_of"):
                if not data.get(field):
                    self.add_error(field, _("必填。"))
        return data
