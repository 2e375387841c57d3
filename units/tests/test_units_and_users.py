"""Units, users and roles; settings and deployment checks."""

import os
import subprocess
import sys

from django.urls import reverse

from units.models import Unit, User


def test_office_adds_a_unit_and_a_filler(world, login):
    client = login(world.office)
    client.post(
        reverse("units:create"),
        {
            "name": "下陈街道社区卫生服务中心",
            "short_name": "",
            "kind": "township",
            "parent": world.bureau.pk,
            "order": 5,
        },
    )
    unit = Unit.objects.get(name="下陈街道社区卫生服务中心")
    client.post(
        reverse("units:user_create"),
        {
            "username": "xiachen",
            "display_name": "李四",
            "unit": unit.pk,
            "role": "filler",
            "password1": "a-Long-pass-123",
            "password2": "a-Long-pass-123",
        },
    )
    user = User.objects.get(username="xiachen")
    assert user.unit == unit and user.is_filler and not user.is_office


def test_filler_without_a_unit_is_refused(world, login):
    response = login(world.office).post(
        reverse("units:user_create"),
        {"username": "nobody", "role": "filler", "password1": "a-Long-pass-123", "password2": "a-Long-pass-123"},
    )
    assert "填报人和签发人必须属于一个单位" in response.content.decode()
    assert not User.objects.filter(username="nobody").exists()


def test_a_unit_cannot_be_moved_under_its_own_child(world, login):
    response = login(world.office).post(
        reverse("units:edit", args=[world.bureau.pk]),
        {"name": world.bureau.name, "kind": "bureau", "parent": world.unit_a.pk, "order": 0},
    )
    assert "上级单位不能是本单位或其下级" in response.content.decode()
    world.bureau.refresh_from_db()
    assert world.bureau.parent is None


def test_login_page_is_chinese_by_default_and_english_on_request(client, db):
    assert "登录" in client.get("/accounts/login/").content.decode()
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in english


def _run_manage(*args, **env):
    # Start from the environment without the test-only relaxations (duban/settings_test.py sets them).
    relaxed = {
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "DUBAN_ALLOW_INSECURE_KEY",
        "DUBAN_PLAIN_STATIC",
        "ALLOWED_HOSTS",
        "EMAIL_BACKEND",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    full_env = {k: v for k, v in os.environ.items() if k not in relaxed}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=full_env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="duban.settings",
        SECRET_KEY="x" * 60 + "-production-secret-KEY-0123456789",
        ALLOWED_HOSTS="duban.example.org",
        DATABASE_URL="sqlite:////tmp/duban-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_manage("check", DJANGO_SETTINGS_MODULE="duban.settings", SECRET_KEY="", DUBAN_ALLOW_INSECURE_KEY="")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_a_typo_in_a_yes_no_setting_stops_the_start():
    result = _run_manage("check", DJANGO_SETTINGS_MODULE="duban.settings", DEBUG="ture")
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and "DEBUG='ture'" in result.stderr


def test_secrets_are_read_from_files(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("k" * 60 + "-from-a-file-0123456789\n")
    result = _run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY[-8:])",
        DJANGO_SETTINGS_MODULE="duban.settings",
        SECRET_KEY_FILE=str(key),
        ALLOWED_HOSTS="x",
        DATABASE_URL="sqlite:////tmp/duban-check.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "23456789"
