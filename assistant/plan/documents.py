"""The plan as documents a manager would file: DOCX (python-docx) and PDF (fpdf2), from the shared outline."""

from __future__ import annotations

import importlib.util
import io
import re
import unicodedata
from datetime import datetime, timezone

from assistant.plan.fonts import SILENT, drawable, font_set, unicode_font
from assistant.plan.render import Section, heading, outline
from assistant.plan.schema import Plan

# XML 1.0 forbids most control characters; python-docx raises on them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LATIN1_SWAPS = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...",
                "•": "*", "→": "->", "←": "<-", "×": "x", "\u00a0": " ", "≥": ">=", "≤": "<="}
APP = "Next Step"
# Column shares of the page width for the milestone table: what, by when, done when, owner, support.
MILESTONE_WIDTHS = (34, 12, 24, 10, 20)
__all__ = ["pdf_safe", "to_docx", "to_pdf", "unicode_font", "xml_safe"]


def xml_safe(text: str) -> str:
    return CONTROL.sub("", str(text))


def _subject(plan: Plan) -> str:
    return f"Career development plan drafted {plan.created.isoformat()}"


def to_docx(plan: Plan) -> bytes:
    from docx import Document
    from docx.shared import Pt
    doc = Document()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    props = doc.core_properties
    props.title, props.subject = xml_safe(heading(plan)), _subject(plan)
    props.author = xml_safe(plan.pm_name or APP)
    props.last_modified_by = xml_safe(plan.manager_name or plan.pm_name or APP)
    props.created, props.modified, props.revision = now, now, 1
    props.comments, props.keywords, props.category = f"Made with {APP}", "development plan", "Career development"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(xml_safe(heading(plan)), level=0)
    for s in outline(plan):
        doc.add_heading(xml_safe(s.title), level=1)
        for line in s.lines:
            doc.add_paragraph(xml_safe(line))
        for item in s.items:
            doc.add_paragraph(xml_safe(item), style="List Bullet")
        if s.table:
            _docx_table(doc, s.table)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table(doc, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(xml_safe(value))
            run.bold = r == 0
    doc.add_paragraph()


def pdf_safe(text: str, chars: frozenset[int]) -> str:
    """Text the fonts can draw: what none can draw becomes '?' instead of breaking the export."""
    text = xml_safe(text).replace("\t", " ")
    if chars:
        return "".join(c if ord(c) in chars or c == "\n" else ("" if ord(c) in SILENT else "?") for c in text)
    text = "".join(LATIN1_SWAPS.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c if ord(c) < 256 and not unicodedata.combining(c) else ("" if unicodedata.combining(c) else "?")
                   for c in text)


def _pdf(plan: Plan):
    from fpdf import FPDF

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(self.body_family, "", 8)
            self.set_text_color(110)
            self.cell(0, 5, f"{heading(plan)} · page {self.page_no()} of {{nb}}", align="C")
            self.set_text_color(0)

    pdf = Document(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(auto=True, margin=18)
    fonts = font_set()
    pdf.body_family = "Helvetica"
    if fonts is not None:
        pdf.add_font("Body", "", str(fonts.regular))
        pdf.add_font("Body", "B", str(fonts.bold))
        for name, path in fonts.fallbacks:
            pdf.add_font(name, "", str(path))
        if fonts.fallbacks:
            pdf.set_fallback_fonts([name for name, _ in fonts.fallbacks], exact_match=False)
        pdf.body_family = "Body"
        if importlib.util.find_spec("uharfbuzz") is not None:
            try:
                pdf.set_text_shaping(True)  # joins Arabic letters and orders Hebrew and Arabic right to left
            except Exception:  # noqa: BLE001 - without shaping, text still prints in stored order
                pass
    return pdf


def to_pdf(plan: Plan) -> bytes:
    pdf = _pdf(plan)
    chars = drawable() if pdf.body_family == "Body" else frozenset()
    safe = lambda text: pdf_safe(text, chars)  # noqa: E731 - one short local helper
    pdf.set_title(safe(heading(plan)))
    pdf.set_author(safe(plan.pm_name or APP))
    pdf.set_subject(_subject(plan))
    pdf.set_creator(APP)
    pdf.set_keywords("development plan")
    pdf.set_creation_date(datetime.now(timezone.utc))
    pdf.set_lang("en")
    pdf.add_page()
    family = pdf.body_family

    def write(text: str, size: float = 10, style: str = "", indent: float = 0, gap: float = 1) -> None:
        pdf.set_font(family, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, size * 0.5, safe(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write(heading(plan), 18, "B", gap=3)
    for s in outline(plan):
        write(s.title, 13, "B", gap=1.5)
        for line in s.lines:
            write(line)
        for item in s.items:
            write(f"• {item}", indent=3, gap=0.5)
        if s.table:
            _pdf_table(pdf, family, s, safe)
        pdf.ln(2)
    return bytes(pdf.output())


def _pdf_table(pdf, family: str, s: Section, safe) -> None:
    from fpdf.fonts import FontFace
    widths = MILESTONE_WIDTHS if len(s.table[0]) == len(MILESTONE_WIDTHS) else None
    pdf.set_font(family, "", 8.5)
    head = FontFace(emphasis="BOLD", fill_color=(228, 233, 242))
    with pdf.table(col_widths=widths, headings_style=head, line_height=4.4, text_align="LEFT",
                   padding=1.2, borders_layout="SINGLE_TOP_LINE" if widths is None else "ALL") as table:
        for row in s.table:
            cells = table.row()
            for value in row:
                cells.cell(safe(value))
