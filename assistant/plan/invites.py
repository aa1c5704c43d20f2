"""Calendar invitations (.ics via icalendar): the discussion a week out and the follow-up after it."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vCalAddress, vText

from assistant.plan.render import KIND_LABELS, day
from assistant.plan.schedule import discussion_date, follow_up_date
from assistant.plan.schema import CheckIn, CheckInKind, Plan

PRODID = "-//Next Step//career conversations//EN"
DISCUSSION_MINUTES = 50  # within the 45-60 minutes a first career conversation needs
FOLLOW_UP_MINUTES = 30


def zone(tz: str | tzinfo | None) -> tzinfo:
    """A time zone from an IANA name ('Europe/Berlin') or a tzinfo; UTC when unknown or missing."""
    if isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz) if tz else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _finish(cal: Calendar) -> bytes:
    # Calendar apps need the zone's rules inside the file to place a TZID time correctly.
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()
    return cal.to_ical()


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    return cal


def _event(summary: str, description: str, start: datetime, minutes: int,
           organizer: str | None, attendees: list[str]) -> Event:
    ev = Event()
    ev.add("uid", f"{uuid.uuid4()}@next-step")
    ev.add("dtstamp", datetime.now(timezone.utc))
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(minutes=minutes))
    ev.add("summary", summary)
    ev.add("description", description)
    if organizer:
        ev["organizer"] = vCalAddress(f"mailto:{organizer}")
    for person in attendees:
        addr = vCalAddress(f"mailto:{person}")
        addr.params["role"] = vText("REQ-PARTICIPANT")
        ev.add("attendee", addr, encode=0)
    return ev


def _at(when: date, start: time, tz) -> datetime:
    return datetime.combine(when, start, tzinfo=zone(tz))


def invitations(today: date, start: time = time(10, 0), tz: str | tzinfo | None = None,
                discussion_minutes: int = DISCUSSION_MINUTES, organizer: str | None = None,
                attendees: list[str] = (), pm_name: str | None = None) -> bytes:
    """Two events before any plan exists: the career discussion about a week from `today`,
    and the follow-up one to two weeks after it to review and finalise the plan."""
    if not 45 <= discussion_minutes <= 60:
        raise ValueError("the discussion should last 45 to 60 minutes")
    who = f" with {pm_name}" if pm_name else ""
    first = discussion_date(today)
    cal = _calendar()
    cal.add_component(_event(
        f"Career conversation{who}",
        "Where do you want to be in a few years, and what would get you there? Fill in the pre-work "
        "template beforehand if you can; bring whatever answers you have.",
        _at(first, start, tz), discussion_minutes, organizer, list(attendees)))
    cal.add_component(_event(
        f"Development plan follow-up{who}",
        "Review the draft development plan together and finalise the milestones.",
        _at(follow_up_date(first), start, tz), FOLLOW_UP_MINUTES, organizer, list(attendees)))
    return _finish(cal)


def plan_calendar(plan: Plan, start: time = time(10, 0), tz: str | tzinfo | None = None,
                  organizer: str | None = None, attendees: list[str] = (),
                  include_milestones: bool = True) -> bytes:
    """Every check-in as an event and an all-day marker per due date, in `tz` (an IANA name) or the plan's zone."""
    # Pass the zone Prepare's invitations used, and the two files never land an hour apart.
    tz = zone(tz or plan.time_zone)
    cal = _calendar()
    who = f" with {plan.pm_name}" if plan.pm_name else ""
    steps = "\n".join(f"- {m.text} (due {day(m.due)})" for m in plan.milestones)
    for c in plan.check_ins:
        minutes = max(45, min(60, c.minutes)) if c.kind == CheckInKind.DISCUSSION else c.minutes
        cal.add_component(_event(
            f"{KIND_LABELS.get(c.kind.value, 'Check-in')}: development plan{who}",
            f"{c.purpose}\n\nMilestones:\n{steps}", _at(c.when, start, tz), minutes, organizer, list(attendees)))
    for m in plan.milestones if include_milestones else []:
        if m.due is None:
            continue
        ev = Event()  # an all-day marker on the due date, without attendees
        ev.add("uid", f"{uuid.uuid4()}@next-step")
        ev.add("dtstamp", datetime.now(timezone.utc))
        ev.add("dtstart", m.due)
        ev.add("dtend", m.due + timedelta(days=1))
        ev.add("summary", f"Milestone due: {m.text}")
        ev.add("description", f"Done when: {m.measure}")
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return _finish(cal)


def events(ics: bytes) -> list[CheckIn]:
    """Read invitations back (for tests and imports): date, purpose, length."""
    out = []
    for ev in Calendar.from_ical(ics).walk("VEVENT"):
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        out.append(CheckIn(when=start.date() if isinstance(start, datetime) else start,
                           purpose=str(ev.get("summary")), minutes=int((end - start).total_seconds() // 60)))
    return out
