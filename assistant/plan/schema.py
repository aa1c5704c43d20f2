"""The development plan: one schema that drafting, checks, versions and every export share."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field


class GapSource(StrEnum):
    PM = "pm"
    LADDER = "ladder"
    MANAGER = "manager"


class Origin(StrEnum):
    PM = "pm"
    MANAGER = "manager"
    AI = "ai"


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class MilestoneKind(StrEnum):
    NEAR_TERM = "near_term"
    STEPPING_STONE = "stepping_stone"


class CheckInKind(StrEnum):
    DISCUSSION = "discussion"
    FOLLOW_UP = "follow_up"
    REVIEW = "review"


class Vision(BaseModel):
    """Where the PM sees themselves at the horizon; all empty when they chose not to look that far."""

    title: str | None = Field(None, description="Job title they want, in their words")
    company: str | None = Field(None, description="Kind of company, in their words")
    location: str | None = Field(None, description="Where, in their words")
    people: str | None = Field(None, description="Kind of people they want to work with, in their words")

    def is_empty(self) -> bool:
        return not any(v and v.strip() for v in self.model_dump().values())


class Gap(BaseModel):
    """Something the target role expects that the PM does not yet show."""

    id: str = Field(description="Stable id; a ladder expectation id like 'director.metrics' when from the ladder")
    area: str = Field(description="What is missing, short")
    expectation: str = Field("", description="What the ladder level expects here")
    evidence: list[str] = Field(default_factory=list, description="Verbatim quotes from the PM or the manager's notes")
    source: GapSource = Field(description="Who named it: pm, ladder or manager")


class Intersection(BaseModel):
    """Where something the PM enjoys meets what the company needs at the next level."""

    id: str
    interest: str = Field(description="The PM's interest, in their words")
    company_need: str = Field(description="What the company looks for at the next level")
    opportunity: str = Field(description="A concrete chance to put the two together")


class Milestone(BaseModel):
    """One step the PM sets and owns: their words, a date, a way to tell it is done."""

    id: str = Field(description="Short unique id such as 'm1'")
    text: str = Field(description="The step, in the PM's own words where they gave them")
    due: date | None = Field(None, description="Due date, ISO 8601, within the plan's horizon")
    measure: str = Field("", description="How anyone can tell it is done")
    owner: str = Field("pm", description="Always the PM: 'pm'")
    support: str | None = Field(None, description="What the manager does to help")
    evidence: list[str] = Field(default_factory=list, description="Verbatim quotes from the transcript behind it")
    status: Status = Status.NOT_STARTED
    origin: Origin = Field(Origin.PM, description="pm when the PM proposed it, ai when suggested, manager when added")
    gap_ids: list[str] = Field(default_factory=list, description="Ids of the gaps this step closes")
    intersection_ids: list[str] = Field(default_factory=list, description="Ids of the intersections it uses")
    kind: MilestoneKind = Field(MilestoneKind.NEAR_TERM, description="near_term for the next quarters, "
                                "stepping_stone for a longer step toward the vision")

    @property
    def ownership(self) -> str:
        """How the plan labels it: the PM owns every step except those a manager added."""
        return "manager-added" if self.origin == Origin.MANAGER else "PM-owned"


class CheckIn(BaseModel):
    """A dated conversation about the plan."""

    when: date
    purpose: str
    kind: CheckInKind = CheckInKind.REVIEW
    minutes: int = 30


class Plan(BaseModel):
    """A PM's development plan."""

    pm_name: str | None = Field(None, description="The PM's name if known")
    current_role: str | None = Field(None, description="Their role today")
    created: date = Field(description="The day the plan was drafted")
    horizon_years: float = Field(5, description="How far ahead the plan looks, in years")
    horizon_declined: bool = Field(False, description="True when the PM chose not to look five years out")
    vision: Vision = Field(default_factory=Vision)
    goal: str | None = Field(None, description="Near-term aim, when the PM chose a shorter horizon")
    target_role: str | None = None
    target_level: str | None = Field(None, description="Ladder level id of the target role")
    strengths: list[str] = Field(default_factory=list)
    interests: list[str] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    intersections: list[Intersection] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    check_ins: list[CheckIn] = Field(default_factory=list)
    manager_name: str | None = Field(None, description="The manager's name if known")
    notice: str | None = Field(None, description="What a reader must know first, e.g. that no step is the PM's own yet")
    support: list[str] = Field(default_factory=list, description="What the manager offered to do, in their words")
    path: str | None = Field(None, description="promotion, content, or a move out of product: founder, "
                             "engineering, research, design")
    time_zone: str | None = Field(None, description="IANA time zone for calendar files, e.g. Europe/Berlin")
    country: str | None = Field(None, description="ISO 3166 code whose public holidays no due date may fall on")

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def horizon_end(self) -> date:
        """The last day the plan covers."""
        from assistant.plan.dates import add_days
        return add_days(self.created, round(self.horizon_years * 365.25))


class DraftContent(BaseModel):
    """What the model writes; the drafter adds the dates, horizon and check-ins it already knows."""

    vision: Vision = Field(default_factory=Vision)
    goal: str | None = None
    target_role: str | None = None
    target_level: str | None = None
    strengths: list[str] = Field(default_factory=list)
    interests: list[str] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    intersections: list[Intersection] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
