from django import forms
from django.utils.translation import gettext_lazy as _


class RemindForm(forms.Form):
    """一键催办: one owing unit of the round, or (left empty) every late unit."""

    unit = forms.ModelChoiceField(
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("该单位不存在，或在本轮次没有待报送的材料。")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
