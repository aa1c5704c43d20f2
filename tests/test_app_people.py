"""Login, sharing between a PM and their manager, share files, and the PM's own data, via AppTest."""

from __future__ import annotations

import json


from tests.test_app_plan import ANSWERS
from tests.test_app_support import answer, begin, fresh_app, shown

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "not-a-secret",
        "client_id": "next-step", "client_secret": "not-a-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def as_user(email: str | None, name: str = "") -> object:
    at = fresh_app()
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email, "name": name}
    return at


def drafted_by(at):
    at = begin(at, role="Senior Product Manager")
    for text in ANSWERS:
        at = answer(at, text)
    at.button(key="draft_now").click().run()
    assert not at.exception
    return at


def test_local_mode_says_so_in_the_sidebar():
    at = fresh_app()
    at.run()
    assert any("Single-person local mode" in c.value for c in at.sidebar.caption)


def test_with_login_configured_a_visitor_must_sign_in_first():
    at = as_user(None)
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.chat_message and not at.text_input


def test_signed_in_people_see_only_their_own_conversations():
    pat = as_user("pat@example.com", "Pat")
    pat = begin(pat)
    pat = answer(pat, "Group PM at a marketplace in Berlin")
    assert any("Signed in as **Pat**" in c.value for c in pat.sidebar.caption)
    cid = pat.query_params["c"]

    sam = as_user("sam@example.com", "Sam")
    sam.query_params["c"] = cid  # a guessed or leaked link
    sam.run()
    assert not sam.exception
    assert not sam.chat_message, "someone else's conversation id opens nothing"
    sam.switch_page("app_pages/history.py").run()
    assert any("Nothing here yet" in i.value for i in sam.info)


def test_a_shared_plan_reaches_the_manager_and_stops_when_revoked():
    pat = drafted_by(as_user("pat@example.com", "Pat"))
    pat.text_input(key="manager_email").input("lee@example.com")
    [b for b in pat.button if b.label == "Share the plan"][0].click().run()
    assert any("can see the latest version" in s.value for s in pat.success)

    lee = as_user("lee@example.com", "Lee")
    lee.switch_page("app_pages/history.py").run()
    assert [shown(e.label) for e in lee.main.expander] == ["Pat: Rehearsal · Senior Product Manager"]
    assert "VP of Product" in " ".join(m.value for m in lee.main.expander[0].markdown)

    pat.button(key="unshare").click().run()
    lee.run()
    assert not lee.main.expander
    assert any("Nothing has been shared" in i.value for i in lee.info)


def test_local_mode_share_file_can_be_imported_by_the_manager(files):
    made = files
    pm = drafted_by(fresh_app())
    pm.text_input(key="manager_email").input("lee@example.com")
    [b for b in pm.button if b.label == "Make a share file"][0].click().run()
    share = json.loads(made["next-step-share.json"]())
    assert share["what"] == "plan" and share["content"]["plan"]["milestones"]

    lee = as_user("lee@example.com", "Lee")
    lee.switch_page("app_pages/history.py").run()
    lee.file_uploader(key="share_import").set_value(
        ("next-step-share.json", json.dumps(share).encode(), "application/json")).run()
    lee.button(key="share_import_go").click().run()
    assert not lee.exception
    assert any("Imported what" in s.value for s in lee.success)
    assert "VP of Product" in " ".join(m.value for m in lee.main.expander[0].markdown)


def test_a_broken_share_file_is_explained():
    lee = as_user("lee@example.com", "Lee")
    lee.switch_page("app_pages/history.py").run()
    lee.file_uploader(key="share_import").set_value(("x.json", b'{"format": "other"}', "application/json")).run()
    lee.button(key="share_import_go").click().run()
    assert not lee.exception
    assert any("could not be imported" in e.value for e in lee.error)


def test_your_data_can_be_exported_and_erased():
    at = begin(fresh_app())
    at = answer(at, "Principal PM at a developer tools company, remote")
    at.switch_page("app_pages/history.py").run()
    assert at.download_button(key="export_all")
    at.button(key="erase").click().run()
    assert at.button(key="erase_yes"), "erasing asks first"
    at.button(key="erase_yes").click().run()
    assert not at.exception
    assert any("has been erased" in s.value for s in at.success)
    assert any("Nothing here yet" in i.value for i in at.info)


def test_an_imported_share_can_be_removed_by_the_manager(files):
    made = files
    pm = drafted_by(fresh_app())
    pm.text_input(key="manager_email").input("lee@example.com")
    [b for b in pm.button if b.label == "Make a share file"][0].click().run()
    share = json.loads(made["next-step-share.json"]())
    lee = as_user("lee@example.com", "Lee")
    lee.switch_page("app_pages/history.py").run()
    lee.file_uploader(key="share_import").set_value(
        ("next-step-share.json", json.dumps(share).encode(), "application/json")).run()
    lee.button(key="share_import_go").click().run()
    assert len(lee.main.expander) == 1
    lee.button(key=f"dismiss_share_{share['id']}").click().run()
    assert not lee.exception
    assert not lee.main.expander
    assert any("Nothing has been shared" in i.value for i in lee.info)
