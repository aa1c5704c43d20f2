"""The PDF as a person sees it: rendered to PNG with poppler's pdftoppm, the milestone table is drawn."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from assistant.plan.exports import export_plan
from assistant.plan.fonts import font_set
from tests.test_plan_support import good_plan

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils' pdftoppm")
DARK = 120


def render(tmp_path: Path, plan, dpi: int = 60) -> Image.Image:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(export_plan(plan, "pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    return Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")


def ruled_rows(image: Image.Image) -> list[int]:
    """Pixel rows crossed by a dark line over most of the page width: the table's rules."""
    width, height = image.size
    gray = image.convert("L")
    px = gray.load()
    return [y for y in range(height) if sum(1 for x in range(width) if px[x, y] < DARK) > width * 0.6]


def test_the_first_page_shows_a_milestone_table_with_a_rule_per_row(tmp_path):
    plan = good_plan()
    rows = ruled_rows(render(tmp_path, plan))
    # Rules sit one or two pixels thick; count the separate lines.
    lines = [y for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > 2]
    near = [m for m in plan.milestones if m.kind == "near_term"]
    assert len(lines) >= len(near) + 2, f"expected the table's header and row rules, found {lines}"


def test_emoji_are_drawn_in_colour_when_the_emoji_font_is_installed(tmp_path):
    fonts = font_set()
    if fonts is None or not any(name == "Emoji" for name, _ in fonts.fallbacks):
        pytest.skip("fonts-noto-color-emoji is not installed")
    plan = good_plan()
    plan.pm_name = "Ana 🚀🎉🌱"
    image = render(tmp_path, plan, dpi=80)
    colourful = sum(1 for r, g, b in image.getdata() if max(r, g, b) - min(r, g, b) > 90)
    assert colourful > 30, "the emoji in the title were drawn, in colour"


def test_right_to_left_and_joined_scripts_are_shaped_when_harfbuzz_is_installed(tmp_path):
    pytest.importorskip("uharfbuzz")
    from assistant.plan.documents import _pdf
    plan = good_plan()
    plan.pm_name = "נועה כהן"
    plan.milestones[0].text = "By March I'll present — شكرا جزيلا — 東京"
    assert _pdf(plan).text_shaping, "shaping is on, so Hebrew reads right to left and Arabic letters join"
    assert export_plan(plan, "pdf").startswith(b"%PDF")
