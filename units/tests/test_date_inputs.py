"""Every date input renders an ISO date, the only value ``<input type=date>`` accepts (issue 21, item 1).

Before: Django's DateInput rendered the zh-hans input format ``2027/12/31``; the browser showed the
field empty and posted it empty, so editing a task erased its 完成时限 while saying 已保存."""

import datetime
import importlib
import inspect

import lxml.html
import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from units.widgets import DateInput


def posted_as_the_browser_does(html, action_part):
    """The form whose action contains ``action_part``, as a browser posts it untouched: what each control shows
    (a date input whose value is not ISO is empty, as in Chromium)."""
    doc = lxml.html.fromstring(html)
    form = next(f for f in doc.forms if action_part in (f.get("action") or "") or not f.get("action"))
    data = []
    for el in form.inputs:
        name = el.get("name")
        if not name:
            continue
        if el.tag == "input":
            kind = (el.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if el.checked:
                    data.append((name, el.get("value", "on")))
                continue
            if kind in {"submit", "button"}:
                continue
            value = el.get("value") or ""
            if kind == "date":
                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    value = ""
            data.append((name, value))
        elif el.tag == "select":
            for option in el.xpath(".//option[@selected]"):
                data.append((name, option.get("value", option.text_content())))
        elif el.tag == "textarea":
            data.append((name, el.text_content()))
    out = {}
    for name, value in data:
        out.setdefault(name, []).append(value)
    return out


def test_editing_a_task_as_rendered_keeps_its_deadline(world, login):
    task = world.tasks[0]
    task.deadline = datetime.date(2027, 12, 31)
    task.save()
    client = login(world.office)
    url = reverse("plans:task_edit", args=[task.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert 'value="2027-12-31"' in html
    response = client.post(url, posted_as_the_browser_does(html, url), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deadline == datetime.date(2027, 12, 31)


def _form_classes():
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in {
            "units",
            "plans",
            "filings",
            "supervision",
            "documents",
            "reports",
            "levels",
            "scoring",
            "publishing",
            "search",
            "api",
        }:
            continue
        for module_name in (f"{config.name}.forms", f"{config.name}.views"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                    yield cls


def test_every_date_field_of_every_form_renders_iso_in_chinese_and_english():
    seen = 0
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.DateField):
                continue
            seen += 1
            assert isinstance(field.widget, DateInput), (
                f"{cls.__module__}.{cls.__name__}.{name} is not units.widgets.DateInput"
            )
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    html = field.widget.render(name, datetime.date(2027, 12, 31))
                assert 'type="date"' in html and 'value="2027-12-31"' in html, (cls.__name__, name, language, html)
    assert seen >= 6


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_shared_widget_renders_iso(language):
    with translation.override(language):
        assert 'value="2027-12-31"' in DateInput().render("d", datetime.date(2027, 12, 31))
