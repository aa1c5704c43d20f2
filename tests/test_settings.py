"""Settings, the model factory and the ladder file setting."""

from __future__ import annotations

import pytest
from langchain_openai import ChatOpenAI

from assistant.engine import build_backend
from assistant.interview.offline_reader import OfflineReader
from assistant.interview.reader import LLMReader
from assistant.ladder import LadderError, load_ladder
from assistant.models import ModelConfigError, backend_info, make_chat_model, startup_message
from assistant.settings import Settings


def test_offline_when_nothing_is_configured():
    s = Settings()
    assert s.resolved_model == "offline"
    assert make_chat_model(s) is None
    assert "Offline" in startup_message(s) and "OPENAI_API_KEY" in startup_message(s)
    assert isinstance(build_backend(s).reader, OfflineReader)


def test_openai_when_a_key_is_set(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-real")
    s = Settings()
    assert s.resolved_model.startswith("openai:")
    model = make_chat_model(s)
    assert isinstance(model, ChatOpenAI) and backend_info(s).kind == "openai"
    assert isinstance(build_backend(s).reader, LLMReader)


def test_local_server_by_base_url(monkeypatch):
    monkeypatch.setenv("NEXTSTEP_MODEL", "openai:llama3.1")
    monkeypatch.setenv("NEXTSTEP_BASE_URL", "http://127.0.0.1:11434/v1")
    s = Settings()
    model = make_chat_model(s)
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "llama3.1" and "127.0.0.1:11434" in str(model.openai_api_base)
    assert backend_info(s).kind == "local" and "Local model" in backend_info(s).label


def test_ollama_shorthand():
    info = backend_info(Settings(), "ollama:qwen2.5")
    assert info.kind == "local" and info.base_url.endswith(":11434/v1")


@pytest.mark.parametrize("model,needle", [("openai:gpt-4.1-mini", "OPENAI_API_KEY"),
                                          ("acme:x", "unknown model provider"),
                                          ("openai:", "names no model")])
def test_unusable_model_settings_say_what_to_change(model, needle):
    with pytest.raises(ModelConfigError, match=needle):
        make_chat_model(Settings(), model)


def test_model_string_shape_is_validated(monkeypatch):
    monkeypatch.setenv("NEXTSTEP_MODEL", "gpt-4o")
    with pytest.raises(ValueError, match="provider:model"):
        Settings()


def test_database_defaults_to_sqlite_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NEXTSTEP_DATA_DIR", str(tmp_path))
    assert Settings().database == f"sqlite:///{tmp_path / 'nextstep.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/db")
    assert Settings().database.startswith("postgresql+psycopg://")


def test_company_ladder_file_is_validated(tmp_path):
    good = load_ladder()
    assert [lv.id for lv in good.levels][:2] == ["apm", "pm"] and good.levels[-1].id == "vp"
    bad = tmp_path / "ladder.yaml"
    bad.write_text("name: x\ndimensions: {}\nlevels: []\n")
    with pytest.raises(LadderError, match="ladder.yaml"):
        load_ladder(bad)
    (tmp_path / "broken.yaml").write_text("levels: [")
    with pytest.raises(LadderError, match="not valid YAML"):
        load_ladder(tmp_path / "broken.yaml")
    with pytest.raises(LadderError, match="not found"):
        load_ladder(tmp_path / "missing.yaml")


def test_company_ladder_is_used_by_the_backend(tmp_path, monkeypatch):
    import yaml
    from assistant.ladder import DEFAULT_LADDER
    data = yaml.safe_load(DEFAULT_LADDER.read_text())
    data["levels"][4]["title"] = "Head of Product Craft"
    data["levels"][4]["aliases"].append("craft lead")
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(data))
    monkeypatch.setenv("NEXTSTEP_LADDER_FILE", str(path))
    backend = build_backend(Settings())
    assert backend.ladder.lookup("craft lead").title == "Head of Product Craft"
