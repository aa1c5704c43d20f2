"""Persona scripts: a PM's context and answers, replayed through the interviewer."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.interview.session import Context


class PersonaError(ValueError):
    """A persona file that cannot be replayed, in one line."""


class PersonaContext(BaseModel):
    current_role: str | None = None
    manager_notes: str | None = None
    prework: dict[str, str] = {}


class Persona(BaseModel):
    name: str
    mode: Literal["rehearse", "draft", "reflect"] = "rehearse"
    context: PersonaContext = Field(default_factory=PersonaContext)
    answers: list[str] = Field(min_length=1)
    description: str | None = None
    # What a good interviewer does with this persona, e.g. {"back_off": true}; used by evaluation.
    expect: dict[str, bool] = {}

    def interview_context(self) -> Context:
        c = self.context
        return Context(current_role=c.current_role, manager_notes=c.manager_notes, prework=dict(c.prework))


def load_persona(path: Path | str) -> Persona:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PersonaError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PersonaError(f"{path}: is a folder, not a persona file") from None
    except UnicodeDecodeError:
        raise PersonaError(f"{path}: not a text file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise PersonaError(f"{path}: not valid YAML{where}") from None
    if not isinstance(raw, dict):
        raise PersonaError(f"{path}: expected a mapping with name, context and answers")
    try:
        return Persona.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise PersonaError(f"{path}: {where}: {err['msg']}") from None
