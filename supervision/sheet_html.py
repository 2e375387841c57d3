"""A sheet row's 系统建议 line and its pending 延期 as HTML (filings.annotations; why in Python: filings.sheet_html)."""

from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from units.html import esc


class AdviceLines:
    """The words every row's line shares, translated once per sheet."""

    def __init__(self):
        self.proposed = esc(_("系统建议"))
        self.self_ = esc(_("自评"))

    def render(self, advice, extensions):
        """``advice``: a row's supervision.advice.Advice; ``extensions``: the task's 延期 not refused."""
        differs = f' <strong class="warn">≠ {self.self_} {esc(advice.self_label)}</strong>' if advice.differs else ""
        flags = "".join(f"<li>{esc(flag.message)}</li>" for flag in advice.flags)
        flags = f'<ul class="flags">{flags}</ul>' if flags else ""
        out = [
            f'<div class="row-advice">\n<span class="muted">{self.proposed}：</span>'
            f'<span class="assess-{esc(advice.proposal.assessment)}">{esc(advice.proposal_label)}</span>{differs}\n'
            f'<span class="muted why">{esc(advice.why)}</span>\n'
            f"{flags}\n"
        ]
        for e in extensions:
            text = _("延期申请：延至 %(d)s（%(state)s）") % {
                "d": esc(formats.date_format(e.new_date, "DATE_FORMAT")),
                "state": esc(e.get_decision_display()),
            }
            out.append(f'<p class="ext ext-{esc(e.decision)}">{text}</p>')
        out.append("\n</div>\n")
        return mark_safe("".join(out))
