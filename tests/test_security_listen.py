"""Local mode listens on loopback only; a wider address needs sign-in, or the start refuses."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.settings import ROOT, exposure_problem, sign_in_configured

AUTH = '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\nclient_id = "x"\n'


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_loopback_is_always_fine(address):
    assert exposure_problem(address, signed_in=False) is None


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.168.1.20"])
def test_a_network_address_needs_sign_in(address):
    problem = exposure_problem(address, signed_in=False)
    assert problem.startswith(f"Refusing to listen on {address}") and "\n" not in problem
    assert exposure_problem(address, signed_in=True) is None


@pytest.mark.parametrize("secrets,configured", [
    (AUTH, True), ("[auth]\n", False), ("[other]\nx = 1\n", False), ("[auth\nbroken", False),
    (None, False),
])
def test_sign_in_is_read_from_the_secrets_file(tmp_path, monkeypatch, secrets, configured):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if secrets is not None:
        (tmp_path / ".streamlit").mkdir()
        (tmp_path / ".streamlit" / "secrets.toml").write_text(secrets)
    assert sign_in_configured(tmp_path) is configured


def start_check(tmp_path, **env) -> subprocess.CompletedProcess:
    """What scripts/start runs to choose its address."""
    return subprocess.run([sys.executable, "-m", "assistant.settings"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
                               **env})


def test_the_start_check_prints_loopback_by_default(tmp_path):
    done = start_check(tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, "127.0.0.1")


def test_the_start_check_refuses_a_wide_address_without_sign_in_in_one_line(tmp_path):
    done = start_check(tmp_path, NEXTSTEP_LISTEN_ADDRESS="0.0.0.0")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Refusing to listen on 0.0.0.0" in done.stderr


def test_the_start_check_reports_a_bad_setting_without_a_traceback(tmp_path):
    done = start_check(tmp_path, NEXTSTEP_MAX_TURNS="many")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("A setting is not valid: NEXTSTEP_MAX_TURNS")


@pytest.mark.parametrize("arg", ["--server.address=0.0.0.0", "--server.address",
                                 "--server.enableXsrfProtection=false"])
def test_start_refuses_to_be_told_another_address_before_installing_anything(arg):
    done = subprocess.run([str(ROOT / "scripts" / "start"), arg, "0.0.0.0"], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 2 and "NEXTSTEP_LISTEN_ADDRESS" in done.stderr
    assert done.stdout == ""
