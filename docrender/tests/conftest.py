import os
import shutil
from pathlib import Path

import pytest

from docrender.tests import samples

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "docrender"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "libreoffice: needs LibreOffice (soffice) on PATH; fails instead of skipping when CI=true",
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """Path of an external tool; skip without it locally, fail in CI."""
    path = shutil.which(name)
    if path is None:
        msg = f"{name} not installed"
        if in_ci():
            pytest.fail(msg + " (CI=true: tests must not be skipped)")
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def form():
    return samples.jiaojiang_form()


@pytest.fixture
def status():
    return samples.yuhuan_status()


@pytest.fixture
def plan():
    return samples.jianggan_plan()


@pytest.fixture(params=["form", "status", "plan"])
def any_doc(request):
    return {"form": samples.jiaojiang_form, "status": samples.yuhuan_status, "plan": samples.jianggan_plan}[
        request.param
    ]()
