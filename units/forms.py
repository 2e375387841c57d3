from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Unit, User


def _within(user, field, required=True):
    """Limit a unit choice to the office's own subtree (units.access.office_scope)."""
    if user is None:
        return
    from .access import office_scope

    field.queryset = office_scope(user, Unit.objects.all(), "pk")
    if not user.sees_everything:
        field.required = required


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "division_code",
            "credit_code",
            "email",
            "webhook_url",
            "order",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _within(user, self.fields["parent"])

    def clean_credit_code(self):
        """Blank, or a 统一社会信用代码 that passes its GB 32100 check (the first-run page's check)."""
        from .codes import CodeError, validate_credit_code

        code = (self.cleaned_data.get("credit_code") or "").strip()
        if not code:
            return ""
        try:
            return validate_credit_code(code)
        except CodeError as exc:
            raise forms.ValidationError(FirstRunForm.CODE_ERRORS[exc.code]) from None

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        node = parent
        while node is not None:
            if self.instance.pk and node.pk == self.instance.pk:
                raise forms.ValidationError(_("上级单位不能是本单位或其下级。"))
            node = node.parent
        return parent


class UserCreateForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "display_name", "unit", "role", "phone", "email"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _within(user, self.fields["unit"])

    def clean(self):
        data = super().clean()
        if data.get("role") in (User.Role.FILLER, User.Role.SIGNER) and not data.get("unit"):
            self.add_error("unit", _("填报人和签发人必须属于一个单位。"))
        return data


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "unit", "role", "phone", "email", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _within(user, self.fields["unit"])

    def clean(self):
        data = super().clean()
        if data.get("role") in (User.Role.FILLER, User.Role.SIGNER) and not data.get("unit"):
            self.add_error("unit", _("填报人和签发人必须属于一个单位。"))
        return data


class FirstRunForm(forms.Form):
    """首次设置 — the bureau (or city) itself: name, short name, 行政区划代码, 统一社会信用代码 and level."""

    LEVEL_CHOICES = [(Unit.Kind.BUREAU, _("区县卫生健康局")), (Unit.Kind.CITY, _("市卫生健康委"))]

    name = forms.CharField(label=_("单位名称"), max_length=100, help_text=_("如 台州市椒江区卫生健康局"))
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False, help_text=_("如 椒江区卫健局"))
    division_code = forms.CharField(label=_("行政区划代码"), max_length=6, help_text=_("6 位数字，如 331002"))
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, help_text=_("18 位，末位为校验码（GB 32100）")
    )
    level = forms.ChoiceField(
        label=_("层级"), choices=LEVEL_CHOICES, widget=forms.RadioSelect, initial=Unit.Kind.BUREAU
    )
    city_name = forms.CharField(
        label=_("所属市卫生健康委（可选）"),
        max_length=100,
        required=False,
        help_text=_("区县局可填写上级市卫生健康委的名称，系统会在其上建立该单位"),
    )

    CODE_ERRORS = {
        "length": _("统一社会信用代码应为 18 位。"),
        "charset": _("统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）。"),
        "check": _("统一社会信用代码校验位不正确，请核对。"),
    }

    def clean_division_code(self):
        from .codes import CodeError, validate_division_code

        try:
            return validate_division_code(self.cleaned_data["division_code"])
        except CodeError:
            raise forms.ValidationError(_("行政区划代码应为 6 位数字，如 331002。")) from None

    def clean_credit_code(self):
        from .codes import CodeError, validate_credit_code

        try:
            return validate_credit_code(self.cleaned_data["credit_code"])
        except CodeError as exc:
            raise forms.ValidationError(self.CODE_ERRORS[exc.code]) from None

    def clean(self):
        data = super().clean()
        if data.get("level") == Unit.Kind.CITY and data.get("city_name"):
            self.add_error("city_name", _("市卫生健康委不再有上级市。"))
        if data.get("name") and data.get("name") == data.get("city_name"):
            self.add_error("city_name", _("上级市与本单位不能同名。"))
        return data


class RosterUploadForm(forms.Form):
    document = forms.FileField(label=_("填好的花名册（.xlsx）"))
    level = forms.ModelChoiceField(label=_("导入到"), queryset=Unit.objects.none(), empty_label=None, required=False)

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels if levels is not None else Unit.objects.none()
        self.fields["level"].queryset = self.levels
        if self.levels.count() == 1:
            self.fields["level"].widget = forms.HiddenInput()
        self.fields["level"].initial = self.levels.first()

    def clean_level(self):
        """The chosen level, or the office's only one."""
        level = self.cleaned_data.get("level")
        if level is None and self.levels.count() == 1:
            level = self.levels.first()
        if level is None:
            raise forms.ValidationError(_("请先完成首次设置（本单位信息）。"))
        return level

    def clean_document(self):
        from django.conf import settings

        document = self.cleaned_data["document"]
        if document.size > settings.DUBAN_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件过大。"))
        if not document.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的花名册（可先下载模板）。"))
        return document
