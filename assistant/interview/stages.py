"""The interview's stages and the slots each one fills, in the order they are asked."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    VISION = "vision"
    EXPERIENCES = "experiences"
    STRENGTHS = "strengths"
    INTERESTS = "interests"
    INTERSECTIONS = "intersections"
    MILESTONES = "milestones"
    WRAP_UP = "wrap_up"


# The long-horizon picture: title, kind of company, where, with whom.
VISION_SLOTS = ("title", "company", "location", "people")
# After a PM declines the long horizon, the vision shrinks to one near-term aim.
SHORT_VISION_SLOTS = ("goal",)
LATER_SLOTS = ("experiences", "strengths", "interests", "intersections", "milestones")
ALL_SLOTS = (*VISION_SLOTS, *SHORT_VISION_SLOTS, *LATER_SLOTS)

SLOT_LABELS = {
    "title": "Title in five years",
    "company": "Kind of company",
    "location": "Where",
    "people": "Kind of people",
    "goal": "Near-term aim",
    "experiences": "Experiences the role needs",
    "strengths": "Strengths",
    "interests": "Interests",
    "intersections": "Where interests meet company needs",
    "milestones": "Milestones",
}


def stage_of(slot: str) -> Stage:
    if slot in VISION_SLOTS or slot in SHORT_VISION_SLOTS:
        return Stage.VISION
    return Stage(slot)


def slot_order(horizon_declined: bool, vision_skipped: bool) -> tuple[str, ...]:
    """The slots this interview still intends to ask, in order."""
    if vision_skipped:
        vision: tuple[str, ...] = ()
    elif horizon_declined:
        vision = SHORT_VISION_SLOTS
    else:
        vision = VISION_SLOTS
    return (*vision, *LATER_SLOTS)
