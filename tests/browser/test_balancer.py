"""A school's recipe in real browsers: scripts/serve's two processes behind HAProxy (deploy/haproxy.cfg), with
the class board on PostgreSQL. Two learners land on different processes and stay there; a run file uploads
through the balancer; both post to one board that the teacher sees; a process killed with kill -9 costs its
learner nothing lasting; and a rolling restart of every process loses no post and no run."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from nn import Network, runfile

from .conftest import ARTIFACTS, ROOT, live, press, wait_idle
from .test_class import join, post, start
from .test_learner_path import go, no_exception

pytestmark = pytest.mark.browser
HAPROXY = shutil.which("haproxy", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/usr/local/sbin")  # Debian's: /usr/sbin


def needed(what, found, how):
    """Fail under CI=true, else skip, when what the balancer's tests need is missing."""
    if not found:
        message = f"No {what}: {how}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def free_ports(count):
    """A first port with the `count` - 1 after it free too (the balancer's, then one for each process)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError("no free run of ports")


class Serve:
    """`scripts/serve --processes 2` on free ports, its log and run folder among the test artifacts."""

    def __init__(self, database_url, processes=2):
        self.port = free_ports(processes + 1)
        self.url = f"http://127.0.0.1:{self.port}"
        self.run_dir = ARTIFACTS / f"serve-{self.port}"
        shutil.rmtree(self.run_dir, ignore_errors=True)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log = open(ARTIFACTS / f"serve-{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve"), "--processes", str(processes), "--port", str(self.port),
             "--database-url", database_url, "--run-dir", str(self.run_dir)],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.wait(lambda: self.state() is not None and self.up() == processes, "the balancer to serve")

    def state(self):
        try:
            return json.loads((self.run_dir / "state.json").read_text())
        except (OSError, ValueError):
            return None

    def wait(self, condition, what, within=120):
        deadline = time.monotonic() + within
        while not condition():
            if self.proc.poll() is not None:
                raise RuntimeError(f"scripts/serve ended while waiting for {what}: see {self.log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"waited {within} s for {what}: see {self.log.name}")
            time.sleep(0.2)

    def up(self):
        """How many processes answer their health check (each straight, not through the balancer)."""
        count = 0
        for process in (self.state() or {}).get("processes", {}).values():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{process['port']}/_stcore/health", timeout=1) as r:
                    count += r.status == 200
            except OSError:
                pass
        return count

    def pid(self, name):
        return self.state()["processes"][name]["pid"]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def school():
    needed("HAProxy", HAPROXY, "install Debian's haproxy (apt-get install haproxy).")
    url = os.environ.get("HAPPINESS_TEST_POSTGRES")
    needed("PostgreSQL", url, "set HAPPINESS_TEST_POSTGRES (scripts/test starts Debian's as root).")
    serve = Serve(url)
    yield serve
    serve.stop()


def process_of(page):
    """The process the balancer pins this browser to: its HAPPINESS_PROCESS cookie."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get("HAPPINESS_PROCESS")


def session_of(page):
    """The server session that drew the page's bar (ui/live.js marks it on the bar's root)."""
    return page.locator(".hl-root:has(.hl-bar)").get_attribute("data-session")


def reconnected(page, before, epoch):
    """The tab, its connection dropped, has a new session on a live process, which shows the run at `epoch`
    (rebuilt from the address)."""
    expect(page.locator(f".hl-root:has(.hl-bar):not([data-session='{before}'])")).to_have_count(1, timeout=60_000)
    wait_idle(page, timeout=60_000)
    expect(live(page, "epoch")).to_have_text(f"{epoch:,}", timeout=30_000)


def board_notes(teacher, *notes):
    board = teacher.get_by_test_id("stDataFrame").first
    for note in notes:
        expect(board).to_contain_text(note, timeout=30_000)


def test_a_class_across_two_processes_survives_a_crash_and_a_rolling_restart(browser, school, tmp_path):
    teacher, code = start(browser, school, "Two processes")
    ana, ben = join(browser, school, code, "Ana"), join(browser, school, code, "Ben")
    pages = (teacher, ana, ben)
    try:
        # each learner lands on a process of their own (the fewest connections), and stays with it
        assert {process_of(ana), process_of(ben)} == {"p1", "p2"}, (process_of(ana), process_of(ben))
        pinned = {page: process_of(page) for page in pages}
        press(ana, "+100", epoch=100)
        press(ben, "+1000", epoch=1000)
        go(ben, "Loss")
        ana.reload()
        wait_idle(ana)
        expect(live(ana, "epoch")).to_have_text("100")
        assert {page: process_of(page) for page in pages} == pinned

        # a run file uploads through the balancer, to the process that holds Ana's session
        saved = tmp_path / "run.json"
        net = Network()
        net.train(1234)
        saved.write_text(runfile.to_json(net))
        go(ana, "Lab")
        ana.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(saved))
        ana.get_by_role("button", name="Yes, load it").click(timeout=15_000)  # it would throw 100 epochs away
        expect(live(ana, "epoch")).to_have_text("1,234", timeout=15_000)
        wait_idle(ana)

        # both post to one board, and the teacher sees both
        post(ana, "from a run file")
        post(ben, "a thousand epochs")
        board_notes(teacher, "from a run file", "a thousand epochs")

        # Ana's process is killed: her tab reconnects to the other one, which rebuilds her run from the address
        killed, before = process_of(ana), session_of(ana)
        os.kill(school.pid(killed), signal.SIGKILL)
        reconnected(ana, before, 1234)
        press(ana, "+1", epoch=1235)  # answered by the new session (on the other process, or this one started again)
        school.wait(lambda: school.up() == 2, "the killed process to be started again")

        # a rolling restart of every process: no run and no post is lost, and posting goes on
        sessions = {page: session_of(page) for page in pages}
        restarted = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve"), "--restart", "--run-dir",
                                    str(school.run_dir)], capture_output=True, text=True, timeout=300)
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr
        reconnected(ana, sessions[ana], 1235)
        reconnected(ben, sessions[ben], 1000)
        reconnected(teacher, sessions[teacher], 0)
        board_notes(teacher, "from a run file", "a thousand epochs")
        post(ben, "after the restart")
        board_notes(teacher, "after the restart")
        for page in pages:
            no_exception(page)
    finally:
        for page in pages:
            page.context.close()


def test_the_balancers_config_is_valid_as_shipped(tmp_path):
    """deploy/haproxy.cfg as an administrator copies it: HAProxy's own check passes."""
    needed("HAProxy", HAPROXY, "install Debian's haproxy (apt-get install haproxy).")
    checked = subprocess.run([HAPROXY, "-c", "-f", str(Path(ROOT) / "deploy" / "haproxy.cfg")],
                             env={**os.environ, "HAPPINESS_RUN_DIR": str(tmp_path)}, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
