"""Form widgets shared by every app."""

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """``<input type=date>``: the browser accepts only an ISO value (2027-12-31), whatever the language.

    Django's DateInput renders the locale's first input format (zh-hans: ``2027/12/31``), which the
    browser drops — the field shows empty and saving erases the date. Every date field uses this one."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATE)
