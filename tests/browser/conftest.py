"""Real-browser fixtures: `streamlit run app.py` on a free port, and Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS") or ROOT / "test-artifacts")  # server logs and screenshots
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ARTIFACTS)     # scripts/docs points this at docs/
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
IDLE = "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"


def chromium_path():
    """Return Chromium's path; without one, fail under CI=true and skip elsewhere."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "No Chromium: install Debian's chromium (apt-get install chromium) or set CHROMIUM."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `streamlit run` process on a free port, up once /_stcore/health answers."""

    def __init__(self, script="app.py", cwd=ROOT, env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log_path = ARTIFACTS / f"streamlit-{Path(script).stem}-{self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy on port {self.port}")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server():
    app = Server()
    yield app
    app.stop()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=FLAGS)
        yield launched
        launched.close()


def wait_idle(page, timeout=30_000):
    """Streamlit's own idiom: connected, and the script is not running."""
    page.wait_for_selector(IDLE, timeout=timeout)


SETTLED = """el => new Promise(done => {
  // the element's box and its children's count are the same for 10 frames in a row
  let last = null, same = 0;
  const look = () => {
    const r = el.getBoundingClientRect();
    const now = [r.x, r.y, r.width, r.height, el.querySelectorAll('*').length].join();
    same = now === last ? same + 1 : 0; last = now;
    if (same >= 10) done(true); else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})"""


def settled(locator):
    """Wait until the element has stopped moving (plotly lays a chart out over a few frames)."""
    locator.evaluate(SETTLED)


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart], .hl-figure')]
  .every(c => c.querySelector('.main-svg'))"""


def charts_drawn(page):
    """Wait until every chart on the page has been drawn by plotly."""
    page.wait_for_function(CHARTS_DRAWN)


def open_page(browser, url, path=""):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/{path}")
    wait_idle(page)
    return page


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server.url)
    yield page
    page.context.close()


def screenshot(page, name):
    """Save the page: whole pages as test artifacts, the first screenful for the README (scripts/docs)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=SCREENSHOTS == ARTIFACTS)


def live(page, what):
    """The live view's element for `what` ("epoch" or "loss"), with the text as shown ("1,900", "0.015102")."""
    return page.locator(f"[data-live={what}]")


def bar_button(page, label):
    """A button of the live bar at the top of the page (+1, +10, +100, +1000, ▶ Play, ❚❚ Pause)."""
    return page.locator(".hl-bar").get_by_role("button", name=label, exact=True)


def press(page, label, epoch=None):
    """Press a button of the live bar; with epoch, wait until the bar shows it, the server has answered the
    press (the bar paints a press before the server has it), and the app is idle."""
    from playwright.sync_api import expect
    bar_button(page, label).click()
    if epoch is not None:
        expect(live(page, "epoch")).to_have_text(f"{epoch:,}", timeout=15_000)
        expect(page.locator(".hl-bar[data-answered='1']")).to_have_count(1, timeout=15_000)
        wait_idle(page)


def start_training(page, epochs):
    """Type an amount into the sidebar's box and press its Train button."""
    box = page.get_by_role("textbox", name="Epochs to train")
    box.fill(str(epochs))
    page.get_by_test_id("stSidebar").get_by_role("button", name="Train", exact=True).click()


WATCH = """ms => new Promise(done => {
  const el = document.querySelector('[data-live=epoch]'), seen = [];
  const t0 = performance.now();
  const look = t => { seen.push(el.textContent); if (t - t0 < ms) requestAnimationFrame(look); else done(seen); };
  requestAnimationFrame(look);
})"""


def watch(page, ms):
    """The live epoch's text at every frame the page paints for `ms` milliseconds, read inside the page."""
    return page.evaluate(WATCH, ms)
