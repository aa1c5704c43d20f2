"""The Plan page's one-click fixes, time zone and holiday country, through AppTest with the offline backend."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar

from assistant.plan.workdays import why, working_day
from tests.test_app_plan import drafted
from tests.test_app_support import shown


def save(at, note: str = ""):
    if note:
        at.text_input(key="change_note").input(note)
    [b for b in at.button if b.label == "Save as a new version"][0].click().run()
    assert not at.exception
    return at


def edit_due(at, row: int, due: date):
    at.session_state["milestones"] = {"edited_rows": {row: {"due": due.isoformat()}}, "added_rows": [],
                                      "deleted_rows": []}
    return save(at, "moved a date")


def checks(at) -> str:
    return shown(" ".join(m.value for m in at.markdown if ":material/error_outline:" in m.value))


def fix_buttons(at) -> dict:
    return {b.key: b for b in at.button if (b.key or "").startswith("fix_")}


def use_calendar(at, zone: str, country: str):
    zone_picker(at).set_value(zone)
    country_picker(at).set_value(country)
    [b for b in at.button if b.label == "Use for this plan"][0].click().run()
    assert not at.exception
    return at


def zone_picker(at):
    return next(s for s in at.selectbox if s.label == "Time zone for the calendar file")


def country_picker(at):
    return next(s for s in at.selectbox if s.label == "Public holidays of")


def next_saturday(after: date) -> date:
    return after + timedelta(days=(5 - after.weekday()) % 7 or 7)


def test_a_fix_button_saves_the_fix_as_a_new_version_and_the_check_then_passes():
    at = drafted()
    saturday = next_saturday(date.today() + timedelta(days=40))
    # The PM said they want to be in Austin, so the plan keeps to working days in the United States.
    assert country_picker(at).value == "US"
    at = edit_due(at, 0, saturday)
    assert f"which is {why(saturday, 'US')}" in checks(at)
    button = fix_buttons(at)["fix_not_a_working_day_m1_1"]
    assert button.label == f"Move it to {working_day(saturday, 'US'):%a %d %b}"
    button.click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["Version"]) == [3, 2, 1], "the fix is a version of its own; the edit before it is kept"
    assert table["Note"].iloc[0] == f"One-click fix: {button.label}"
    assert at.data_editor(key="milestones").value["due"].iloc[0].weekday() < 5
    assert "Saturday" not in checks(at) and "fix_not_a_working_day_m1_1" not in fix_buttons(at)
    # The panel shows what the fix changed, without opening the Versions tab.
    assert any("Saved as version 3" in s.value for s in at.success)
    changed = shown(" ".join(m.value for m in at.markdown if ":material/edit:" in m.value))
    assert f"{saturday.isoformat()} ->" in changed


def test_a_semantic_fix_drops_a_duplicate_step_as_a_new_version():
    at = drafted()
    frame = at.data_editor(key="milestones").value
    first = frame.iloc[0]
    at.session_state["milestones"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"text": first["text"], "due": first["due"].isoformat(), "measure": first["measure"]}]}
    at = save(at)
    assert len(at.data_editor(key="milestones").value) == len(frame) + 1
    assert "says the same thing" in checks(at)
    dup = [b for b in fix_buttons(at).values() if b.key.startswith("fix_near_duplicate_")]
    assert [b.label for b in dup] == ["Keep only the first"]
    dup[0].click().run()
    assert not at.exception
    assert len(at.data_editor(key="milestones").value) == len(frame)
    assert "says the same thing" not in checks(at)
    assert list(at.dataframe[-1].value["Version"]) == [3, 2, 1]


def test_choosing_a_country_moves_a_due_date_off_its_holiday_and_says_so(files):
    at = drafted()
    at = use_calendar(at, "Europe/Berlin", "DE")
    table = at.dataframe[-1].value
    assert list(table["Version"]) == [2, 1] and "Germany" in table["Note"].iloc[0]
    christmas = date(date.today().year + (date.today() >= date(date.today().year, 12, 20)), 12, 25)
    at = edit_due(at, 0, christmas)
    assert "Christmas Day in Germany" in checks(at)
    button = fix_buttons(at)["fix_not_a_working_day_m1_1"]
    button.click().run()
    assert not at.exception
    moved = at.data_editor(key="milestones").value["due"].iloc[0]
    assert christmas < moved and moved.weekday() < 5 and moved.day not in (25, 26)
    assert any("Christmas Day" in i.value and "Germany" in i.value for i in at.info), "the notice says why"
    assert "Christmas" not in checks(at)


def test_the_calendar_file_uses_the_chosen_time_zone(files):
    at = drafted()
    at = use_calendar(at, "Asia/Kolkata", "IN")
    ics = files["development-plan.ics"]()
    assert b"TZID:Asia/Kolkata" in ics
    cal = Calendar.from_ical(ics)
    meetings = [e for e in cal.walk("VEVENT") if not str(e.get("summary")).startswith("Milestone")]
    assert meetings and all(e["DTSTART"].params["TZID"] == "Asia/Kolkata" for e in meetings)
    start = meetings[0].decoded("dtstart")
    assert isinstance(start, datetime) and start.hour == 10
    assert start.utcoffset() == timedelta(hours=5, minutes=30)
    # The choice is part of the plan: another version, and the picker shows it on the next run.
    assert list(at.dataframe[-1].value["Version"]) == [2, 1]
    assert zone_picker(at).value == "Asia/Kolkata"


def test_without_a_choice_the_calendar_file_is_in_utc_and_names_its_zone(files):
    at = drafted()
    assert zone_picker(at).value == "UTC", "AppTest has no browser, so no zone to report"
    cal = Calendar.from_ical(files["development-plan.ics"]())
    meeting = next(e for e in cal.walk("VEVENT") if not str(e.get("summary")).startswith("Milestone"))
    assert meeting.decoded("dtstart").utcoffset() == timedelta(0)


def test_a_manager_fixes_a_reports_draft_and_the_fix_is_saved_as_theirs(files):
    from tests.test_app_draft import NOTES, PAGE, PREWORK, prework_file
    from tests.test_app_support import fresh_app

    at = fresh_app()
    at.switch_page(PAGE).run()
    at.text_input(key="report_name").input("Sam")
    at.file_uploader(key="report_prework_file").set_value(
        ("sam-prework.md", prework_file(PREWORK), "text/markdown")).run()
    at.text_area(key="report_notes").input(NOTES)
    at.button(key="report_draft_go").click().run()
    assert not at.exception
    saturday = next_saturday(date.today() + timedelta(days=40))
    at.session_state["report_milestones"] = {"edited_rows": {0: {"due": saturday.isoformat()}}, "added_rows": [],
                                             "deleted_rows": []}
    [b for b in at.button if b.label == "Save as a new version"][0].click().run()
    fixes = [b for b in at.button if (b.key or "").startswith("report_fix_not_a_working_day_")]
    assert len(fixes) == 1
    fixes[0].click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["Version"]) == [3, 2, 1] and table["By"].iloc[0] == "You (manager)"
    assert at.data_editor(key="report_milestones").value["due"].iloc[0].weekday() < 5
    assert not [b for b in at.button if (b.key or "").startswith("report_fix_not_a_working_day_")]
    zone_picker(at).set_value("Europe/Lisbon")
    [b for b in at.button if b.label == "Use for this plan"][0].click().run()
    assert b"TZID:Europe/Lisbon" in files["development-plan.ics"]()
