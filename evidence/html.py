"""The 佐证材料 block of one filing (its files, and the upload control where the user may change them), as HTML.

Built in Python rather than a template because the filing sheet prints it on every one of its 60 rows or more
(filings.sheet_html); the task's page and the HTMX swap after an upload or a removal print the same block
through this one function (the ``evidence_block`` tag, ``views._block``).
"""

from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from units.html import esc
from units.links import link_for

ACCEPT = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx"


class Blocks:
    """What every block of one page shares: the links and the words, looked up once per page."""

    def __init__(self, hint):
        self.hint = escape(hint)
        self.download, self.image, self.remove = (
            link_for(f"evidence:{name}") for name in ("download", "image", "remove")
        )
        self.words = {
            key: escape(text)
            for key, text in (
                ("title", _("佐证材料")),
                ("none", _("无")),
                ("delete", _("删除")),
                ("add", _("添加佐证材料")),
                ("upload", _("上传")),
            )
        }

    def render(self, csrf_input, filing_pk, items, attach, may_change, next_url="", error=""):
        """``csrf_input``: the hidden field {% csrf_token %} prints (django.template.backends.utils.csrf_input)."""
        w = self.words
        next_input = format_html('<input type="hidden" name="next" value="{}">', next_url) if next_url else ""
        out = [f'<div class="evidence" id="evidence-{filing_pk}">\n  <strong>{w["title"]}：</strong>']
        if error:
            out.append(format_html('<p class="row-error" role="alert">{}</p>', error))
        out.append("\n  ")
        if items:
            out.append('<ul class="evidence-list">')
            for e in items:
                out.append(self._item(csrf_input, e, filing_pk, may_change, next_input))
            out.append("\n  </ul>")
        else:
            out.append(f'<span class="muted small">{w["none"]}</span>')
        out.append("\n  ")
        if may_change:
            out.append(
                f'<form class="evidence-upload" method="post" enctype="multipart/form-data" action="{esc(attach)}" '
                f'hx-post="{esc(attach)}" hx-encoding="multipart/form-data" hx-trigger="change, submit" '
                f'hx-target="#evidence-{filing_pk}" hx-swap="outerHTML">{csrf_input}{next_input}\n'
            )
            out.append(
                f'    <label>{w["add"]} <input type="file" name="file" multiple accept="{ACCEPT}"></label>\n'
                f'    <button type="submit" class="secondary">{w["upload"]}</button>\n'
                f'    <span class="muted small">{self.hint}</span>\n  </form>'
            )
        out.append("\n</div>\n")
        return mark_safe("".join(out))

    def _item(self, csrf_input, e, filing_pk, may_change, next_input):
        download = self.download(e.pk)
        thumb = (
            f'<a href="{download}" aria-hidden="true" tabindex="-1"><img class="evidence-thumb" '
            f'src="{self.image(e.pk)}" alt="" width="96" loading="lazy"></a> '
            if e.is_image
            else ""
        )
        who = e.attached_by.display_name or e.attached_by.username
        when = formats.date_format(timezone.localtime(e.attached_at), "Y-m-d H:i")
        line = format_html(
            '\n    <li data-evidence="{}">{}<a href="{}">{}</a>\n      <span class="muted small">{} · {} · {}</span>\n      ',
            e.pk,
            mark_safe(thumb),
            download,
            e.name,
            filesizeformat(e.size),
            who,
            when,
        )
        if may_change:
            remove = self.remove(e.pk)
            line += format_html(
                '<form class="inline" method="post" action="{}" hx-post="{}" hx-target="#evidence-{}" '
                'hx-swap="outerHTML">{}{}<button type="submit" class="link">{}</button></form>',
                remove,
                remove,
                filing_pk,
                csrf_input,
                next_input,
                self.words["delete"],
            )
        return line + "</li>"


def block(csrf_input, filing_pk, items, limits, attach, may_change, next_url="", error=""):
    """One filing's block (a page that prints a single one)."""
    return Blocks(limits["hint"]).render(csrf_input, filing_pk, items, attach, may_change, next_url, error)
