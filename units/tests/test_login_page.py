"""The login page names the system in full, the bureau, and whom to ask for a forgotten password (issue 21)."""


def test_login_page_names_system_bureau_and_password_help(world, client, settings):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "卫生健康工作督办系统" in page and world.bureau.name in page
    assert "忘记密码" in page and "请联系本单位督办员或系统管理员重置密码。" in page
    settings.DUBAN_BUREAU_NAME = "椒江区卫生健康局"
    settings.DUBAN_PASSWORD_HELP = "请致电信息科 0576-88888888。"
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "椒江区卫生健康局" in page and "请致电信息科 0576-88888888。" in page


def test_login_page_in_english(world, client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Forgot your password?" in page and "重置密码" not in page


def test_every_page_has_its_own_title(world, client):
    """单位, 用户, 协办 and the other lists name themselves in the browser tab, not just the system (issue 21)."""
    import re

    from django.urls import reverse

    cases = [
        (world.office, reverse("units:list"), "单位 · "),
        (world.office, reverse("units:users"), "用户 · "),
        (world.office, reverse("plans:list"), "计划 · "),
        (world.filler_b, reverse("filings:cooperation", args=[world.round.pk]), "协办任务 · "),
        (world.filler_a, reverse("filings:my_rounds"), "我的填报 · "),
    ]
    for user, url, start in cases:
        client.force_login(user)
        title = (
            re.search(r"<title>(.*?)</title>", client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode(), re.S)
            .group(1)
            .strip()
        )
        assert title.startswith(start), (url, title)
