"""The development plan: schema, drafting, checks, versions and exports."""

from assistant.plan.checks import Failure, check_plan
from assistant.plan.drafter import Draft, draft_plan
from assistant.plan.schema import CheckIn, Gap, Intersection, Milestone, Plan, Vision

__all__ = ["CheckIn", "Draft", "Failure", "Gap", "Intersection", "Milestone", "Plan", "Vision",
           "check_plan", "draft_plan"]
