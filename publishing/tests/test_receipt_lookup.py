"""A visitor looks a 回执号 up on a public page: the state and the reply, never the message or who wrote it;
lookups are rate limited like the feedback form (issue 21)."""

from publishing.models import Feedback

from .conftest import feedback_post


def test_a_receipt_shows_state_and_reply_only(published, client):
    publication, _version = published
    feedback_post(client, publication, text="请问托位建设进度何时更新？")
    item = Feedback.objects.get()
    page = client.get("/public/receipt/", {"no": item.receipt_number.lower()}).content.decode()
    assert item.receipt_number in page and "新留言" in page and "尚未答复" in page
    assert "王五" not in page and "13700001234" not in page and "托位建设进度何时更新" not in page
    item.handle(published[0].created_by, "handled", "已于第二季度更新。")
    page = client.get("/public/receipt/", {"no": item.receipt_number}).content.decode()
    assert "已处理" in page and "已于第二季度更新。" in page


def test_an_unknown_receipt_is_not_found(published, client):
    response = client.get("/public/receipt/", {"no": "20250101-ZZZZZZ"})
    assert response.status_code == 404 and "没有找到该回执号" in response.content.decode()
    assert client.get("/public/receipt/").status_code == 200  # the empty form


def test_lookups_are_rate_limited(published, client, settings):
    settings.DUBAN_FEEDBACK_RATE_LIMIT = 2
    codes = [
        client.get("/public/receipt/", {"no": f"20250101-AAAAA{n}"}, REMOTE_ADDR="203.0.113.9").status_code
        for n in range(4)
    ]
    assert codes[:2] == [404, 404] and codes[-1] == 429
