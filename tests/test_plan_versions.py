"""Manager edits make versions; any two versions, and the AI draft, can be compared."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from assistant.plan.schema import Milestone
from assistant.plan.versions import PlanHistory, Role, diff_plans, marks
from tests.test_plan_support import good_plan

AT = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def history_with_edits() -> PlanHistory:
    history = PlanHistory.start(good_plan(), at=AT)
    pm = history.latest.plan.model_copy(deep=True)
    pm.milestones[0].due = date(2027, 4, 30)
    history.edit(pm, "Ana", Role.PM, "moved my QBR date", at=AT)
    mgr = history.latest.plan.model_copy(deep=True)
    mgr.milestones[0].support = "I will book the QBR slot"
    mgr.milestones.append(Milestone(id="m3", text="Shadow two enterprise renewals with the account team.",
                                    due=date(2027, 5, 31), measure="Two renewals joined, notes shared.",
                                    gap_ids=["director.metrics"]))
    history.edit(mgr, "Maya", "manager", "added customer exposure", at=AT)
    return history


def test_each_edit_is_a_new_version_with_author_role_time_and_note():
    h = history_with_edits()
    assert [v.number for v in h.versions] == [1, 2, 3]
    assert [(v.author, v.role) for v in h.versions] == [("Next Step", Role.AI), ("Ana", Role.PM), ("Maya", Role.MANAGER)]
    assert h.latest.note == "added customer exposure" and h.latest.at == AT
    assert h.versions[0].plan.milestones[0].due == date(2027, 3, 31), "older versions are untouched"


def test_a_manager_addition_is_marked_and_pm_steps_stay_pm_owned():
    plan = history_with_edits().latest.plan
    assert dict((i, mark) for i, _, mark in marks(plan)) == {
        "m1": "PM-owned", "m2": "PM-owned", "m3": "manager-added"}


def test_diff_between_two_versions_reads_per_field_and_per_milestone():
    d = history_with_edits().diff(2, 3)
    lines = d.text().splitlines()
    assert lines[0] == "Changes from version 2 to version 3:"
    assert any(l.startswith("~ milestone m1.support [PM-owned]:") and l.endswith("I will book the QBR slot")
               for l in lines)
    assert any(l.startswith("+ milestone m3 [manager-added]: Shadow two enterprise renewals") for l in lines)
    assert not any("due" in l and "m1" in l for l in lines), "the PM's date change was in version 2"


def test_diff_against_the_ai_draft_collects_every_edit():
    d = history_with_edits().diff_from_draft()
    where = {(c.where, c.field) for c in d.changes}
    assert {("milestone m1", "due"), ("milestone m1", "support"), ("milestone m3", None)} <= where
    assert "2027-03-31 -> 2027-04-30" in d.text()


def test_identical_plans_have_no_diff():
    assert diff_plans(good_plan(), good_plan()) == []
    assert history_with_edits().diff(1, 1).markdown() == "No changes."


def test_history_serialises_to_json_and_back():
    h = history_with_edits()
    again = PlanHistory.model_validate_json(h.model_dump_json())
    assert again == h
    blob = h.latest.plan.model_dump(mode="json")
    assert json.loads(json.dumps(blob))["milestones"][2]["origin"] == "manager"
