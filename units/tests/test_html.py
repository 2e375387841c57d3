from django.forms.utils import ErrorList
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from units.html import esc


def test_esc_prints_what_django_escaping_prints():
    for value in (
        "<b>\"A\" & 'B'</b>",
        mark_safe("<i>kept</i>"),
        42,
        None,
        gettext_lazy("保存"),
        ErrorList(["坏 <值>"]),
    ):
        assert esc(value) == str(conditional_escape(value))
    assert esc("<a>") == "&lt;a&gt;"
