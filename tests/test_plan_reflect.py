"""The follow-up reads new dates with the plan's own date grammar: quarters, halves, months, on working days."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.reflect import Reflection, read_update
from tests.test_plan_support import good_plan

TODAY = date(2027, 1, 15)


@pytest.mark.parametrize("text, due", [
    ("Started, but I need until the end of Q2.", date(2027, 6, 30)),
    ("It slipped; let's say by May.", date(2027, 5, 31)),
    ("Half way, pushing it to H2.", date(2027, 12, 31)),
    ("Moved to 2027-04-01.", date(2027, 4, 1)),
    ("Going fine.", None),
])
def test_a_new_date_in_an_update(text, due):
    assert read_update(text, TODAY).due == due


def test_a_proposed_date_is_a_working_day_and_applied_only_when_accepted():
    plan = good_plan()
    reflection = Reflection.replay(plan, TODAY, ["In progress; I need until the end of February."])
    proposal = next(p for p in reflection.proposals if p.field == "due")
    assert date.fromisoformat(proposal.after) == date(2027, 2, 26), "28 Feb 2027 is a Sunday"
    assert plan.milestones[0].due == date(2027, 3, 31), "nothing changes until a person accepts"


@pytest.mark.parametrize("text, stop, skip", [
    ("stop", True, False),
    ("That's enough for today, thanks", True, False),
    ("End of March.", False, False),
    ("skip", False, True),
    ("next please", False, True),
    ("Next I want to lead the discovery for the partner API by May.", False, False),
])
def test_only_a_short_message_is_a_command(text, stop, skip):
    update = read_update(text, TODAY)
    assert (update.stop, update.skip) == (stop, skip)


def test_not_started_is_not_in_progress():
    assert read_update("Not started yet, the launch ate my time.", TODAY).status == "not_started"
    assert read_update("I've started, halfway there.", TODAY).status == "in_progress"
