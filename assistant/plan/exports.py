"""One entry point for every export format, used by the CLI and the app's download buttons."""

from __future__ import annotations

import json

from pydantic import ValidationError

from assistant.plan.schema import Plan

FORMATS = {
    "md": ("text/markdown", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "ics": ("text/calendar", "ics"),
    "json": ("application/json", "json"),
}
TEMPLATE_FORMATS = ("md", "docx")


class PlanFileError(ValueError):
    """A plan file that cannot be read, in one line."""


def export_plan(plan: Plan, fmt: str, tz: str | None = None) -> bytes:
    """The plan in one of FORMATS, as bytes ready to write or download; `tz` places calendar times."""
    from assistant.plan import documents, invites, render
    if fmt == "md":
        return render.to_markdown(plan).encode("utf-8")
    if fmt == "json":
        return render.to_json(plan).encode("utf-8")
    if fmt == "docx":
        return documents.to_docx(plan)
    if fmt == "pdf":
        return documents.to_pdf(plan)
    if fmt == "ics":
        return invites.plan_calendar(plan, tz=tz)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export_template(fmt: str) -> bytes:
    """The blank pre-work template as Markdown or DOCX."""
    from assistant.plan import prework
    if fmt == "md":
        return prework.template_markdown().encode("utf-8")
    if fmt == "docx":
        return prework.template_docx()
    raise ValueError(f"unknown template format {fmt!r}; choose md or docx")


def load_plan(text: str | bytes) -> Plan:
    """A plan from JSON: a bare plan, a replay result ({"plan": ...}) or a saved version."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PlanFileError(f"not valid JSON ({exc.__class__.__name__})") from None
    if isinstance(data, dict) and "created" not in data and isinstance(data.get("plan"), dict):
        data = data["plan"]
    if not isinstance(data, dict):
        raise PlanFileError("expected a JSON object holding a plan")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "top level"
        raise PlanFileError(f"not a plan: {where}: {err['msg']}") from None
