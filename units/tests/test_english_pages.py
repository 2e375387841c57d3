"""With English active every main page of every role is English: no Han character is left once the user
data is Latin (issue 21, item 10)."""

import time_machine

from .english import han_left, latin_world, main_pages


@time_machine.travel("2025-07-14 02:00:00+00:00", tick=False)
def test_every_roles_main_pages_hold_no_chinese_in_english(db, client):
    w = latin_world()
    left = {}
    for user, urls in main_pages(w):
        client.force_login(user)
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)
            assert response.status_code == 200, (user.username, url, response.status_code)
            found = han_left(response.content.decode(), w.user_data)
            if found:
                left[f"{user.username} {url}"] = sorted(set(found))
    assert not left, "\n".join(f"{page}: {texts}" for page, texts in left.items())
