"""Fonts for the PDF: DejaVu Sans for text, and, when installed, colour emoji and CJK fallbacks."""

# Debian's fonts-dejavu-core, fonts-noto-color-emoji and fonts-droid-fallback provide them; without
# the Debian packages, matplotlib's bundled DejaVu Sans still covers Latin, Greek and Cyrillic, and
# characters no font can draw become '?' rather than breaking the export.

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SYSTEM = Path("/usr/share/fonts/truetype")
BODY = [SYSTEM / "dejavu" / "DejaVuSans.ttf"]
EMOJI = [SYSTEM / "noto" / "NotoColorEmoji.ttf"]
WIDE = [SYSTEM / "droid" / "DroidSansFallbackFull.ttf", SYSTEM / "noto" / "NotoSansCJK-Regular.ttc"]
# Joiners and variation selectors shape emoji; dropped when no font draws them.
SILENT = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


@dataclass(frozen=True)
class FontSet:
    """The body font (regular and bold) and the fallbacks that exist on this machine."""

    regular: Path
    bold: Path
    fallbacks: tuple[tuple[str, Path], ...]


def _matplotlib_font() -> Path | None:
    spec = importlib.util.find_spec("matplotlib")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            return path
    return None


def unicode_font() -> Path | None:
    """DejaVu Sans: Debian's copy, else the one inside matplotlib's package data."""
    return next((p for p in BODY if p.is_file()), None) or _matplotlib_font()


@lru_cache(maxsize=1)
def font_set() -> FontSet | None:
    regular = unicode_font()
    if regular is None:
        return None
    bold = regular.with_name("DejaVuSans-Bold.ttf")
    fallbacks = [(name, p) for name, paths in (("Emoji", EMOJI), ("Wide", WIDE))
                 for p in paths[:1] + paths[1:] if p.is_file()][:2]
    seen, unique = set(), []
    for name, p in fallbacks:
        if name not in seen:
            seen.add(name)
            unique.append((name, p))
    return FontSet(regular, bold if bold.is_file() else regular, tuple(unique))


@lru_cache(maxsize=1)
def drawable() -> frozenset[int]:
    """Every code point some available font can draw."""
    fonts = font_set()
    if fonts is None:
        return frozenset()
    from fontTools.ttLib import TTFont
    chars: set[int] = set()
    for path in [fonts.regular, *(p for _, p in fonts.fallbacks)]:
        try:
            chars |= set(TTFont(str(path), lazy=True, fontNumber=0).getBestCmap())
        except Exception:  # noqa: BLE001 - a broken font file only narrows what can be drawn
            continue
    return frozenset(chars)
