"""A bureau's first day in the browser: the administrator of an empty installation names the bureau on the
first-run page, downloads the roster template, uploads it filled, reads the preview and confirms."""

import io

import pytest

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "first-day-admin-2026"


def filled_roster(template_bytes, rows):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template_bytes))
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_admin_first_run_then_roster_upload_preview_and_confirm(transactional_db, live_server, page, tmp_path):
    from playwright.sync_api import expect

    from units.models import Unit, User

    User.objects.create_superuser("admin", password=ADMIN_PASSWORD, role=User.Role.ADMIN)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()

    # No bureau yet: the first-run page comes first.
    expect(page.get_by_role("heading", name="首次设置")).to_be_visible()
    page.get_by_label("单位名称").fill("台州市椒江区卫生健康局")
    page.get_by_label("简称").fill("椒江区卫健局")
    page.get_by_label("行政区划代码").fill("331002")
    page.get_by_label("统一社会信用代码").fill("11331021355386184X")  # a wrong check character first
    page.get_by_label("所属市卫生健康委（可选）").fill("台州市卫生健康委员会")
    page.get_by_role("button", name="建立本单位").click()
    expect(page.get_by_text("统一社会信用代码校验位不正确")).to_be_visible()
    page.get_by_label("统一社会信用代码").fill("11331021355386184W")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "first-day-first-run.png", full_page=True)
    page.get_by_role("button", name="建立本单位").click()
    expect(page.get_by_role("heading", name="花名册导入")).to_be_visible()
    assert Unit.objects.get(name="台州市椒江区卫生健康局").parent.name == "台州市卫生健康委员会"

    # The template, filled in with one mistake, then corrected.
    with page.expect_download() as download:
        page.get_by_role("link", name="下载花名册模板").click()
    download.value.save_as(tmp_path / "t.xlsx")
    template = (tmp_path / "t.xlsx").read_bytes()
    rows = [
        [
            "台州市椒江区卫生健康局",
            "椒江区卫健局",
            "局",
            "",
            "王督办",
            "jj_office",
            "督办员",
            "13800000001",
            "office@jj.example",
        ],
        ["医政医管科", "医政科", "科室", "", "李填报", "yz_fill", "填报人", "13800000002", "yz@jj.example"],
        ["医政医管科", "医政科", "科室", "", "张签发", "yz_head", "签发人", "0576-88880001", "not-an-email"],
    ]
    bad = tmp_path / "花名册.xlsx"
    bad.write_bytes(filled_roster(template, rows))
    page.get_by_label("填好的花名册（.xlsx）").set_input_files(str(bad))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("邮箱“not-an-email”格式不正确")).to_be_visible()
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert not Unit.objects.filter(name="医政医管科").exists()

    rows[2][8] = "yzhead@jj.example"
    good = tmp_path / "花名册-改.xlsx"
    good.write_bytes(filled_roster(template, rows))
    page.get_by_role("link", name="重新上传").click()
    page.get_by_label("填好的花名册（.xlsx）").set_input_files(str(good))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("新建用户 yz_head")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "first-day-roster-preview.png", full_page=True)
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("heading", name="花名册已导入 · 台州市椒江区卫生健康局")).to_be_visible()
    expect(page.locator("table.roster-links code")).to_have_count(3)
    page.screenshot(path=ARTIFACTS / "first-day-roster-done.png", full_page=True)
    assert set(User.objects.filter(unit__name="医政医管科").values_list("username", flat=True)) == {
        "yz_fill",
        "yz_head",
    }
    assert not page.js_errors and not page.static_failures
