"""One typed settings object, read from the environment and `.env`."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OPENAI_MODEL = "gpt-4.1-mini"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
STRUCTURED_METHODS = ("function_calling", "json_schema", "json_mode", "json_prompt")


class Settings(BaseSettings):
    """Everything configurable, in one place. Environment variables use the NEXTSTEP_ prefix."""

    model_config = SettingsConfigDict(
        env_prefix="NEXTSTEP_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # "provider:model", e.g. "openai:gpt-4.1-mini", "ollama:llama3.1", or "offline".
    model: str | None = None
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "NEXTSTEP_OPENAI_API_KEY")
    )
    # Any OpenAI-compatible server: Ollama, vLLM, llama.cpp's server.
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("NEXTSTEP_BASE_URL", "OPENAI_BASE_URL")
    )
    temperature: float = 0.4
    request_timeout: float = 60.0
    max_retries: int = 1
    # How structured steps ask for JSON: function_calling, json_schema, json_mode or json_prompt.
    # On a local server a one-time probe moves on to the next that works (assistant/models.py).
    structured_method: str = "function_calling"
    # Output tokens per step: an unbounded call can hold a one-request-at-a-time server for minutes.
    max_tokens_reader: int = Field(400, ge=16)
    max_tokens_speaker: int = Field(200, ge=16)
    max_tokens_draft: int = Field(1500, ge=64)
    # Messages of history sent with each call; what is older already lives in the state.
    history_window: int = Field(6, ge=0)
    # Seconds one step (read, speak, draft) may take end to end, a retry included.
    step_budget: float = Field(90.0, gt=0)
    # Start the reply on the rules' guess while the model reads; unset means on for hosted
    # models and off for local servers, which answer one request at a time.
    speculative_reply: bool | None = None
    # What the speaker guard checks before showing: "sentence" streams each checked sentence,
    # "message" shows nothing until the whole reply passed; unset means message for local servers.
    speaker_hold: Literal["sentence", "message"] | None = None

    max_answer_chars: int = 4000
    max_turns: int = 24
    probes_per_slot: int = 2

    # The PM's IANA time zone for calendar files, and ISO country whose public holidays no due date
    # falls on; unset means the browser's zone (UTC without one) and the country the PM's place names.
    time_zone: str | None = None
    country: str | None = None

    ladder_file: Path | None = None
    data_dir: Path = ROOT / "data"
    # Where the app listens. Without sign-in there is one local person, so anyone who can reach
    # the port is them: anything but loopback needs sign-in configured.
    listen_address: str = "127.0.0.1"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "NEXTSTEP_DATABASE_URL")
    )

    # USD per million tokens (input, output); used for cost estimates only.
    prices: dict[str, tuple[float, float]] = {
        "gpt-4.1-mini": (0.40, 1.60),
        "gpt-4.1": (2.00, 8.00),
        "gpt-4o-mini": (0.15, 0.60),
        "gpt-4o": (2.50, 10.00),
    }

    @field_validator("model")
    @classmethod
    def _model_shape(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        value = value.strip()
        if value != "offline" and ":" not in value:
            raise ValueError(
                f"model {value!r} should look like 'provider:model' "
                "(openai:gpt-4.1-mini, ollama:llama3.1) or be 'offline'"
            )
        return value

    @field_validator("structured_method")
    @classmethod
    def _method_known(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in STRUCTURED_METHODS:
            raise ValueError(f"NEXTSTEP_STRUCTURED_METHOD={value!r} is not one of "
                             f"{', '.join(STRUCTURED_METHODS)}")
        return value

    @property
    def resolved_model(self) -> str:
        """The model string in force: explicit, else OpenAI when a key is set, else offline."""
        if self.model:
            return self.model
        if self.openai_api_key is not None:
            return f"openai:{DEFAULT_OPENAI_MODEL}"
        return "offline"

    @property
    def database(self) -> str:
        """SQLAlchemy URL: DATABASE_URL when set, else a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'nextstep.db'}"


class SettingsError(ValueError):
    """A setting that cannot be used, in one line naming the variable and what it accepts."""


def sign_in_configured(root: Path = ROOT) -> bool:
    """True when a Streamlit secrets file has an [auth] section, i.e. OpenID Connect sign-in."""
    for path in (root / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            auth = tomllib.loads(path.read_text(encoding="utf-8")).get("auth")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(auth, dict) and auth:
            return True
    return False


def exposure_problem(address: str, signed_in: bool) -> str | None:
    """Why the app must not listen on `address`, in one line; None when it may."""
    if address.strip().strip("[]") in LOOPBACK or signed_in:
        return None
    return (f"Refusing to listen on {address}: without sign-in anyone on the network would be the "
            "one local person and could read, export or erase everything. Configure sign-in "
            "(.streamlit/secrets.toml, see secrets.toml.example) or leave NEXTSTEP_LISTEN_ADDRESS "
            "at 127.0.0.1.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(message if "NEXTSTEP_" in message else
                            f"NEXTSTEP_{where.upper()}: {message}") from None


def _print_listen_address() -> int:
    """For scripts/start: the address to listen on, or one line saying why not (exit 2)."""
    import sys

    try:
        address = get_settings().listen_address
    except SettingsError as exc:
        print(f"A setting is not valid: {exc}", file=sys.stderr)
        return 2
    problem = exposure_problem(address, sign_in_configured())
    print(problem or address, file=sys.stderr if problem else sys.stdout)
    return 2 if problem else 0


if __name__ == "__main__":
    raise SystemExit(_print_listen_address())
