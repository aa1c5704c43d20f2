"""The plan as the Plan page shows and edits it: tables in, plan out, a timeline, a diff."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from assistant.plan.render import STATUS_LABELS
from assistant.plan.schema import (CheckIn, CheckInKind, Gap, GapSource, Intersection, Milestone,
                                    Origin, Plan, Status)

STATUS_BY_LABEL = {label: Status(key) for key, label in STATUS_LABELS.items()}
MILESTONE_COLUMNS = ["id", "text", "due", "measure", "support", "status", "ownership"]


def milestone_frame(plan: Plan) -> pd.DataFrame:
    """One row per milestone; the id column stays hidden but keeps edits attached to the right step."""
    rows = [{"id": m.id, "text": m.text, "due": m.due, "measure": m.measure, "support": m.support or "",
             "status": STATUS_LABELS[m.status.value], "ownership": m.ownership} for m in plan.milestones]
    return _frame(rows, MILESTONE_COLUMNS)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    # Plain-object column labels: pandas' Arrow-backed ones make the editor's label checks slow.
    return pd.DataFrame(rows, columns=pd.Index(columns, dtype=object))


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


GAP_SOURCES = {"pm": "named by the PM", "ladder": "from the ladder", "manager": "from the manager"}
KINDS = {"discussion": "Discussion", "follow_up": "Follow-up", "review": "Review"}


def gap_frame(plan: Plan) -> pd.DataFrame:
    rows = [{"id": g.id, "area": g.area, "expectation": g.expectation, "source": GAP_SOURCES[g.source.value]}
            for g in plan.gaps]
    return _frame(rows, ["id", "area", "expectation", "source"])


def apply_gaps(plan: Plan, frame: pd.DataFrame, editor_is_manager: bool) -> list[Gap]:
    """Gaps from the edited table; a new one is the editor's own (the manager's, or the PM's)."""
    out, old = [], {g.id: g for g in plan.gaps}
    for n, row in enumerate(frame.to_dict("records"), start=1):
        area = _str(row.get("area"))
        if not area:
            continue
        gid = _str(row.get("id"))
        if gid in old:
            out.append(old[gid].model_copy(update={"area": area, "expectation": _str(row.get("expectation"))}))
        else:
            out.append(Gap(id=_fresh(f"gap{n}", old), area=area, expectation=_str(row.get("expectation")),
                           source=GapSource.MANAGER if editor_is_manager else GapSource.PM))
    return out


def intersection_frame(plan: Plan) -> pd.DataFrame:
    rows = [x.model_dump(include={"id", "interest", "company_need", "opportunity"}) for x in plan.intersections]
    return _frame(rows, ["id", "interest", "company_need", "opportunity"])


def apply_intersections(plan: Plan, frame: pd.DataFrame) -> list[Intersection]:
    out, old = [], {x.id: x for x in plan.intersections}
    for n, row in enumerate(frame.to_dict("records"), start=1):
        fields = {k: _str(row.get(k)) for k in ("interest", "company_need", "opportunity")}
        if not any(fields.values()):
            continue
        xid = _str(row.get("id"))
        out.append(old[xid].model_copy(update=fields) if xid in old
                   else Intersection(id=_fresh(f"x{n}", old), **fields))
    return out


def check_in_frame(plan: Plan) -> pd.DataFrame:
    rows = [{"when": c.when, "kind": KINDS[c.kind.value], "minutes": c.minutes, "purpose": c.purpose}
            for c in plan.check_ins]
    return _frame(rows, ["when", "kind", "minutes", "purpose"])


def apply_check_ins(frame: pd.DataFrame) -> list[CheckIn]:
    by_label = {label: CheckInKind(key) for key, label in KINDS.items()}
    out = []
    for row in frame.to_dict("records"):
        when = _day(row.get("when"))
        if when is None:
            continue  # a check-in without a date cannot go in a calendar
        minutes = row.get("minutes")
        out.append(CheckIn(when=when, purpose=_str(row.get("purpose")) or "Check in on the plan.",
                           kind=by_label.get(_str(row.get("kind")), CheckInKind.REVIEW),
                           minutes=int(minutes) if minutes is not None and not pd.isna(minutes) else 30))
    return sorted(out, key=lambda c: c.when)


def _fresh(base: str, taken) -> str:
    n, name = 1, base
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name
