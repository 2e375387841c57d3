"""HTML built in Python for pages of many rows (the filing sheet: filings.sheet_html, evidence.html).

``esc`` is django.utils.html.conditional_escape without its lazy-string wrapper, which checks every argument
for a lazy translation on every call: a 60-row sheet escapes some 5 000 values.
"""

from html import escape as _escape


def esc(value):
    """``value`` as HTML: as it is if it is already HTML (SafeString, ErrorList, a form), escaped otherwise."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else _escape(str(value))
