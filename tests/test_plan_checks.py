"""Plan checks: a good plan passes; each kind of bad plan is named precisely."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.plan.checks import check_plan, is_verbatim
from assistant.plan.schema import Milestone, Vision
from tests.test_plan_support import NOTES, OFFERED, TODAY, TRANSCRIPT, good_plan


def failures(plan, **kw):
    return check_plan(plan, TRANSCRIPT, OFFERED, NOTES, **kw)


def codes(plan, **kw):
    return {(f.code, f.milestone_id) for f in failures(plan, **kw)}


def test_a_good_plan_passes_every_check():
    assert failures(good_plan()) == []


@pytest.mark.parametrize("change, code", [
    ({"text": "Get better."}, "not_specific"),
    ({"text": "improve skills"}, "not_specific"),
    ({"due": None}, "undated"),
    ({"due": date(2030, 1, 1)}, "outside_horizon"),
    ({"due": TODAY}, "outside_horizon"),
    ({"measure": ""}, "not_measurable"),
    ({"measure": "done"}, "not_measurable"),
    ({"owner": "manager"}, "not_owned"),
    ({"gap_ids": [], "intersection_ids": []}, "untied"),
    ({"gap_ids": ["nope"], "intersection_ids": []}, "unknown_link"),
    ({"evidence": ["I want to be CEO next year"]}, "quote_not_found"),
])
def test_each_milestone_failure_is_named_with_its_milestone(change, code):
    plan = good_plan()
    plan.milestones[1] = plan.milestones[1].model_copy(update=change)
    found = codes(plan)
    assert (code, "m2") in found
    assert not any(mid == "m1" for _, mid in found), "the good milestone stays clean"


def test_quotes_may_come_from_manager_notes_but_not_from_the_assistant():
    sources = ["I just need more visibility", NOTES]
    assert is_verbatim("grew conversion by 4%", sources)
    plan = good_plan()
    plan.milestones[0].evidence = ["what title do you see yourself holding"]
    assert ("quote_not_found", "m1") in codes(plan)


def test_quotes_tolerate_rewrapping_and_curly_apostrophes_but_not_rewording():
    plan = good_plan()
    plan.milestones[0].evidence = ["By March I'll   present my\nroadmap"]
    assert failures(plan) == []
    plan.milestones[0].evidence = ["By March I will present my roadmap"]
    assert ("quote_not_found", "m1") in codes(plan)


def test_a_ladder_gap_raised_in_the_interview_must_be_in_the_plan():
    plan = good_plan()
    plan.gaps = [g for g in plan.gaps if g.id != "director.metrics"]
    plan.milestones[1].gap_ids = ["pm1"]
    fs = failures(plan)
    assert [f.code for f in fs] == ["gap_missing"]
    assert "Metrics ownership" in fs[0].message


def test_a_declined_horizon_forbids_an_invented_vision_and_a_long_horizon():
    plan = good_plan()
    found = {f.code for f in failures(plan, horizon_declined=True)}
    assert {"invented_vision"} <= found and "horizon_too_long" not in found
    plan.horizon_years, plan.vision = 5, Vision()
    plan.milestones = [m.model_copy(update={"due": date(2027, 1, 31)}) for m in plan.milestones]
    found = {f.code for f in failures(plan, horizon_declined=True)}
    assert "horizon_too_long" in found and "invented_vision" not in found


def test_plan_wide_failures_no_milestones_and_duplicate_ids():
    plan = good_plan()
    plan.milestones = []
    assert ("no_milestones", None) in codes(plan)
    plan = good_plan()
    plan.milestones.append(plan.milestones[0].model_copy())
    assert ("duplicate_id", "m1") in codes(plan)


def test_owner_may_be_the_pm_by_name():
    plan = good_plan()
    plan.pm_name = "Ana Ruiz"
    plan.milestones[0] = plan.milestones[0].model_copy(update={"owner": "Ana Ruiz"})
    assert failures(plan) == []
    assert isinstance(plan.milestones[0], Milestone)


def test_failures_read_as_one_line_each():
    plan = good_plan()
    plan.milestones[1].owner = "manager"
    (f,) = failures(plan)
    assert str(f).startswith("[not_owned] milestone m2:") and "\n" not in str(f)


def test_offered_gaps_may_be_ids_or_dicts_from_a_saved_state():
    plan = good_plan()
    plan.gaps = plan.gaps[:1]
    plan.milestones[1].gap_ids = ["pm1"]
    for offered in (["director.metrics"], [{"id": "director.metrics", "label": "Metrics ownership", "text": "x"}]):
        fs = check_plan(plan, TRANSCRIPT, offered, NOTES)
        assert [f.code for f in fs] == ["gap_missing"] and "director.metrics" in fs[0].message
