"""The filing sheet's rows as HTML (填报表: every task of a unit on one page), from filings.sheet's plain rows.

Built in Python, as docrender builds the roll-up, rather than by a template: a unit's sheet has 60 rows or
more, each with six inputs, a 系统建议 line and a 佐证材料 control (filings.annotations), and Django's template
engine spent about half a millisecond a row resolving variables, tags and includes; the sheet took 3.7× the
300-row roll-up (issue 21). Here a row is one string built over values escaped once (units.html.esc), and every word
is translated once per page from the same catalogue. The full sheet and the row HTMX swaps back after a
save are both printed by ``Rows.render``.
"""

from django.template.backends.utils import csrf_input
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from units.html import esc

_WORDS = {
    "conflict": gettext_noop("保存冲突"),
    "error": gettext_noop("未保存：请修改后重试"),
    "empty": gettext_noop("未填写"),
    "dirty": gettext_noop("有未保存的修改"),
    "saved": gettext_noop("已保存"),
    "actual": gettext_noop("完成值"),
    "lead": gettext_noop("责任单位"),
    "deadline": gettext_noop("完成时限"),
    "task": gettext_noop("任务页"),
    "history": gettext_noop("历史版本"),
    "extension": gettext_noop("申请延期"),
    "contributions": gettext_noop("协办意见"),
    "latest": gettext_noop("最新完成情况"),
    "differs": gettext_noop("已保存的内容中与您输入不同的项："),
    "save": gettext_noop("保存此行"),
    "keys": gettext_noop("Ctrl+Enter 保存 · Alt+N 下一未填"),
    "completion": gettext_noop("完成情况"),
    "completed": gettext_noop("是否完成"),
    "yes": gettext_noop("已完成"),
    "no": gettext_noop("未完成"),
    "reason": gettext_noop("未完成原因"),
    "problems": gettext_noop("存在问题及解决建议"),
    "self": gettext_noop("完成情况自评"),
}


class Rows:
    """One page's rows: the words in the active language and the CSRF field, looked up once."""

    def __init__(self, request, editable):
        self.editable = editable
        self.csrf = csrf_input(request) if editable else ""
        self.w = {key: esc(_(msgid)) for key, msgid in _WORDS.items()}

    def render(self, row):
        w, editable = self.w, self.editable
        pk, links = row["pk"], row["links"]
        section = f'<span class="cat">{esc(row["section"])}</span>' if row["section"] else ""
        out = [
            f'<article class="sheet-row" id="row-{pk}" data-filled="{"1" if row["filled"] else "0"}" '
            f'data-flagged="{"1" if row["flagged"] else "0"}" data-state="{esc(row["status"])}" tabindex="-1">\n  ',
            self._conflict(row["conflict"]) if row["conflict"] else "",
            f'\n  <div class="cell c-task">\n    <div class="row-head"><span class="num">{esc(row["number"])}</span>'
            f"{section}\n"
            f'      <span class="row-status" role="status" aria-live="polite">{self._status(row["status"])}</span></div>\n'
            f'    <p class="task-text">{esc(row["text"])}</p>\n    ',
        ]
        if row["indicators"]:
            show_actuals = not row["form"]
            items = "".join(
                f"<li>{esc(ind['label'])}{self._actual(ind['actual']) if show_actuals else ''}</li>"
                for ind in row["indicators"]
            )
            out.append(f'<ul class="indicators">{items}</ul>')
        deadline = (
            f" · {w['deadline']}：{esc(formats.date_format(row['deadline'], 'DATE_FORMAT'))}" if row["deadline"] else ""
        )
        extension = (
            f' · <a href="{esc(links["extension"])}" class="ask-extension">{w["extension"]}</a>' if editable else ""
        )
        out.append(
            f'\n    <p class="muted small">{w["lead"]}：{esc(row["lead"])}{deadline}\n'
            f'      · <a href="{esc(links["task"])}">{w["task"]}</a> · <a href="{esc(links["history"])}">{w["history"]}</a>'
            f"{extension}</p>\n    "
        )
        out.extend(a["html"](editable, self.csrf) for a in row["annotations"])
        out.append("\n    ")
        if row["contributions"]:
            items = "".join(
                f"<li><strong>{esc(c['unit'])}</strong>：{esc(c['text'])}</li>" for c in row["contributions"]
            )
            out.append(f'<div class="contribs"><strong>{w["contributions"]}：</strong><ul>{items}</ul></div>')
        out.append("\n  </div>\n  ")
        out.append(self._form(row) if row["form"] else self._stored(row["stored"]))
        out.append("\n  \n</article>\n")
        return mark_safe("".join(out))

    def _status(self, status):
        w, editable = self.w, self.editable
        dirty = f'<span class="st st-dirty">{w["dirty"]}</span>' if editable else ""
        if status == "conflict":
            return f'<span class="st st-conflict">{w["conflict"]}</span>'
        if status == "error":
            return f'<span class="st st-error">{w["error"]}</span>'
        if status == "empty":
            return f'<span class="st st-empty">{w["empty"]}</span>{dirty}'
        return f'<span class="st st-saved">{w["saved"]}</span>{dirty}' if editable else ""

    def _actual(self, actual):
        return "" if actual is None else f" · {self.w['actual']} {esc(actual)}"

    def _conflict(self, c):
        when = esc(formats.date_format(timezone.localtime(c["when"]), "Y-m-d H:i:s"))
        if c["mine"]:
            message = _(
                "您在另一个窗口中已保存（%(when)s）。本窗口输入的内容仍在下方；请对照最新内容修改后再保存。"
            ) % {"when": when}
        else:
            message = _(
                "他人已在您之前保存（%(who)s · %(when)s）。您输入的内容仍在下方；请对照最新内容修改后再保存。"
            ) % {"who": esc(c["who"]), "when": when}
        if not c["differences"]:
            return (
                f'<div class="conflict cell"><strong>{message}</strong>\n'
                f"    <p>{self.w['latest']}：{esc(c['completion'] or '—')}</p></div>"
            )
        items = "".join(f"<li>{esc(d['label'])}：{esc(d['value'] or '—')}</li>" for d in c["differences"])
        return (
            f'<div class="conflict cell"><strong>{message}</strong>\n'
            f'    <p>{self.w["differs"]}</p><ul class="differences">{items}</ul></div>'
        )

    def _form(self, row):
        form, save = row["form"], esc(row["links"]["save"])
        version = form["version"]
        actuals = "".join(
            f'<div class="field f-actual">{_label(fl)}<input type="text" inputmode="decimal" name="{esc(fl["name"])}" '
            f'id="{esc(fl["id"])}" value="{esc(fl["value"])}">{_errors(fl)}</div>'
            for fl in form["actuals"]
        )
        return (
            f'\n  <form class="cell c-fields" method="post" action="{save}" hx-post="{save}" hx-target="#row-{row["pk"]}" '
            f'hx-swap="outerHTML" novalidate>\n    {self.csrf}<input type="hidden" name="{esc(version["name"])}" '
            f'value="{esc(version["value"])}">{esc(form["errors"] or "")}\n    '
            f"{_textarea('completion', form['completion'], 5, 300)}\n    "
            f"{_select('completed', form['completed'])}\n    "
            f"{_textarea('reason', form['reason'], 2, 300)}\n    "
            f"{_textarea('problems', form['problems'], 2, 2000)}\n    "
            f"{actuals}\n    "
            f"{_select('self', form['self_assessment'])}\n"
            f'    <div class="row-actions"><button type="submit" class="save-row">{self.w["save"]}</button>'
            f'<span class="muted small">{self.w["keys"]}</span></div>\n  </form>'
        )

    def _stored(self, s):
        w = self.w
        completed = w["yes"] if s["completed"] is True else w["no"] if s["completed"] is False else "—"
        return (
            f'\n  <dl class="cell c-fields readonly">\n'
            f'    <dt>{w["completion"]}</dt><dd class="text">{esc(s["completion"] or "—")}</dd>\n'
            f"    <dt>{w['completed']}</dt><dd>{completed}</dd>\n"
            f'    <dt>{w["reason"]}</dt><dd class="text">{esc(s["reason"] or "—")}</dd>\n'
            f'    <dt>{w["problems"]}</dt><dd class="text">{esc(s["problems"] or "—")}</dd>\n'
            f'    <dt>{w["self"]}</dt><dd class="assess-{esc(s["self_assessment"])}">'
            f"{esc(s['self_assessment_label'] or '—')}</dd>\n"
            "  </dl>"
        )


def _label(fl):
    return f'<label for="{esc(fl["id"])}">{esc(fl["label"])}：</label>'


def _errors(fl):
    return esc(fl["errors"]) if fl["errors"] else ""


def _textarea(css, fl, rows, maxchars):
    return (
        f'<div class="field f-{css}">{_label(fl)}<textarea name="{esc(fl["name"])}" id="{esc(fl["id"])}" rows="{rows}" '
        f'data-maxchars="{maxchars}">{esc(fl["value"])}</textarea>{_errors(fl)}</div>'
    )


def _select(css, fl):
    return (
        f'<div class="field f-{css}">{_label(fl)}<select name="{esc(fl["name"])}" id="{esc(fl["id"])}">'
        f"{fl['options']}</select>{_errors(fl)}</div>"
    )


def render(request, rows, editable):
    """The sheet's rows, each on its own line, as one safe string."""
    page = Rows(request, editable)
    return mark_safe("".join(f"{page.render(row)}\n" for row in rows))


def render_one(request, row):
    """The one row a save swaps back (HTMX): always the unit's editable row."""
    return Rows(request, editable=True).render(row)
