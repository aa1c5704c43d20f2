"""Career-ladder data: levels, what each expects, and lookups from a PM's own words."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, PrivateAttr, ValidationError, model_validator

DEFAULT_LADDER = Path(__file__).resolve().parent / "data" / "pm_ladder.yaml"
DIMENSIONS = ("scope", "horizon", "customers", "metrics", "people", "strategy", "influence")


class LadderError(ValueError):
    """A ladder file that cannot be used, with a message a person can act on."""


class Dimension(BaseModel):
    label: str
    keywords: list[str] = Field(min_length=1)


class Level(BaseModel):
    id: str
    rank: int
    title: str
    aliases: list[str] = []
    scope: str
    horizon: str
    customers: str
    metrics: str
    people: str
    strategy: str
    influence: str
    focus: list[str] = []

    def expectation(self, dimension: str) -> str:
        return getattr(self, dimension)


class Expectation(BaseModel):
    """One thing a level expects, named so it can be offered as a gap and tracked in a plan."""

    id: str
    dimension: str
    label: str
    text: str


# A keyword said only to be denied ("never manage anyone", "without hiring", "no customers"):
# a negator within the three words before it, in the same clause.
DENIED_BEFORE = re.compile(r"\b(?:never|not|no|without|don't|dont|doesn't|won't|wont)\s+(?:[\w']+\s+){0,2}$")


class Ladder(BaseModel):
    name: str
    dimensions: dict[str, Dimension]
    levels: list[Level] = Field(min_length=2)
    # Compiled once: lookups run on every answer.
    _aliases: list[tuple[int, re.Pattern, "Level"]] = PrivateAttr(default_factory=list)
    _keywords: dict[str, re.Pattern] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context) -> None:
        for level in self.levels:
            for alias in dict.fromkeys(_normalise(a) for a in [level.title, *level.aliases]):
                self._aliases.append((len(alias), _word(alias), level))
        self._aliases.sort(key=lambda item: -item[0])
        for name, dim in self.dimensions.items():
            self._keywords[name] = re.compile(
                "|".join(_word(_normalise(k)).pattern for k in dim.keywords))

    @model_validator(mode="after")
    def _consistent(self) -> "Ladder":
        missing = [d for d in DIMENSIONS if d not in self.dimensions]
        if missing:
            raise ValueError(f"dimensions missing: {', '.join(missing)}")
        ranks = [level.rank for level in self.levels]
        if ranks != sorted(set(ranks)):
            raise ValueError("level ranks must be unique and listed lowest first")
        for level in self.levels:
            unknown = [d for d in level.focus if d not in DIMENSIONS]
            if unknown:
                raise ValueError(f"level {level.id}: unknown focus {', '.join(unknown)}")
        return self

    def by_rank(self, rank: int | None) -> Level | None:
        return next((lv for lv in self.levels if lv.rank == rank), None)

    def by_id(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def lookup(self, text: str | None) -> Level | None:
        """The level a title or phrase names; the longest matching alias wins."""
        if not text:
            return None
        lowered = _normalise(text)
        return next((level for _, rx, level in self._aliases if rx.search(lowered)), None)

    def covered(self, texts: list[str]) -> set[str]:
        """Dimensions a PM's own words already touch; "never manage anyone" touches none."""
        joined = " ".join(_normalise(t) for t in texts)
        return {name for name, rx in self._keywords.items()
                if any(not DENIED_BEFORE.search(joined[max(0, m.start() - 30):m.start()]) for m in rx.finditer(joined))}

    def gaps(self, target: Level, covered: set[str]) -> list[Expectation]:
        """What the target level expects that the PM did not name, the level's focus first."""
        order = [*target.focus, *[d for d in DIMENSIONS if d not in target.focus]]
        return [
            Expectation(
                id=f"{target.id}.{d}",
                dimension=d,
                label=self.dimensions[d].label,
                text=target.expectation(d),
            )
            for d in order
            if d not in covered
        ]

    def digest(self) -> str:
        """The ladder as compact text for a model's static context."""
        lines = [f"Career ladder: {self.name}. Dimensions: " + ", ".join(
            f"{k} ({d.label})" for k, d in self.dimensions.items()) + "."]
        for level in self.levels:
            lines.append(f"- {level.title} (level {level.rank}):")
            lines.extend(f"  - {d}: {level.expectation(d)}" for d in DIMENSIONS)
        return "\n".join(lines)

    def expectation(self, expectation_id: str) -> Expectation | None:
        level_id, _, dim = expectation_id.partition(".")
        level = self.by_id(level_id)
        if level is None or dim not in DIMENSIONS:
            return None
        return Expectation(id=expectation_id, dimension=dim, label=self.dimensions[dim].label,
                           text=level.expectation(dim))


def _word(phrase: str) -> re.Pattern:
    # Digits count as word characters too: "log off at 5pm" names no PM.
    return re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])")


# Short forms people type for titles, spelled out so one alias list serves them all. A closed,
# regular set: word for word, nothing guessed.
SHORT_FORMS = {"prod": "product", "mgmt": "management", "mgr": "manager", "dir": "director",
               "snr": "senior", "sr": "senior", "grp": "group", "gpm": "group pm", "spm": "senior pm",
               "vice-president": "vp", "vice president": "vp", "vice-pres": "vp"}
_SHORT = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(SHORT_FORMS, key=len, reverse=True))
                    + r")\b\.?", re.I)


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()
    return _SHORT.sub(lambda m: SHORT_FORMS[m.group(1).lower()], text)


def load_ladder(path: Path | str | None = None) -> Ladder:
    """Read and validate a ladder file; the default ships with the project."""
    path = Path(path) if path else DEFAULT_LADDER
    return _load(str(path.resolve()))


@lru_cache(maxsize=8)
def _load(path: str) -> Ladder:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LadderError(f"ladder file not found: {path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LadderError(f"ladder file {path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise LadderError(f"ladder file {path} should hold a mapping with 'dimensions' and 'levels'")
    try:
        return Ladder.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise LadderError(f"ladder file {path}: {where}: {first['msg']}") from None
