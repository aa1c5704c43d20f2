"""Exports from the one schema: every format opens and holds every milestone."""

from __future__ import annotations

import io
import json
from datetime import date, time

from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from assistant.plan.documents import pdf_safe, unicode_font
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


def test_markdown_has_every_milestone_and_no_raw_html():
    plan = plan_with_odd_text()
    md = export_plan(plan, "md").decode()
    for m in plan.milestones:
        assert m.id in md and m.due.isoformat() in md
    assert "I will set a target for one business metric" in md
    assert "<b>" not in md and "&lt;b&gt;" in md
    assert "Metrics ownership" in md and "PM-owned" in md


def test_json_round_trips_with_iso_dates():
    plan = good_plan()
    data = json.loads(export_plan(plan, "json"))
    assert data["milestones"][0]["due"] == "2027-03-31"
    assert load_plan(export_plan(plan, "json")) == plan
    assert load_plan(json.dumps({"plan": data, "transcript": []})) == plan


def test_docx_opens_and_holds_every_milestone():
    plan = plan_with_odd_text()
    doc = Document(io.BytesIO(export_plan(plan, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    for m in plan.milestones:
        assert m.text in text and m.measure in text
    assert "controlchars" in text, "control characters are dropped rather than crashing"


def test_pdf_opens_and_holds_every_milestone_even_with_curly_quotes_and_emoji():
    plan = plan_with_odd_text()
    data = export_plan(plan, "pdf")
    text = flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert "I will set a target for one business metric and report on it monthly." in text
    assert "Présenter" in text and "the roadmap" in text
    assert "2027-03-31" in text and "2027-06-30" in text


def test_pdf_text_without_a_unicode_font_is_transliterated_to_latin_1():
    safe = pdf_safe("“quoted” — café 🚀 漢", frozenset())
    safe.encode("latin-1")
    assert safe.startswith('"quoted" - caf')


def test_the_unicode_font_ships_with_an_installed_package():
    assert unicode_font() is not None and unicode_font().name == "DejaVuSans.ttf"


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
