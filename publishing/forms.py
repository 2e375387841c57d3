import re

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from units.widgets import DateInput

from . import indexno
from .models import Feedback, Publication

INDEX_ERRORS = {
    "shape": _("索引号格式应为“统一社会信用代码/年份-序号”，如 11331021355386184W/2025-141459。"),
    "length": _("统一社会信用代码应为18位。"),
    "charset": _("统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）。"),
    "check": _("统一社会信用代码校验位不正确，请核对。"),
    "year": _("索引号中的年份无效。"),
    "serial": _("索引号中的序号无效。"),
}


def topic_choices():
    return [("", "—")] + [(t, t) for t in settings.DUBAN_TOPIC_CATEGORIES]


def genre_choices():
    return [("", "—")] + [(g, g) for g in settings.DUBAN_GENRE_CATEGORIES]


class PublicationForm(forms.ModelForm):
    """The catalogue (政府信息公开目录) of a publication; the 索引号 is entered or generated."""

    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("自动生成索引号时使用：{代码}/{年份}-{序号}"),
    )

    class Meta:
        model = Publication
        fields = ["index_mode", *Publication.CATALOGUE_FIELDS]  # the catalogue, as the model lists it
        widgets = {
            "doc_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3, "data-maxchars": 150}),
            "index_mode": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index_number"].required = False
        self.fields["index_number"].help_text = _("手工录入时填写，如 11331021355386184W/2025-141459；发布后不能更改。")
        self.fields["topic"] = forms.ChoiceField(label=_("主题分类"), choices=topic_choices(), required=False)
        self.fields["genre"] = forms.ChoiceField(label=_("组配分类"), choices=genre_choices(), required=False)
        self.fields["disclosure_mode"] = forms.ChoiceField(
            label=_("公开方式"), choices=[("主动公开", _("主动公开")), ("依申请公开", _("依申请公开"))]
        )
        self.fields["disclosure_scope"] = forms.ChoiceField(
            label=_("公开范围"), choices=[("面向全社会", _("面向全社会")), ("面向特定对象", _("面向特定对象"))]
        )
        self.fields["validity"] = forms.ChoiceField(
            label=_("有效性"), choices=[("有效", _("有效")), ("失效", _("失效"))]
        )
        self.fields["credit_code"].initial = settings.DUBAN_CREDIT_CODE
        if self.instance.pk and self.instance.first_published_at:
            # 索引号 never changes once published.
            for name in ("index_mode", "index_number", "credit_code"):
                self.fields[name].disabled = True

    def clean_summary(self):
        summary = self.cleaned_data.get("summary", "")
        if len(summary) > 150:
            raise forms.ValidationError(_("内容概述不能超过150字。"))
        return summary

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.first_published_at:
            data["index_mode"], data["index_number"] = self.instance.index_mode, self.instance.index_number
            return data
        separator = settings.DUBAN_INDEX_SEPARATOR
        if data.get("index_mode") == Publication.IndexMode.MANUAL:
            try:
                data["index_number"] = str(indexno.parse(data.get("index_number") or "", separator))
            except indexno.IndexNumberError as exc:
                self.add_error("index_number", INDEX_ERRORS[exc.code])
        elif data.get("index_mode") == Publication.IndexMode.GENERATED:
            code = (data.get("credit_code") or "").strip().upper()
            try:
                indexno.validate_credit_code(code)
            except indexno.IndexNumberError as exc:
                self.add_error("credit_code", INDEX_ERRORS[exc.code])
            else:
                data["credit_code"] = code
                kept = self.instance.index_number if self.instance.pk else ""
                prefix = f"{code}/{data['doc_date'].year}{separator}" if data.get("doc_date") else None
                if prefix and not kept.startswith(prefix):
                    from .services import next_index_number

                    data["index_number"] = next_index_number(code, data["doc_date"].year)
                else:
                    data["index_number"] = kept
        number = data.get("index_number")
        if number and Publication.objects.filter(index_number=number).exclude(pk=self.instance.pk).exists():
            self.add_error("index_number", _("该索引号已被使用。"))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("废止原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class PublishForm(forms.Form):
    correction_note = forms.CharField(
        label=_("更正说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )


class KeepForm(forms.Form):
    reason = forms.CharField(label=_("保留理由"), max_length=500)


# Markup in a public message is refused outright: it is never rendered, but it is never wanted either.
MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_markup(value):
    if MARKUP.search(value or ""):
        raise forms.ValidationError(_("留言不能包含网页代码或脚本。"))
    if CONTROL.search(value or ""):
        raise forms.ValidationError(_("留言含有无效字符。"))
    return value


class FeedbackForm(forms.ModelForm):
    captcha = CaptchaField(
        label=_("验证码"),
        help_text=_("请输入图中算式的结果。"),
        error_messages={"invalid": _("验证码错误或已过期，请重新计算。")},
    )

    class Meta:
        model = Feedback
        fields = ["name", "contact", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5, "data-maxchars": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("内容（1000字以内）")
        self.fields["text"].max_length = 1000
        self.fields["text"].error_messages["max_length"] = _("内容不能超过1000字。")
        self.fields["text"].validators.append(MaxLengthValidator(1000, _("内容不能超过1000字。")))

    def clean_name(self):
        return no_markup(self.cleaned_data.get("name", "")).strip()

    def clean_contact(self):
        return no_markup(self.cleaned_data.get("contact", "")).strip()

    def clean_text(self):
        text = no_markup(self.cleaned_data.get("text", "")).strip()
        if not text:
            raise forms.ValidationError(_("请填写留言内容。"))
        return text


class HandleFeedbackForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), choices=Feedback.State.choices)
    note = forms.CharField(
        label=_("处理说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
