"""The plan as DOCX (python-docx) and PDF (fpdf2, pure Python), from the shared outline."""

from __future__ import annotations

import importlib.util
import io
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from assistant.plan.render import heading, outline
from assistant.plan.schema import Plan

# XML 1.0 forbids most control characters; python-docx raises on them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LATIN1_SWAPS = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...",
                "•": "*", "→": "->", "←": "<-", "×": "x", "\u00a0": " ", "≥": ">=", "≤": "<="}


def xml_safe(text: str) -> str:
    return CONTROL.sub("", str(text))


def to_docx(plan: Plan) -> bytes:
    from docx import Document
    doc = Document()
    doc.add_heading(xml_safe(heading(plan)), level=0)
    for s in outline(plan):
        doc.add_heading(xml_safe(s.title), level=1)
        for line in s.lines:
            doc.add_paragraph(xml_safe(line))
        for item in s.items:
            doc.add_paragraph(xml_safe(item), style="List Bullet")
        for title, fields in s.milestones:
            doc.add_heading(xml_safe(title), level=2)
            for key, value in fields:
                p = doc.add_paragraph(style="List Bullet")
                p.add_run(xml_safe(f"{key}: ")).bold = True
                p.add_run(xml_safe(value))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def unicode_font() -> Path | None:
    """DejaVu Sans as shipped inside matplotlib's package data, found without importing it."""
    spec = importlib.util.find_spec("matplotlib")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def _font_chars() -> frozenset[int]:
    path = unicode_font()
    if path is None:
        return frozenset()
    from fontTools.ttLib import TTFont
    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def pdf_safe(text: str, chars: frozenset[int]) -> str:
    """Text the font can draw: unknown characters (emoji, rare scripts) become '?' instead of crashing."""
    text = xml_safe(text).replace("\t", " ")
    if chars:
        return "".join(c if ord(c) in chars or c == "\n" else "?" for c in text)
    text = "".join(LATIN1_SWAPS.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c if ord(c) < 256 and not unicodedata.combining(c) else ("" if unicodedata.combining(c) else "?")
                   for c in text)


def to_pdf(plan: Plan) -> bytes:
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(heading(plan))
    font = unicode_font()
    if font is not None:
        pdf.add_font("Body", "", str(font))
        bold = font.with_name("DejaVuSans-Bold.ttf")
        pdf.add_font("Body", "B", str(bold if bold.is_file() else font))
        family = "Body"
    else:
        family = "Helvetica"
    chars = _font_chars() if font else frozenset()
    pdf.add_page()

    def write(text: str, size: float = 11, style: str = "", indent: float = 0, gap: float = 1) -> None:
        pdf.set_font(family, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, size * 0.5, pdf_safe(text, chars), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write(heading(plan), 18, "B", gap=3)
    for s in outline(plan):
        write(s.title, 14, "B", gap=2)
        for line in s.lines:
            write(line)
        for item in s.items:
            write(f"- {item}", indent=4)
        for title, fields in s.milestones:
            write(title, 12, "B", gap=1)
            for key, value in fields:
                write(f"{key}: {value}", 10, indent=6, gap=0.5)
            pdf.ln(2)
    return bytes(pdf.output())
