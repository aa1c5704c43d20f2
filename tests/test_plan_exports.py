"""Exports from the one schema: every format opens and holds every milestone."""

from __future__ import annotations

import io
import json
from datetime import date, time

from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from assistant.plan.documents import pdf_safe, unicode_font
from assistant.plan.render import day
from assistant.plan.exports import export_plan, load_plan
from assistant.plan.invites import events, invitations
from assistant.plan.schema import Plan
from tests.test_plan_support import TODAY, good_plan


def flat(text: str) -> str:
    return " ".join(text.split())


def plan_with_odd_text() -> Plan:
    plan = good_plan()
    plan.milestones[0].text = "Présenter “the roadmap” — at the QBR 🚀 ✓ 漢字 <b>bold</b>"
    plan.strengths.append("control\x07chars and a " + "verylongword" * 20)
    return plan


INTERNAL_IDS = ("pm1", "director.metrics", "m1", "m2", "x1", "Tied to", ".measure")


def test_markdown_has_a_milestone_table_every_milestone_and_no_raw_html_or_ids():
    plan = plan_with_odd_text()
    md = export_plan(plan, "md").decode()
    assert "| What | By when | Done when | Owner | Support |" in md
    for m in plan.milestones:
        assert day(m.due) in md
    assert "I will set a target for one business metric" in md
    assert "<b>" not in md and "&lt;b&gt;" in md
    assert "Metrics ownership" in md and "(suggested)" in md
    assert not [i for i in INTERNAL_IDS if i in md], "a person never reads an internal id"


def test_json_round_trips_with_iso_dates():
    plan = good_plan()
    data = json.loads(export_plan(plan, "json"))
    assert data["milestones"][0]["due"] == "2027-03-31"
    assert load_plan(export_plan(plan, "json")) == plan
    assert load_plan(json.dumps({"plan": data, "transcript": []})) == plan


def test_docx_holds_every_milestone_in_a_table_with_names_and_proper_metadata():
    plan = plan_with_odd_text()
    plan.pm_name, plan.manager_name = "Ana", "Kenji"
    doc = Document(io.BytesIO(export_plan(plan, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["What", "By when", "Done when", "Owner", "Support"]
    cells = "\n".join(c.text for row in table.rows for c in row.cells)
    for m in plan.milestones:
        assert m.text in cells and m.measure in cells and day(m.due) in cells
    assert "Ana" in cells and "Kenji" in text and "controlchars" in text
    props = doc.core_properties
    assert props.title == "Development plan for Ana" and props.author == "Ana"
    assert props.created.year >= 2025 and "python-docx" not in (props.comments or "")
    everything = text + cells
    assert not [i for i in INTERNAL_IDS if i in everything]


def test_pdf_opens_and_holds_every_milestone_even_with_curly_quotes_and_emoji():
    plan = plan_with_odd_text()
    data = export_plan(plan, "pdf")
    text = flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert "I will set a target for one business metric and report on it monthly." in text
    assert "Présenter" in text and "the roadmap" in text
    assert "31 Mar 2027" in text and "30 Jun 2027" in text
    assert not [i for i in INTERNAL_IDS if i in text]
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == "Development plan" and meta.author and meta.creation_date.year >= 2025


def test_pdf_text_without_a_unicode_font_is_transliterated_to_latin_1():
    safe = pdf_safe("“quoted” — café 🚀 漢", frozenset())
    safe.encode("latin-1")
    assert safe.startswith('"quoted" - caf')


def test_the_unicode_font_ships_with_an_installed_package():
    assert unicode_font() is not None and unicode_font().name == "DejaVuSans.ttf"


def test_without_any_unicode_font_the_pdf_still_exports(monkeypatch):
    from assistant.plan import documents
    monkeypatch.setattr(documents, "font_set", lambda: None)
    data = export_plan(plan_with_odd_text(), "pdf")
    assert data.startswith(b"%PDF") and "Pr" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_plan_calendar_parses_and_holds_check_ins_and_every_milestone():
    plan = good_plan()
    cal = Calendar.from_ical(export_plan(plan, "ics"))
    vevents = list(cal.walk("VEVENT"))
    summaries = [str(e.get("summary")) for e in vevents]
    for m in plan.milestones:
        assert any(m.text in s for s in summaries)
        assert any(e.decoded("dtstart") == m.due for e in vevents)
    discussion = next(e for e in vevents if str(e.get("summary")).startswith("Discussion"))
    minutes = (discussion.decoded("dtend") - discussion.decoded("dtstart")).total_seconds() / 60
    assert 45 <= minutes <= 60


def test_invitations_a_week_out_and_a_follow_up_one_to_two_weeks_later():
    ics = invitations(date(2026, 11, 20), start=time(14, 30), attendees=["pm@example.org"], pm_name="Ana")
    first, second = events(ics)
    assert 7 <= (first.when - date(2026, 11, 20)).days <= 9 and first.when.weekday() < 5
    assert 45 <= first.minutes <= 60
    assert 7 <= (second.when - first.when).days <= 14
    assert "Ana" in first.purpose and b"mailto:pm@example.org" in ics


def test_check_ins_start_with_the_discussion_and_follow_up():
    kinds = [c.kind.value for c in good_plan().check_ins]
    assert kinds[:2] == ["discussion", "follow_up"]
    assert all(c.when > TODAY for c in good_plan().check_ins)


def test_plan_calendar_and_invitations_share_the_persons_time_zone():
    plan = good_plan()
    ics = export_plan(plan, "ics", tz="Europe/Berlin")
    checkins = [e for e in Calendar.from_ical(ics).walk("VEVENT") if not str(e.get("summary")).startswith("Milestone")]
    starts = [e.decoded("dtstart") for e in checkins]
    assert all(str(s.tzinfo) == "Europe/Berlin" and s.hour == 10 for s in starts)
    assert b"BEGIN:VTIMEZONE" in ics and b"TZID:Europe/Berlin" in ics
    invite = invitations(TODAY, start=time(10, 0), tz="Europe/Berlin")
    first = next(iter(Calendar.from_ical(invite).walk("VEVENT"))).decoded("dtstart")
    assert first.utcoffset() == starts[0].utcoffset(), "the same zone in Prepare and Plan: no hour apart"


def test_an_unknown_zone_name_falls_back_to_utc_instead_of_failing():
    from assistant.plan.invites import zone
    assert str(zone("Mars/Olympus")) == "UTC" and str(zone(None)) == "UTC"
    plan = good_plan()
    plan.time_zone = "Asia/Tokyo"
    ics = export_plan(plan, "ics")
    assert b"TZID:Asia/Tokyo" in ics, "the plan's own zone is used when none is passed"


def test_every_drafted_due_date_is_a_working_day():
    from assistant.plan.dates import parse_due
    for phrase in ("by the end of January 2027", "within 3 months", "by 2028", "by the end of February"):
        due = parse_due(phrase, TODAY)
        assert due.weekday() < 5, phrase
