"""Text a clerk reads on the import preview and in forms: comparators in words, numbers as written, full-width colons."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def test_the_import_preview_shows_comparators_in_chinese_and_numbers_as_written(world, login, seeds):
    client = login(world.office)
    data = (seeds / "jianggan-2020-work-plan.txt").read_bytes()
    response = client.post(
        reverse("documents:upload"), {"document": SimpleUploadedFile("jianggan.txt", data)}, follow=True
    )
    page = response.content.decode()
    assert "新增托位90 个" in page and "签约达到25.39 万人" in page
    for code in (" add ", " reach ", " gte ", ">add<", "253900"):
        assert code not in page


def test_the_import_preview_shows_self_assessments_in_words(world, login, seeds):
    client = login(world.office)
    data = (seeds / "yuhuan-2025-q1-key-work-status.txt").read_bytes()
    page = client.post(
        reverse("documents:upload"), {"document": SimpleUploadedFile("yuhuan.txt", data)}, follow=True
    ).content.decode()
    assert "<td>正常</td>" in page or "<td>超前</td>" in page or "<td>滞后</td>" in page
    assert "<td>on_track</td>" not in page and "<td>ahead</td>" not in page


def test_chinese_form_labels_take_the_full_width_colon_and_english_ones_the_ascii_colon(db, client):
    page = client.get(reverse("login")).content.decode()
    assert "用户名：</label>" in page and "用户名:</label>" not in page
    client.cookies["django_language"] = "en"
    assert "Username:</label>" in client.get(reverse("login")).content.decode()


def test_a_value_corrected_in_the_preview_is_typed_as_the_document_writes_it(world, login, seeds):
    """25.39 in 万人 on the page, 253900 人 stored — the clerk never types the base-unit number."""
    from documents import services
    from documents.models import PendingImport

    client = login(world.office)
    data = (seeds / "jianggan-2020-work-plan.txt").read_bytes()
    client.post(reverse("documents:upload"), {"document": SimpleUploadedFile("jianggan.txt", data)})
    pending = PendingImport.objects.get()
    rows = [
        (i, t)
        for i, t in enumerate(t for s in pending.parsed["sections"] for t in s["tasks"])
        if any(ind.get("scale") == "万" for ind in t["indicators"])
    ]
    index, task = rows[0]
    j = next(j for j, ind in enumerate(task["indicators"]) if ind.get("scale") == "万")
    corrected = services.apply_corrections(pending.parsed, {f"t{index}-ind{j}": "26"}, [])
    tasks = [t for s in corrected["sections"] for t in s["tasks"]]
    assert tasks[index]["indicators"][j]["value"] == 260000
