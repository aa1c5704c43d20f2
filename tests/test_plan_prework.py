"""The pre-work template: exported, filled in, read back as answers the interview can use."""

from __future__ import annotations

import io

import pytest
from docx import Document

from assistant.engine import build_backend, start_interview
from assistant.interview.session import Context, MemoryJournal
from assistant.interview.stages import ALL_SLOTS
from assistant.plan.prework import (PLACEHOLDER, QUESTIONS, TemplateError, read_docx, read_markdown,
                                    read_prework, template_docx, template_markdown)

ANSWERS = {
    "title": "Group Product Manager",
    "company": "A fintech scale-up, 200 to 500 people",
    "strengths": "Discovery interviews.\nI led the “payments” relaunch 🚀 and grew activation 12%.",
    "milestones": "By June I'll run a quarterly roadmap review with my peers.",
}


def fill_markdown(md: str, answers: dict) -> str:
    for slot, answer in answers.items():
        marker = f"> {QUESTIONS[slot]}\n\n{PLACEHOLDER}"
        assert marker in md
        md = md.replace(marker, f"> {QUESTIONS[slot]}\n\n{answer}")
    return md


def fill_docx(data: bytes, answers: dict) -> bytes:
    doc = Document(io.BytesIO(data))
    slot = None
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            slot = p.text.rsplit("[", 1)[-1].rstrip("]")
        elif p.text == PLACEHOLDER and slot in answers:
            p.text = answers[slot]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_template_asks_one_question_per_slot():
    md = template_markdown()
    assert all(f"[{slot}]" in md and QUESTIONS[slot] in md for slot in ALL_SLOTS)
    assert all(QUESTIONS[slot].count("?") == 1 for slot in ALL_SLOTS)
    doc = Document(io.BytesIO(template_docx()))
    texts = [p.text for p in doc.paragraphs]
    assert all(QUESTIONS[slot] in texts for slot in ALL_SLOTS)


def test_an_empty_template_reads_as_no_answers():
    assert read_markdown(template_markdown()) == {}
    assert read_docx(template_docx()) == {}


def test_markdown_round_trip():
    assert read_markdown(fill_markdown(template_markdown(), ANSWERS)) == ANSWERS


def test_docx_round_trip():
    assert read_docx(fill_docx(template_docx(), ANSWERS)) == ANSWERS


def test_read_prework_picks_the_format_from_the_content():
    assert read_prework(fill_docx(template_docx(), ANSWERS)) == ANSWERS
    assert read_prework(fill_markdown(template_markdown(), ANSWERS).encode(), "prep.md") == ANSWERS


@pytest.mark.parametrize("data", [b"just some notes", b"\xff\xfe\x00binary", b"PK\x03\x04not really a zip"])
def test_something_else_is_refused_in_one_line(data):
    with pytest.raises(TemplateError) as err:
        read_prework(data)
    assert "\n" not in str(err.value)


def test_imported_answers_are_not_asked_again():
    prework = read_markdown(fill_markdown(template_markdown(), {"title": "Group Product Manager",
                                                                 "company": "A fintech scale-up"}))
    backend = build_backend()
    interview = start_interview(backend, MemoryJournal(), Context(current_role="Product Manager", prework=prework))
    assert interview.state.slots.get("title") and "title" not in interview.state.open_slots()
