"""A NUL byte or another C0 control character in a query string or form field is a clear 400, in the user's
language, before any view runs (on PostgreSQL such a string would reach the database and fail there); tab,
line feed and carriage return pass; uploaded files are not inspected."""

import pytest

ZH = "请求中含有空字符或其他控制字符"
EN = "The request contains a NUL byte or another control character"


@pytest.mark.parametrize(
    "url",
    ["/public/?q=%00", "/search/?q=%00", "/search/public/?q=%00", "/public/?q=a%00b&year=2025", "/search/?q%00=1"],
)
def test_a_nul_byte_in_the_query_string_is_a_clear_400_for_anonymous_visitors(db, client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert ZH in response.content.decode()


def test_the_message_is_english_under_english(db, client):
    response = client.get("/public/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and EN in response.content.decode()


@pytest.mark.parametrize("char", ["%01", "%07", "%08", "%0B", "%0C", "%1B", "%1F"])
def test_other_control_characters_are_refused_too(db, client, char):
    assert client.get(f"/public/?q=a{char}b").status_code == 400


@pytest.mark.parametrize("char", ["%09", "%0A", "%0D", "%C2%A0", "%E3%80%80"])
def test_tab_newline_carriage_return_and_wide_spaces_pass(db, client, char):
    assert client.get(f"/public/?q=a{char}b").status_code == 200


def test_a_nul_byte_in_a_form_field_is_refused_and_nothing_is_saved(city_world, client):
    w = city_world
    filing = w.jj.filings["sq"]  # returned by the office: editable by its filler
    client.force_login(w.jj.fillers["sq"])
    before = (filing.version, filing.completion)
    response = client.post(
        f"/filings/{filing.pk}/",
        {"version": filing.version, "completion": "新的进展\x00", "completed": "yes", "self_assessment": "on_track"},
    )
    assert response.status_code == 400 and ZH in response.content.decode()
    filing.refresh_from_db()
    assert (filing.version, filing.completion) == before
    # The same edit without the NUL byte is saved (the refusal was the control character's).
    response = client.post(
        f"/filings/{filing.pk}/",
        {"version": filing.version, "completion": "新的进展", "completed": "yes", "self_assessment": "on_track"},
    )
    filing.refresh_from_db()
    assert response.status_code in (200, 302) and filing.completion == "新的进展"


def test_the_api_answers_its_json_error(city_world, client):
    from api.models import ApiToken

    raw = ApiToken.issue(city_world.jj.office, "t")[1]
    response = client.get("/api/plans?year=%00", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 400
    assert response.json()["code"] == "control_characters" and ZH in response.json()["message"]


def test_uploaded_files_are_not_inspected(city_world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(city_world.jj.office)
    upload = SimpleUploadedFile(
        "plan.txt", "一、重点工作\n1. 新增托位\x00100个。\n".encode(), content_type="text/plain"
    )
    response = client.post("/documents/import/", {"document": upload})
    assert ZH not in response.content.decode()
