"""docs/deploy-nginx.conf run for real: Debian's nginx in front of Streamlit, Debian's chromium
behind it. The headers arrive, the app works through the proxy, and no image leaves the app."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.payloads import payloads

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "docs" / "deploy-nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WAIT = 30_000
# A page that shows every payload raw, HTML allowed: only the proxy's policy stands in the way.
PROBE = '''
import json, sys
import altair as alt
import pandas as pd
import streamlit as st
for text in json.load(open(sys.argv[1])):
    st.markdown(text, unsafe_allow_html=True)
st.altair_chart(alt.Chart(pd.DataFrame({"week": [1, 2, 3], "done": [1, 3, 4]}))
                .mark_line().encode(x="week", y="done"))
st.markdown("probe rendered")
'''

# The same payloads through the sanitiser, into the kinds of sink the pages use; no proxy.
SANITISED = '''
import json, sys
import streamlit as st
from assistant.markup import safe_label, safe_markdown
for i, text in enumerate(json.load(open(sys.argv[1]))):
    st.markdown(safe_markdown(text))
    st.markdown(safe_markdown(text), unsafe_allow_html=True)
    st.caption(safe_label(text))
    st.checkbox(safe_label(text), key=f"c{i}")
    with st.expander(safe_label(text), expanded=True):
        st.write(safe_markdown(text))
st.markdown("probe rendered")
'''


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "headless": True,
            "args": ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                     "--disable-component-update", "--no-first-run"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.3)


class Listener:
    """A loopback HTTP server that counts every request made to it."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Count(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Count)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def streamlit(tmp_path: Path, script: Path, *args: str):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "DATABASE_URL")}
    env.update({"NEXTSTEP_MODEL": "offline", "NEXTSTEP_DATA_DIR": str(tmp_path / "data")})
    log = tmp_path / f"streamlit-{port}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
         "--", *args], cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/_stcore/health", proc, log)
    return proc, port


def nginx(tmp_path: Path, upstream: int):
    """nginx with the documented site, its ports swapped for free ones; returns (proc, url)."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run the suite with scripts/test, which installs it")
    port = free_port()
    site = CONF.read_text().replace("127.0.0.1:8080", f"127.0.0.1:{port}") \
        .replace("127.0.0.1:8501", f"127.0.0.1:{upstream}")
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "nginx-temp"
    temp.mkdir(exist_ok=True)
    os.chmod(tmp_path, 0o755)
    os.chmod(temp, 0o777)
    main = (f"daemon off; worker_processes 1; pid {tmp_path}/nginx.pid; "
            f"error_log {tmp_path}/nginx-error.log warn; events {{}} http {{ access_log off; "
            + "".join(f"{kind}_temp_path {temp}/{kind}; "
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + f"include {tmp_path}/site.conf; }}")
    (tmp_path / "nginx.conf").write_text(main)
    log = tmp_path / "nginx-error.log"
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-e", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/_stcore/health", proc, log)
    return proc, url


def stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=15)


def settle(page: Page) -> None:
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=WAIT)


def test_the_documented_proxy_sends_the_policy_and_blocks_every_outside_image(tmp_path, page):
    listener = Listener()
    texts = tmp_path / "payloads.json"
    texts.write_text(json.dumps(payloads(listener.url)))
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    app, port = streamlit(tmp_path, script, str(texts))
    proxy, url = nginx(tmp_path, port)
    try:
        headers = urllib.request.urlopen(url, timeout=10).headers
        policy = headers["Content-Security-Policy"]
        assert re.search(r"img-src 'self' data: blob:;", policy)
        assert "frame-ancestors 'none'" in policy and headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"

        violations = []
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(url)
        expect(page.get_by_text("probe rendered")).to_be_visible(timeout=WAIT)
        settle(page)
        page.wait_for_timeout(1500)  # let any late image, style or frame try its luck
        assert listener.hits == []
        assert any("img-src" in v for v in violations)  # the policy, not luck, stopped them
        # The app's own charts draw under the policy: Vega runs without eval.
        expect(page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg")
               .first).to_be_visible(timeout=WAIT)
        assert not [v for v in violations if "script-src" in v]
    finally:
        stop(proxy, app)
        listener.close()


def test_sanitised_payloads_fetch_nothing_even_without_the_proxy(tmp_path, page):
    listener = Listener()
    texts = tmp_path / "payloads.json"
    texts.write_text(json.dumps(payloads(listener.url)))
    script = tmp_path / "sanitised.py"
    script.write_text(SANITISED)
    app, port = streamlit(tmp_path, script, str(texts))
    try:
        page.goto(f"http://127.0.0.1:{port}")
        expect(page.get_by_text("probe rendered")).to_be_visible(timeout=WAIT)
        settle(page)
        page.wait_for_timeout(1500)
        assert listener.hits == []
        assert page.locator("img[src*='127.0.0.1'], iframe, object, embed").count() == 0
    finally:
        stop(app)
        listener.close()


def test_the_app_works_through_the_proxy_without_breaking_the_policy(tmp_path, page):
    app, port = streamlit(tmp_path, ROOT / "app.py")
    proxy, url = nginx(tmp_path, port)
    try:
        violations = []
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(url)
        settle(page)
        expect(page.get_by_test_id("stSidebar")).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("Next Step").first).to_be_visible(timeout=WAIT)
        assert violations == []
    finally:
        stop(proxy, app)


def test_the_deploy_guide_shows_the_config_that_is_tested():
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert CONF.read_text().strip() in guide
