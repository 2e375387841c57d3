"""docrender — write supervision documents as .docx, .xlsx, HTML and PDF.

Pure Python, no Django.  Every ``render_*`` function accepts a
:class:`~docrender.model.FilingForm`, :class:`~docrender.model.StatusTable`
or :class:`~docrender.model.PlanDocument`.
"""

from .docx_render import render_docx
from .html_render import render_html, stylesheet
from .model import (
    FilingForm,
    FormRow,
    PlanDocument,
    PlanSection,
    PlanTask,
    StatusRow,
    StatusTable,
)
from .text import sanitize
from .typst_render import render_pdf
from .xlsx_render import render_xlsx

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}

__all__ = [
    "CONTENT_TYPES",
    "FilingForm",
    "FormRow",
    "PlanDocument",
    "PlanSection",
    "PlanTask",
    "StatusRow",
    "StatusTable",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "sanitize",
    "stylesheet",
]
