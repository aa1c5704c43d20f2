"""The development plan: schema, drafting, checks, versions and exports."""

from assistant.plan.checks import Failure, check_plan
from assistant.plan.drafter import Draft, draft_plan
from assistant.plan.exports import FORMATS, PlanFileError, export_plan, export_template, load_plan
from assistant.plan.quality import plan_quality, quality_totals
from assistant.plan.schema import CheckIn, Gap, Intersection, Milestone, Plan, Vision
from assistant.plan.semantic import apply_fixes, semantic_failures
from assistant.plan.versions import PlanHistory, Role, Version, diff_plans

__all__ = ["FORMATS", "CheckIn", "Draft", "Failure", "Gap", "Intersection", "Milestone", "Plan",
           "PlanFileError", "PlanHistory", "Role", "Version", "Vision", "apply_fixes", "check_plan", "diff_plans",
           "draft_plan", "export_plan", "export_template", "load_plan", "plan_quality", "quality_totals",
           "semantic_failures"]
