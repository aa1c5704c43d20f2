"""Who may see what: every access path denied to everyone but the owner and, when shared, their manager."""

from __future__ import annotations

import pytest

from assistant.interview.session import Message
from assistant.interview.state import InterviewState
from assistant.store import NotAllowed
from test_store_support import converse, store, target, team  # noqa: F401  (fixtures)


@pytest.fixture
def pats_things(store, team):
    """Pat's rehearsal, plan and share, plus Mia's own draft plan for Pat."""
    pat = store.access(team["pat"])
    conv, journal = converse(pat, texts=("Q", "private answer", "Q2", "another"))
    journal.save_state(InterviewState(slots={"title": "Director"}))
    pat.rate(conv.id, 3)
    plan = pat.save_plan_version({"goal": "g"}, conversation_id=conv.id)
    share = pat.share("summary", conversation_id=conv.id)
    mia = store.access(team["mia"])
    draft = mia.create_conversation("draft", subject=team["pat"])
    mias_plan = mia.save_plan_version({"goal": "m"}, conversation_id=draft.id)
    msg_id = pat.transcript(conv.id)[1].id
    return {"conv": conv.id, "plan": plan.plan_id, "share": share.id, "draft": draft.id,
            "mias_plan": mias_plan.plan_id, "msg": msg_id}


# Each path takes (access, ids, team) and must raise NotAllowed for anyone but the owner.
OWNER_ONLY = {
    "conversation": lambda a, i, t: a.conversation(i["conv"]),
    "journal": lambda a, i, t: a.journal(i["conv"]),
    "transcript": lambda a, i, t: a.transcript(i["conv"]),
    "load_state": lambda a, i, t: a.load_state(i["conv"]),
    "readings": lambda a, i, t: a.readings(i["conv"]),
    "rename": lambda a, i, t: a.rename(i["conv"], "mine now"),
    "delete": lambda a, i, t: a.delete_conversation(i["conv"]),
    "rate": lambda a, i, t: a.rate(i["conv"], 1),
    "rating": lambda a, i, t: a.rating(i["conv"]),
    "plan_for": lambda a, i, t: a.plan_for(i["conv"]),
    "parent": lambda a, i, t: a.create_conversation("reflect", parent_id=i["conv"]),
    "share_summary": lambda a, i, t: a.share("summary", conversation_id=i["conv"]),
    "share_excerpts": lambda a, i, t: a.share("excerpts", conversation_id=i["conv"],
                                              excerpts=[i["msg"]]),
    "share_plan": lambda a, i, t: a.share("plan", plan_id=i["plan"]),
    "preview": lambda a, i, t: a.preview_share("summary", conversation_id=i["conv"]),
    "revoke": lambda a, i, t: a.revoke(i["share"]),
    "export_share": lambda a, i, t: a.export_share(i["share"]),
    "save_to_conversation": lambda a, i, t: a.save_plan_version({}, conversation_id=i["conv"]),
}
PLAN_PATHS = {
    "plan": lambda a, i, t: a.plan(i["plan"]),
    "plan_versions": lambda a, i, t: a.plan_versions(i["plan"]),
    "save_plan_version": lambda a, i, t: a.save_plan_version({"x": 1}, plan_id=i["plan"]),
}
STRANGER_ONLY = {
    "shared_item": lambda a, i, t: a.shared_item(i["share"]),
    "draft_for_someone_else": lambda a, i, t: a.create_conversation("draft", subject=t["pat"]),
    "plan_for_someone_else": lambda a, i, t: a.save_plan_version({}, subject=t["pat"]),
    "mias_plan": lambda a, i, t: a.plan(i["mias_plan"]),
    "mias_draft": lambda a, i, t: a.conversation(i["draft"]),
}


def refused(access, paths, ids, team) -> list[str]:
    """Names of the paths that did NOT raise NotAllowed (the test wants none)."""
    let_through = []
    for name, path in paths.items():
        try:
            path(access, ids, team)
        except NotAllowed:
            continue
        let_through.append(name)
    return let_through


@pytest.mark.parametrize("who", ["quinn", "olga", "ola", "stranger", "mia"])
def test_only_the_owner_reaches_a_conversation(store, team, pats_things, who):
    """Other PMs, other managers, strangers and Pat's own manager are all refused."""
    assert refused(store.access(team[who]), OWNER_ONLY, pats_things, team) == []


@pytest.mark.parametrize("who", ["quinn", "olga", "ola", "stranger"])
def test_nobody_else_reaches_plans_or_shares(store, team, pats_things, who):
    paths = PLAN_PATHS | STRANGER_ONLY
    assert refused(store.access(team[who]), paths, pats_things, team) == []


def test_the_owner_reaches_everything(store, team, pats_things):
    pat = store.access(team["pat"])
    for name, path in (OWNER_ONLY | PLAN_PATHS).items():
        if name not in ("delete", "parent", "revoke"):
            path(pat, pats_things, team)
    pat.revoke(pats_things["share"])
    pat.create_conversation("reflect", parent_id=pats_things["conv"])
    pat.delete_conversation(pats_things["conv"])
    assert pat.plan(pats_things["mias_plan"]).owner_id == team["pat"].id  # drafted for Pat


def test_a_manager_does_not_see_an_unshared_plan_or_any_transcript(store, team, pats_things):
    mia = store.access(team["mia"])
    with pytest.raises(NotAllowed):
        mia.plan(pats_things["plan"])
    assert pats_things["plan"] not in {p.id for p in mia.plans()}
    # Her own draft for Pat she does see, and so does Pat.
    assert pats_things["mias_plan"] in {p.id for p in mia.plans()}
    (item,) = mia.shared_with_me()
    assert "private answer" not in repr(item.content)


def test_sharing_a_plan_opens_it_to_the_manager_until_revoked(store, team, pats_things):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    share = pat.share("plan", plan_id=pats_things["plan"])
    assert mia.plan(pats_things["plan"]).latest.data == {"goal": "g"}
    mia.save_plan_version({"goal": "g", "support": "I will introduce you"},
                          plan_id=pats_things["plan"], note="added support")
    assert pat.plan_versions(pats_things["plan"])[-1].author_name == "Mia"
    pat.revoke(share.id)
    for path in PLAN_PATHS.values():
        with pytest.raises(NotAllowed):
            path(mia, pats_things, team)


def test_a_revoked_share_disappears_at_once(store, team, pats_things):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    assert mia.shared_item(pats_things["share"]).owner.identity == "pat"
    revoked = pat.revoke(pats_things["share"])
    assert not revoked.active and pat.shares()[0].revoked_at is not None
    assert mia.shared_with_me() == []
    with pytest.raises(NotAllowed):
        mia.shared_item(pats_things["share"])
    with pytest.raises(NotAllowed):
        pat.export_share(pats_things["share"])


def test_a_former_manager_loses_access(store, team, pats_things):
    store.set_manager(team["pat"], team["olga"])
    mia, olga = store.access(team["mia"]), store.access(team["olga"])
    assert mia.shared_with_me() == []
    with pytest.raises(NotAllowed):
        mia.shared_item(pats_things["share"])
    with pytest.raises(NotAllowed):
        mia.plan(pats_things["mias_plan"])
    # The new manager does not inherit shares made to the old one.
    assert olga.shared_with_me() == []


def test_sharing_needs_a_manager(store):
    loner = store.access(store.person("loner"))
    conv, _ = converse(loner)
    with pytest.raises(NotAllowed, match="manager"):
        loner.share("summary", conversation_id=conv.id)


def test_a_journal_cannot_write_once_its_conversation_is_gone(store, team):
    pat = store.access(team["pat"])
    conv, journal = converse(pat)
    pat.delete_conversation(conv.id)
    with pytest.raises(NotAllowed):
        journal.record(Message("pm", "too late"))
    with pytest.raises(NotAllowed):
        pat.transcript(conv.id)


def test_an_erased_person_can_do_nothing(store, team, pats_things):
    pat = store.access(team["pat"])
    pat.erase_person(compact=False)
    with pytest.raises(NotAllowed):
        pat.me()
    with pytest.raises(NotAllowed):
        pat.create_conversation("rehearse")
    assert pat.conversations() == [] and store.find_person("pat") is None


def test_a_pm_names_their_manager_by_email(store):
    pat = store.access(store.person("pat-sub", name="Pat"))
    boss = pat.choose_manager("boss@example.com")
    assert boss.identity == "boss@example.com" and pat.manager() == boss
    # When the manager logs in with that identity they are the same person, and see shares.
    mgr = store.access(store.person("boss@example.com", name="Bo"))
    conv, _ = converse(pat, texts=("Q", "A"))
    pat.share("summary", conversation_id=conv.id)
    assert [i.owner.name for i in mgr.shared_with_me()] == ["Pat"]
    with pytest.raises(ValueError):
        pat.choose_manager("pat-sub")
    assert pat.choose_manager(None) is None and mgr.shared_with_me() == []


def test_a_deleted_conversation_refuses_readings_and_state(store):
    from assistant.interview.reading import Reading

    pat = store.access(store.person("pat"))
    conv, journal = converse(pat, texts=("Q", "A"))
    pat.delete_conversation(conv.id)
    with pytest.raises(NotAllowed):
        journal.annotate(Reading(answers_question=True))
    with pytest.raises(NotAllowed):
        journal.save_state(InterviewState())
