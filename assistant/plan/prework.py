"""The pre-work template: questions the PM can answer before the conversation, and reading them back."""

from __future__ import annotations

import io
import re

from assistant.interview.stages import ALL_SLOTS, SLOT_LABELS

# One question per slot, written so the PM can answer alone, without the interviewer's follow-ups.
QUESTIONS = {
    "title": "Picture yourself five years from now. What job title would you like to hold?",
    "company": "What kind of company would you like to be working for then (size, stage, industry)?",
    "location": "Where would you like to be based, or how would you like to work (a city, remote, travelling)?",
    "people": "What kind of people would you like to work with or lead?",
    "goal": "If five years feels too far to think about right now, that is fine: what would you like to be "
            "true a year from now instead? (Leave the four questions above empty if you answer this one.)",
    "experiences": "What experiences do you think you still need before you are ready for that role?",
    "strengths": "What are you good at today? An example or two helps.",
    "interests": "Which parts of the work give you the most energy?",
    "intersections": "Where could those interests meet what the company needs from someone at the next level?",
    "milestones": "Which one or two concrete steps could you own, each with a date and a way to tell it is done?",
}
INTRO = ("Answer whatever you can before we meet, in your own words; a few lines per question is plenty. "
         "Skip anything you would rather talk through. Nothing here is shared until you choose to.")
PLACEHOLDER = "(your answer)"
TITLE = "Before our career conversation"
SLOT_TAG = re.compile(r"\[(\w+)\]\s*$")


class TemplateError(ValueError):
    """A file that is not a filled pre-work template, in one line."""


def _heading(slot: str) -> str:
    return f"{SLOT_LABELS[slot]} [{slot}]"


def template_markdown() -> str:
    out = [f"# {TITLE}", "", INTRO, ""]
    for slot in ALL_SLOTS:
        out += [f"## {_heading(slot)}", "", f"> {QUESTIONS[slot]}", "", PLACEHOLDER, ""]
    return "\n".join(out)


def template_docx() -> bytes:
    from docx import Document
    doc = Document()
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(INTRO)
    for slot in ALL_SLOTS:
        doc.add_heading(_heading(slot), level=2)
        doc.add_paragraph(QUESTIONS[slot]).runs[0].italic = True
        doc.add_paragraph(PLACEHOLDER)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _is_boilerplate(line: str, slot: str) -> bool:
    flat = " ".join(line.split())
    return flat in ("", PLACEHOLDER, QUESTIONS[slot], f"> {QUESTIONS[slot]}") or flat.startswith(">")


def _collect(sections: list[tuple[str, list[str]]]) -> dict[str, str]:
    answers: dict[str, str] = {}
    for slot, lines in sections:
        kept = [ln.strip() for ln in lines if not _is_boilerplate(ln.strip(), slot)]
        text = "\n".join(kept).strip()
        text = re.sub(r"^\(your answer\)\s*", "", text).strip()
        if text:
            answers[slot] = text
    return answers


def _slot_of(heading: str) -> str | None:
    heading = heading.strip().strip("#").strip()
    if m := SLOT_TAG.search(heading):
        return m[1] if m[1] in ALL_SLOTS else None
    by_label = {label.lower(): slot for slot, label in SLOT_LABELS.items()}
    return by_label.get(heading.lower())


def read_markdown(text: str) -> dict[str, str]:
    """slot -> answer from a filled Markdown template; unanswered questions are left out."""
    sections: list[tuple[str, list[str]]] = []
    found = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("#"):
            slot = _slot_of(line)
            if slot:
                found = True
                sections.append((slot, []))
                continue
            if line.startswith("## "):
                sections.append(("", []))  # an unknown section ends the previous answer
                continue
        if sections and sections[-1][0]:
            sections[-1][1].append(line)
    if not found:
        raise TemplateError("this does not look like the pre-work template (no question headings found)")
    return _collect([s for s in sections if s[0]])


def read_docx(data: bytes) -> dict[str, str]:
    """slot -> answer from a filled DOCX template."""
    from docx import Document
    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds for a bad file
        raise TemplateError(f"not a readable Word document ({type(exc).__name__})") from None
    sections: list[tuple[str, list[str]]] = []
    for p in doc.paragraphs:
        style = (p.style.name if p.style is not None else "") or ""
        if style.startswith("Heading") or style == "Title":
            slot = _slot_of(p.text)
            sections.append((slot or "", []))
            continue
        if sections and sections[-1][0]:
            sections[-1][1].append(p.text)
    if not any(slot for slot, _ in sections):
        raise TemplateError("this does not look like the pre-work template (no question headings found)")
    return _collect([s for s in sections if s[0]])


def read_prework(data: bytes | str, filename: str = "") -> dict[str, str]:
    """A filled template, Markdown or DOCX (by name or content), as `Context.prework`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if filename.lower().endswith(".docx") or raw[:2] == b"PK":
        return read_docx(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError("not a text or Word file") from None
    return read_markdown(text)
