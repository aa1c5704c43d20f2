"""Sample plans and conversations for the plan tests."""

from __future__ import annotations

from datetime import date

from assistant.interview.session import Message
from assistant.interview.state import Gap as OfferedGap, InterviewState
from assistant.plan.schedule import check_ins
from assistant.plan.schema import Gap, GapSource, Intersection, Milestone, Origin, Plan, Vision

TODAY = date(2026, 11, 23)

TRANSCRIPT = [
    Message("assistant", "In five years, what title do you see yourself holding?", "vision", "ask"),
    Message("pm", "Director of Product, at a big tech company in Seattle, leading other PMs.", "vision"),
    Message("assistant", "What experiences would you need for that?", "experiences", "advance"),
    Message("pm", "I just need more visibility with the execs, that's about it.", "experiences"),
    Message("pm", "By March I’ll present my roadmap at the quarterly business review.", "milestones"),
]
NOTES = "She led the checkout redesign and grew conversion by 4%."
OFFERED = [OfferedGap(id="director.metrics", label="Metrics ownership",
                      text="Has a track record of moving significant company-level KPIs.")]


def state(**kw) -> InterviewState:
    base = dict(slots={"title": "Director of Product"}, current_title="Product Manager", current_rank=1,
                target_title="Director of Product", target_rank=4, horizon_years=2, gaps_offered=OFFERED)
    base.update(kw)
    return InterviewState(**base)


def good_plan() -> Plan:
    plan = Plan(
        current_role="Product Manager", created=TODAY, horizon_years=2,
        vision=Vision(title="Director of Product", company="big tech company", location="Seattle",
                      people="leading other PMs"),
        target_role="Director of Product", target_level="director",
        strengths=["She led the checkout redesign"], interests=["presenting"],
        gaps=[
            Gap(id="pm1", area="more visibility with the execs", source=GapSource.PM,
                evidence=["I just need more visibility with the execs"]),
            Gap(id="director.metrics", area="Metrics ownership", source=GapSource.LADDER,
                expectation="Has a track record of moving significant company-level KPIs."),
        ],
        intersections=[Intersection(id="x1", interest="presenting", company_need="exec visibility",
                                    opportunity="Present the roadmap at the business review")],
        milestones=[
            Milestone(id="m1", text="By March I'll present my roadmap at the quarterly business review.",
                      due=date(2027, 3, 31), measure="The review happened and the slides are shared.",
                      evidence=["By March I'll present my roadmap at the quarterly business review."],
                      gap_ids=["pm1"], intersection_ids=["x1"]),
            Milestone(id="m2", text="I will set a target for one business metric and report on it monthly.",
                      due=date(2027, 6, 30), measure="Target agreed and six monthly reports sent.",
                      origin=Origin.AI, gap_ids=["director.metrics"],
                      evidence=["grew conversion by 4%"], support="Help me pick the metric — “soon” 🚀"),
        ],
    )
    plan.check_ins = check_ins(TODAY, plan.horizon_end(), [m.due for m in plan.milestones])
    return plan
