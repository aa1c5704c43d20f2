"""The plan as the Plan page shows and edits it: tables in, plan out, a timeline, a diff."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from assistant.plan.render import STATUS_LABELS
from assistant.plan.schema import Milestone, Origin, Plan, Status

STATUS_BY_LABEL = {label: Status(key) for key, label in STATUS_LABELS.items()}
MILESTONE_COLUMNS = ["id", "text", "due", "measure", "support", "status", "ownership"]


def milestone_frame(plan: Plan) -> pd.DataFrame:
    """One row per milestone; the id column stays hidden but keeps edits attached to the right step."""
    rows = [{"id": m.id, "text": m.text, "due": m.due, "measure": m.measure, "support": m.support or "",
             "status": STATUS_LABELS[m.status.value], "ownership": m.ownership} for m in plan.milestones]
    return pd.DataFrame(rows, columns=MILESTONE_COLUMNS)


def _day(value) -> date | None:
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _str(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def apply_milestones(plan: Plan, frame: pd.DataFrame, editor_is_manager: bool) -> list[Milestone]:
    """Milestones from the edited table; new rows are marked as added by whoever is editing."""
    out: list[Milestone] = []
    used = {m.id for m in plan.milestones}
    for row in frame.to_dict("records"):
        text = _str(row.get("text"))
        if not text:
            continue  # an empty row is a row someone started and abandoned
        old = plan.milestone(_str(row.get("id")))
        fields = {"text": text, "due": _day(row.get("due")), "measure": _str(row.get("measure")),
                  "support": _str(row.get("support")) or None,
                  "status": STATUS_BY_LABEL.get(_str(row.get("status")), Status.NOT_STARTED)}
        if old is not None:
            # An edited step keeps its owner; the version history shows who changed it.
            out.append(old.model_copy(update=fields))
        else:
            n = len(used) + 1
            while f"m{n}" in used:
                n += 1
            used.add(f"m{n}")
            out.append(Milestone(id=f"m{n}", origin=Origin.MANAGER if editor_is_manager else Origin.PM,
                                 **fields))
    return out


def lines(text: str) -> list[str]:
    return [line.strip(" -*\t") for line in text.splitlines() if line.strip(" -*\t")]


def timeline(plan: Plan) -> dict | None:
    """A Vega-Lite spec: milestones as dots on their due dates, check-ins as dashed rules.

    Written as a plain spec rather than through Altair: building and validating an Altair chart
    cost more than the rest of the page's rerun together."""
    points = [{"when": m.due.isoformat(), "what": m.text[:60], "kind": m.ownership}
              for m in plan.milestones if m.due]
    checks = [{"when": c.when.isoformat(), "what": c.purpose, "kind": c.kind.value.replace("_", "-")}
              for c in plan.check_ins]
    if not points and not checks:
        return None
    x = {"field": "when", "type": "temporal", "title": None}
    layers = []
    if checks:
        layers.append({"data": {"values": checks},
                       "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#b08968"},
                       "encoding": {"x": x, "tooltip": [{"field": "when", "type": "temporal"},
                                                        {"field": "kind"}, {"field": "what"}]}})
    if points:
        layers.append({"data": {"values": points}, "mark": {"type": "circle", "size": 140},
                       "encoding": {
                           "x": x,
                           "y": {"field": "what", "type": "nominal", "title": None, "sort": None,
                                 "axis": {"labelLimit": 260}},
                           "color": {"field": "kind", "type": "nominal", "title": None,
                                     "scale": {"domain": ["PM-owned", "manager-added"],
                                               "range": ["#2f6f62", "#c0843d"]},
                                     "legend": {"orient": "bottom"}},
                           "tooltip": [{"field": "when", "type": "temporal"}, {"field": "what"},
                                       {"field": "kind"}]}})
    return {"layer": layers, "height": max(140, 44 * len(points))}
