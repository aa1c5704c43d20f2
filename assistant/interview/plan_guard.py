"""The plan guard: a model's draft, or its repair of one, replaces a plan only when it is no
worse. An empty draft once replaced a good offline plan, and a repair once went from two
milestones to none; the offline plan is the floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

@dataclass
class PlanChoice:
    """The plan kept, its failed checks, whether it is the candidate, and why if it is not."""

    plan: Any
    failures: list
    kept_candidate: bool
    reason: str | None = None


def better_plan(candidate: Any | None, floor: Any, checks: Callable[[Any], list]) -> PlanChoice:
    """Keep `candidate` (a model draft or repair) only if it has milestones and fails no more
    checks than `floor` (the offline plan, or the draft before a repair); ties go to the candidate."""
    floor_failures = checks(floor)
    if candidate is None:
        return PlanChoice(floor, floor_failures, False, "the model returned no plan")
    if not getattr(candidate, "milestones", None):
        return PlanChoice(floor, floor_failures, False, "the model's plan had no milestones")
    failures = checks(candidate)
    if getattr(floor, "milestones", None) and len(failures) > len(floor_failures):
        return PlanChoice(floor, floor_failures, False,
                          f"the model's plan failed {len(failures)} checks, the one it would "
                          f"replace {len(floor_failures)}")
    return PlanChoice(candidate, failures, True)
