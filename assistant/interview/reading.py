"""A `Reading`: what one answer tells the interviewer, whichever backend read it."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SlotValues(BaseModel):
    """The PM's own words for each slot this answer fills; null when it says nothing about it."""

    title: str | None = Field(None, description="Job title they want at the horizon")
    company: str | None = Field(None, description="Kind of company they want to work at")
    location: str | None = Field(None, description="Where they want to be (city, remote, region)")
    people: str | None = Field(None, description="Kind of people they want to work with or lead")
    goal: str | None = Field(None, description="Near-term aim, only when they chose a shorter horizon")
    experiences: str | None = Field(None, description="Experiences they believe the target role needs")
    strengths: str | None = Field(None, description="What they are good at today")
    interests: str | None = Field(None, description="What energises them in the work")
    intersections: str | None = Field(None, description="Where their interests meet what the company needs")
    milestones: str | None = Field(None, description="Concrete steps they commit to, ideally dated")

    def filled(self) -> dict[str, str]:
        return {k: v.strip() for k, v in self.model_dump().items() if v and v.strip()}


class Reading(BaseModel):
    """Typed interpretation of one PM answer. Judgments about what to do next live in the policy."""

    answers_question: bool = Field(description="True if the answer addresses the question asked")
    thin: bool = Field(False, description="True if the answer is vague, very short or unsure")
    slots: SlotValues = Field(default_factory=SlotValues)
    resistance: bool = Field(
        False, description="True if they do not want to look years ahead now (any reason)"
    )
    unsure: bool = Field(
        False, description="True if they have not thought about it or do not know, but are willing"
    )
    content: bool = Field(
        False, description="True if they are happy where they are and want no promotion"
    )
    skip: bool = Field(False, description="True if they ask to skip this question")
    end_requested: bool = Field(False, description="True if they want to stop the conversation")
    reopen: bool = Field(
        False, description="True if, having set the long view aside, they now want to look at it"
    )
    correction: bool = Field(
        False, description="True if they correct or change something they said earlier"
    )
    target_title: str | None = Field(None, description="Role title they aim for, in their words")
    target_level: str | None = Field(
        None, description="Ladder level id of the target title, or 'off_ladder' for a role "
        "outside product management (founder, engineering, research, design)"
    )
    horizon_years: float | None = Field(None, description="Years they give for reaching the target")
    strength_evidence: list[str] = Field(
        default_factory=list,
        description="Verbatim phrases showing a track record: led, launched, grew a metric...",
    )
    experiences_listed: list[str] = Field(
        default_factory=list, description="Each experience they say the target role needs, verbatim"
    )
    covered_dimensions: list[str] = Field(
        default_factory=list,
        description="Ladder dimensions their listed experiences touch: scope, horizon, customers, "
        "metrics, people, strategy, influence",
    )
    sensitive: list[str] = Field(
        default_factory=list, description="Private topics disclosed: health, family, other"
    )
    question_back: str | None = Field(None, description="A question they asked the interviewer")
    # Internal: the reader judged this a personal disclosure (not just a word like "health").
    disclosed: bool = Field(False, description="True if they shared something personal and hard")
    # Internal: how sure the reader is of its intent judgment, and what it could not tell apart
    # ("resistance" or a slot name). The policy turns doubt into a `clarify` move.
    confidence: float = Field(1.0, ge=0.0, le=1.0, description="Reader's confidence, 0-1")
    doubt: str | None = Field(None, description="What the reader could not tell apart, if anything")
    source: str = Field("rules", description="Which reader produced this reading")
