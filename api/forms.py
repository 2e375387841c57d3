from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=100, help_text=_("如：市平台对接、个人表格"))
