"""佐证材料: a filler attaches files to a filing; the unit's signer, its office and the city above read them; nobody
else even finds them; the type is read from the bytes; size and count are bounded; approval freezes them."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import fill_ready, make_user
from evidence.models import Evidence
from evidence.services import sniff
from filings.models import Submission
from units.models import Unit, User


def png_bytes(color="red"):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(out, "PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def filing_a(world):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    return submission.filings.order_by("task__order").first()


@pytest.fixture
def levels(world):
    """world's bureau under a city; a second district with its own office and filler."""
    city = Unit.objects.create(name="台州市卫生健康委员会", kind=Unit.Kind.CITY)
    world.bureau.parent = city
    world.bureau.save()
    district2 = Unit.objects.create(name="玉环市卫生健康局", kind=Unit.Kind.BUREAU, parent=city, order=2)
    unit_c = Unit.objects.create(name="医政医管科", parent=district2, order=1)
    world.office2 = make_user("office2", district2, User.Role.OFFICE)
    world.filler_c = make_user("filler_c", unit_c, User.Role.FILLER)
    world.city_office = make_user("city_office", city, User.Role.OFFICE)
    return world


def attach(client, filing, name, data, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("evidence:attach", args=[filing.pk]), {"file": SimpleUploadedFile(name, data)}, **headers
    )


def test_filler_attaches_a_photo_and_a_pdf_and_the_signer_and_office_see_and_download_them(
    world, login, filing_a, media
):
    client = login(world.filler_a)
    photo = png_bytes()
    response = attach(client, filing_a, "现场照片.png", photo)
    assert response.status_code == 200 and "现场照片.png" in response.content.decode()
    assert attach(client, filing_a, "合同.pdf", PDF).status_code == 200
    items = list(Evidence.objects.filter(filing=filing_a))
    assert [(e.name, e.kind, e.size, e.attached_by) for e in items] == [
        ("现场照片.png", "image", len(photo), world.filler_a),
        ("合同.pdf", "pdf", len(PDF), world.filler_a),
    ]
    assert (
        items[0].sha256 == hashlib.sha256(photo).hexdigest()
        and default_storage.open(items[0].file.name).read() == photo
    )
    assert (media / items[0].file.name).exists()  # through the configured storage
    for reader in (world.signer_a, world.office):
        client = login(reader)
        sheet = client.get(filing_a.submission.get_absolute_url()).content.decode()
        assert "现场照片.png" in sheet and "合同.pdf" in sheet and "filler_a" in sheet
        assert "合同.pdf" in client.get(filing_a.get_absolute_url()).content.decode()
        response = client.get(reverse("evidence:download", args=[items[1].pk]))
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert (
            response["Content-Type"] == "application/pdf"
            and response["X-Content-Type-Options"] == "nosniff"
            and "no-store" in response["Cache-Control"]
        )
        assert (
            response["Content-Disposition"].startswith("attachment;")
            and "filename*=UTF-8''%E5%90%88%E5%90%8C.pdf" in response["Content-Disposition"]
        )


def test_images_alone_are_shown_inline_under_a_restrictive_policy(world, login, filing_a):
    client = login(world.filler_a)
    attach(client, filing_a, "a.png", png_bytes())
    attach(client, filing_a, "b.pdf", PDF)
    image, pdf = Evidence.objects.order_by("pk")
    response = client.get(reverse("evidence:image", args=[image.pk]))
    assert (
        response.status_code == 200
        and response["Content-Type"] == "image/png"
        and response["Content-Disposition"].startswith("inline;")
    )
    assert (
        "default-src 'none'" in response["Content-Security-Policy"] and "sandbox" in response["Content-Security-Policy"]
    )
    assert client.get(reverse("evidence:image", args=[pdf.pk])).status_code == 404


def test_other_units_and_other_districts_get_404_and_the_city_reads(levels, login, filing_a):
    w = levels
    attach(login(w.filler_a), filing_a, "a.png", png_bytes())
    item = Evidence.objects.get()
    urls = [reverse("evidence:download", args=[item.pk]), reverse("evidence:image", args=[item.pk])]
    for outsider in (w.filler_b, w.signer_b, w.office2, w.filler_c):
        client = login(outsider)
        assert [client.get(url).status_code for url in urls] == [404, 404]
        assert client.post(reverse("evidence:remove", args=[item.pk])).status_code == 404
        assert attach(client, filing_a, "x.png", png_bytes()).status_code == 404
    assert Evidence.objects.count() == 1 and Evidence.objects.get().removed_at is None
    city = login(w.city_office)
    assert [city.get(url).status_code for url in urls] == [200, 200]
    assert city.post(reverse("evidence:remove", args=[item.pk])).status_code == 403  # reads, never changes


def test_an_html_file_renamed_png_is_refused_with_a_clear_message(world, login, filing_a, media):
    response = attach(login(world.filler_a), filing_a, "photo.png", HTML)
    page = response.content.decode()
    assert response.status_code == 200 and "“photo.png”的内容不是允许的类型" in page and "与扩展名无关" in page
    assert not Evidence.objects.exists() and not (media / "evidence").exists()


def test_too_large_and_too_many_files_are_refused(world, login, filing_a, settings):
    client = login(world.filler_a)
    settings.DUBAN_EVIDENCE_MAX_BYTES = 300
    page = attach(client, filing_a, "big.pdf", PDF + b"%" * 300).content.decode()
    assert "过大" in page and "300 B" in page and not Evidence.objects.exists()
    settings.DUBAN_EVIDENCE_MAX_FILES = 2
    for color in ("red", "blue"):
        attach(client, filing_a, f"{color}.png", png_bytes(color))
    page = attach(client, filing_a, "third.png", png_bytes("green")).content.decode()
    assert "最多上传 2 个" in page and Evidence.objects.count() == 2


def test_the_same_bytes_attached_twice_are_stored_once(world, login, filing_a, media):
    client = login(world.filler_a)
    attach(client, filing_a, "a.png", png_bytes())
    attach(client, filing_a, "again.png", png_bytes())
    a, b = Evidence.objects.order_by("pk")
    assert a.file.name == b.file.name and len(list((media / "evidence").rglob("*.png"))) == 1


def test_removing_marks_the_file_removed_and_the_history_lists_it(world, login, filing_a):
    client = login(world.filler_a)
    attach(client, filing_a, "旧照片.png", png_bytes())
    item = Evidence.objects.get()
    response = client.post(reverse("evidence:remove", args=[item.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "旧照片.png" not in response.content.decode()
    item.refresh_from_db()
    assert item.removed_by == world.filler_a and item.removed_at is not None
    assert "旧照片.png" not in client.get(filing_a.submission.get_absolute_url()).content.decode()
    history = login(world.office).get(reverse("filings:filing_history", args=[filing_a.pk])).content.decode()
    assert "旧照片.png" in history and "删除" in history


def test_evidence_freezes_with_the_package(world, login, filing_a):
    client = login(world.filler_a)
    attach(client, filing_a, "a.png", png_bytes())
    item = Evidence.objects.get()
    submission = filing_a.submission
    for f in submission.filings.all():
        fill_ready(f, world.filler_a)
    submission.submit(world.filler_a, "张三", "123")
    submission.sign(world.signer_a)
    submission.approve(world.office)
    page = attach(client, filing_a, "late.pdf", PDF).content.decode()
    assert "佐证材料不能再增删" in page and Evidence.objects.count() == 1
    response = client.post(reverse("evidence:remove", args=[item.pk]))
    assert response.status_code == 302 and Evidence.objects.get().removed_at is None
    sheet = client.get(submission.get_absolute_url()).content.decode()
    assert "a.png" in sheet and 'name="file"' not in sheet  # listed, no upload control


def test_the_round_zip_holds_approved_packages_files_for_the_office_in_scope(levels, login, filing_a):
    w = levels
    client = login(w.filler_a)
    photo = png_bytes()
    attach(client, filing_a, "现场照片.png", photo)
    attach(client, filing_a, "合同.pdf", PDF)
    submission = filing_a.submission
    for f in submission.filings.all():
        fill_ready(f, w.filler_a)
    submission.submit(w.filler_a, "张三", "123")
    submission.sign(w.signer_a)
    url = reverse("evidence:round_zip", args=[w.round.pk])
    office = login(w.office)

    def names(response):
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()

    assert names(office.get(url)) == []  # signed, not yet approved
    assert names(office.get(url + "?signed=1")) == ["医政医管科/1-现场照片.png", "医政医管科/1-合同.pdf"]
    submission.approve(w.office)
    response = office.get(url)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read("医政医管科/1-现场照片.png") == photo and archive.read("医政医管科/1-合同.pdf") == PDF
    assert login(w.office2).get(url).status_code == 404
    assert login(w.filler_a).get(url).status_code == 403


def test_types_are_decided_by_the_bytes():
    import docx
    import openpyxl

    out = io.BytesIO()
    docx.Document().save(out)
    assert sniff(out.getvalue())[:2] == (
        "word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    assert sniff(out.getvalue())[0] == "excel"
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert sniff(ole2 + "WordDocument".encode("utf-16-le"))[2] == ".doc"
    assert sniff(ole2 + "Workbook".encode("utf-16-le"))[2] == ".xls"
    assert sniff(ole2) is None  # some other OLE2 file (an .msi, a .ppt)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("evil.html", HTML)
    assert sniff(zipped.getvalue()) is None  # a zip that is neither Word nor Excel
    assert sniff(HTML) is None and sniff(b"GIF89a" + b"\0" * 20)[0] == "image" and sniff(PDF)[1] == "application/pdf"


def test_the_rollup_page_offers_the_zip_with_or_without_signed_packages(world, login):
    client = login(world.office)
    url = reverse("evidence:round_zip", args=[world.round.pk])
    assert f'href="{url}"' in client.get(reverse("documents:rollup", args=[world.round.pk])).content.decode()
    assert (
        f'href="{url}?signed=1"'
        in client.get(reverse("documents:rollup", args=[world.round.pk]) + "?include=signed").content.decode()
    )


def test_without_javascript_the_upload_returns_to_the_sheet_row_with_a_message(world, login, filing_a):
    client = login(world.filler_a)
    response = attach(client, filing_a, "a.png", png_bytes(), htmx=False)
    assert (
        response.status_code == 302
        and response["Location"] == f"{filing_a.submission.get_absolute_url()}#row-{filing_a.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert "佐证材料已上传。" in page and "a.png" in page
    response = client.post(
        reverse("evidence:attach", args=[filing_a.pk]),
        {"file": SimpleUploadedFile("b.png", HTML), "next": filing_a.get_absolute_url()},
    )
    assert response["Location"] == filing_a.get_absolute_url()
    assert "的内容不是允许的类型" in client.get(response["Location"]).content.decode()


def test_only_the_units_filler_attaches(world, login, filing_a):
    for reader in (world.signer_a, world.office):
        assert attach(login(reader), filing_a, "a.png", png_bytes()).status_code == 403
    assert not Evidence.objects.exists()


def test_messages_follow_the_users_language(world, login, filing_a):
    client = login(world.filler_a)
    response = client.post(
        reverse("evidence:attach", args=[filing_a.pk]),
        {"file": SimpleUploadedFile("x.png", HTML)},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert "is not an allowed type" in page and "不是允许的类型" not in page


@pytest.mark.libreoffice
def test_real_word_97_and_excel_97_files_are_recognised(tmp_path):
    """A .doc and an .xls written by LibreOffice (the old binary formats offices still send)."""
    import shutil
    import subprocess

    import docx
    import openpyxl

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.save(tmp_path / "minutes.docx")
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "台账"
    workbook.save(tmp_path / "ledger.xlsx")
    for source, target in (("minutes.docx", "doc:MS Word 97"), ("ledger.xlsx", "xls:MS Excel 97")):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path),
                str(tmp_path / source),
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
    assert sniff((tmp_path / "minutes.doc").read_bytes())[:2] == ("word", "application/msword")
    assert sniff((tmp_path / "ledger.xls").read_bytes())[:2] == ("excel", "application/vnd.ms-excel")
