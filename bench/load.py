"""A class of simulated learners against one `streamlit run app.py`, speaking Streamlit's own websocket protocol.

Run: python bench/load.py                    (about 4 minutes: N = 10, 25, 50, 100, 200, then the link test)
     python bench/load.py --learners 50 --seconds 20
     python bench/load.py --learners 100 --skip-extras --without send_at_once   (what one serving/speed setting buys)
     python bench/load.py --balancer --servers 2 --posting --learners 70 100   (scripts/serve: HAProxy in front)
     python bench/load.py --balancer --servers 2 --posting --store postgresql://...   (the board on PostgreSQL)

No browser: each learner is a websocket client that sends the BackMsg protobufs the frontend sends
(the live bar's trigger values, page switches, a long job's timed reruns) and reads the ForwardMsgs back,
so the machine's cores go to the server. Every ~2 s on average a learner presses a train button (+1, +10,
+100, +1000) or switches page; one in ten presses Play for a few seconds, asking for each next chunk of
frames when the browser would (a second before the chunk it holds runs out, ui/live.js), then pauses on
an epoch it was shown; a few open a shared link. Each learner checks the epoch the live bar is given
against its own presses, so sessions are isolated.
It reports the server's answer time (rerun sent to script finished): p50/p95/p99 at each N, errors,
wrong epochs and the server's RSS. Then it measures one learner's clicks while four tabs open the largest
link the playground rebuilds unasked, against the same learner on a quiet server.
With --balancer the class goes through HAProxy to --servers processes (scripts/serve), and with --posting
every learner first joins one class on its Class page, then posts its run as 1 action in 20.
Traffic goes only to 127.0.0.1, and every loop is bounded in count and time.
"""

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nn import Network, People, link, recipes  # noqa: E402  # noqa: E402
from nn.play import DEFAULT_SPEED  # noqa: E402
from serving.speed import TRIM_SECONDS  # noqa: E402

PRESSES = {"train_1": 1, "train_10": 10, "train_100": 100, "train_1000": 1000}
POST_SHARE = 0.05  # with --posting, the share of a learner's actions that post the run to the class
ASK_AHEAD = 1.0  # seconds of frames left when the browser asks for the next chunk (ui/live.js ASK_AHEAD_MS)
TRIGGER_ID = "$$STREAMLIT_INTERNAL_KEY_{}__events"  # the live bar's trigger widget (Streamlit 1.67's bidi component)


def start_server(script="app.py", *options):
    """Start the app (or another script) on a free port, with extra `--option value`s; return (process, url)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", *options],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def cpu_seconds(pid):
    """The process's user + system CPU time so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    """The process's resident memory in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Learner:
    """One simulated browser tab: a websocket session, the widgets it has seen, and its own count of epochs."""

    def __init__(self, url, query="", expected=0):
        self.url, self.query, self.expected = url, query, expected
        self.buttons, self.pages, self.epoch, self.page = {}, {}, None, ""
        self.in_fragment = {}  # a button's id -> the fragment it was drawn in ("" for none)
        self.times, self.errors, self.wrong, self.fragment, self.interval = [], 0, 0, None, 0.4
        self.ws, self.bar, self.bar_fragment, self.play, self.nonce = None, None, None, None, 0
        self.plays, self.chunks = 0, 0  # Plays pressed, chunks asked for
        self.drawn, self.runs, self.received = [], 0, 0  # the elements, runs and bytes the last message brought
        self.texts, self.submits, self.posts, self.joined = {}, {}, 0, False  # the class: its form's widgets
        self.tab = f"learner-{id(self):x}"  # the browser's name for its tab: with nonce, it names each press

    async def connect(self):
        await self.connect_without_run()
        await self.rerun(timed=False)

    async def connect_without_run(self):
        """Open the websocket only: the session's first run is whatever is sent next."""
        host = self.url.removeprefix("http://")
        self.ws = await websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                           origin=self.url, max_size=2**26, open_timeout=60)

    async def close(self):
        if self.ws is not None:
            await self.ws.close()

    async def submit(self, form, texts, timed=True):
        """Fill a form's text boxes ({key: text}) and press its submit button, as the browser sends them."""
        state = BackMsg()
        client = state.rerun_script
        client.query_string, client.page_script_hash = self.query, self.page
        for key, value in texts.items():
            widget = client.widget_states.widgets.add()
            widget.id, widget.string_value = self.texts[key], value
        widget = client.widget_states.widgets.add()
        widget.id, widget.trigger_value = self.submits[form], True
        start = time.perf_counter()
        await self.ws.send(state.SerializeToString())
        await self.read_until_finished()
        if timed:
            self.times.append(time.perf_counter() - start)

    async def join(self, code, name):
        """Open the Class page and join the class under `name` (the sidebar then has the post form)."""
        await self.rerun(page=self.pages["class"], timed=False)
        await self.submit("join_form", {"class_code": code, "class_name": name}, timed=False)
        self.joined = "post_form" in self.submits

    async def post(self):
        """Post the run on screen to the class, with a note (the sidebar's form)."""
        await self.submit("post_form", {"post_note": f"epoch {self.epoch}"})
        self.posts += 1

    async def rerun(self, trigger=None, page=None, fragment=None, timed=True, event=None):
        """Send one rerun (a button press, a page switch, a long job's tick, or the live bar's `event`, a pair
        (name, value) sent as the bar's JavaScript does) and read until the script finishes."""
        state = BackMsg()
        client = state.rerun_script
        client.query_string = self.query
        if page is not None:
            self.page = page
        client.page_script_hash = self.page  # the frontend names the page it shows in every rerun
        if fragment is not None:
            client.fragment_id, client.is_auto_rerun = fragment, True
        if trigger is not None:
            widget = client.widget_states.widgets.add()
            widget.id, widget.trigger_value = self.buttons[trigger], True
            client.fragment_id = self.in_fragment.get(widget.id, "")
        if event is not None:  # a trigger of the bar's fragment: it reruns that (and then the app, for a press)
            self.nonce += 1
            name, value = event
            widget = client.widget_states.widgets.add()
            widget.id = TRIGGER_ID.format(self.bar)
            widget.json_trigger_value = json.dumps([{"event": name,
                                                     "value": {**value, "tab": self.tab, "k": self.nonce}}])
            client.fragment_id = self.bar_fragment
        start = time.perf_counter()
        await self.ws.send(state.SerializeToString())
        await self.read_until_finished()
        if timed:
            self.times.append(time.perf_counter() - start)

    async def read_until_finished(self):
        self.drawn, self.runs, self.received = [], 0, 0  # what the server sent since the last message to it: each
        while True:                                          # element, the runs it made, and its bytes
            raw = await asyncio.wait_for(self.ws.recv(), timeout=120)
            self.received += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self.seen(msg.delta.new_element, msg.delta.fragment_id)
            elif kind == "new_session":  # a run begins (a run cut short for another counts too)
                self.runs += 1
            elif kind == "navigation":
                self.pages = {p.url_pathname or "overview": p.page_script_hash for p in msg.navigation.app_pages}
                self.page = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.fragment, self.interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                self.fragment = None
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.errors += 1
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # a run cut short: the next follows
                    return

    def seen(self, element, fragment_id):
        kind = element.WhichOneof("type")
        self.drawn.append(element)
        if kind == "button":
            key = re.sub(r"^\$\$ID-[0-9a-f]+-", "", element.button.id)
            self.buttons[key] = element.button.id
            self.in_fragment[element.button.id] = fragment_id  # a press of it reruns that fragment, as in a browser
            if element.button.is_form_submitter:
                self.submits[element.button.form_id] = element.button.id
        elif kind == "text_input":
            self.texts[re.sub(r"^\$\$ID-[0-9a-f]+-", "", element.text_input.id)] = element.text_input.id
        elif kind == "bidi_component" and element.bidi_component.id.endswith("-live"):
            self.bar, self.bar_fragment = element.bidi_component.id, fragment_id
            data = json.loads(element.bidi_component.json)[0]  # a list of one (ui/live._mount)
            self.epoch, self.play = data["now"]["epoch"], data["play"]
        elif kind == "exception":
            self.errors += 1

    def check(self):
        if self.epoch is not None and self.epoch != self.expected:
            self.wrong += 1
            self.expected = self.epoch  # count each divergence once

    async def bar_press(self, value):
        """A press of the live bar, as the browser makes it: the bar's run, and the run of the app it asks for
        when the network changed. Timed from the press to the page redrawn."""
        await self.rerun(event=("act", value))

    async def press(self, key):
        if key in PRESSES:
            await self.bar_press({"do": "train", "n": PRESSES[key], "shown": self.epoch})
        else:
            await self.rerun(trigger=key)
        self.expected += PRESSES.get(key, 0)
        self.check()

    async def play_for(self, seconds):
        """Press Play, ask for each next chunk when the browser would, then Pause on an epoch it was shown.

        The browser shows a chunk's frames at DEFAULT_SPEED epochs a second and asks for the next chunk
        ASK_AHEAD seconds before the last frame it holds; at Pause the server's epoch must be the one shown.
        """
        await self.rerun(event=("act", {"do": "play"}))
        if self.play is None:
            return
        self.plays += 1
        end, playing_since, shown = time.perf_counter() + seconds, time.perf_counter(), self.expected
        start = self.expected
        while self.play is not None:
            chunk = self.play["chunk"]
            last = chunk["epochs"][-1] if chunk["epochs"] else chunk["start"]
            ask_at = playing_since + (last - start) / DEFAULT_SPEED - ASK_AHEAD
            if ask_at >= end or chunk["end"]:
                break
            await asyncio.sleep(max(0.0, ask_at - time.perf_counter()))
            shown = start + int((time.perf_counter() - playing_since) * DEFAULT_SPEED)
            await self.rerun(event=("more", {"play": self.play["id"], "after": last, "shown": min(shown, last)}))
            self.chunks += 1
        await asyncio.sleep(max(0.0, end - time.perf_counter()))
        held = self.play["chunk"]["epochs"] if self.play else []
        shown = max([e for e in held if e <= start + (time.perf_counter() - playing_since) * DEFAULT_SPEED],
                    default=self.epoch)
        await self.bar_press({"do": "pause", "shown": shown})
        if self.epoch != shown:
            self.wrong += 1
        self.expected = self.epoch


async def learner_loop(learner, deadline, rng):
    """Act every ~2 s (exponential gaps) until the deadline."""
    while time.perf_counter() < deadline:
        await asyncio.sleep(min(rng.expovariate(0.5), max(0.0, deadline - time.perf_counter())))
        if time.perf_counter() >= deadline:
            break
        roll = rng.random()
        if learner.joined and rng.random() < POST_SHARE:
            await learner.post()
        elif roll < 0.1 and learner.bar:
            await learner.play_for(rng.uniform(2, 5))
        elif roll < 0.3 and learner.pages:
            await learner.rerun(page=rng.choice(list(learner.pages.values())))
            learner.check()
        else:
            await learner.press(rng.choice(list(PRESSES)))


async def crowd(urls, n, seconds, seed=0, shared_every=10, code=None, started=lambda: None):
    """n learners for `seconds`, spread over the servers' urls (each learner sticks to one, as behind a sticky
    load balancer); every `shared_every`-th opens a shared link at 1,000,000 epochs. With a class `code`, each
    joins that class first and posts now and then."""
    rng = random.Random(seed)
    learners = [Learner(urls[i % len(urls)], "epoch=1000000", 1_000_000) if i % shared_every == shared_every - 1
                else Learner(urls[i % len(urls)]) for i in range(n)]
    for i in range(0, n, 10):  # connect in small groups, as a class arrives
        await asyncio.gather(*(lr.connect() for lr in learners[i:i + 10]))
        if code is not None:
            await asyncio.gather(*(lr.join(code, f"learner {i + j}") for j, lr in enumerate(learners[i:i + 10])))
    if code is not None and not all(lr.joined for lr in learners):
        raise SystemExit(f"{sum(not lr.joined for lr in learners)} learners could not join the class")
    started()  # the class has arrived: from here the figures count
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(learner_loop(lr, deadline, random.Random(rng.random())) for lr in learners))
    return learners


def percentiles(times):
    ms = sorted(t * 1000 for t in times)
    if not ms:
        return float("nan"), float("nan"), float("nan")
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return statistics.median(ms), pick(0.95), pick(0.99)


async def run_crowd(urls, pids, n, seconds, code=None, balancer=None):
    """The crowd's step: its figures from the moment every learner has connected (and joined) to the end."""
    at = {}

    def started():
        at.update(server=sum(map(cpu_seconds, pids)), own=time.process_time(), wall=time.perf_counter(),
                  balancer=cpu_seconds(balancer) if balancer else 0.0)

    learners = await crowd(urls, n, seconds, code=code, started=started)
    wall = time.perf_counter() - at["wall"]
    server_cpu = (sum(map(cpu_seconds, pids)) - at["server"]) / wall
    balancer_cpu = (cpu_seconds(balancer) - at["balancer"]) / wall if balancer else None
    own_cpu = (time.process_time() - at["own"]) / wall
    times = [t for lr in learners for t in lr.times]
    p50, p95, p99 = percentiles(times)
    errors, wrong = sum(lr.errors for lr in learners), sum(lr.wrong for lr in learners)
    rss = sum(map(rss_mb, pids))
    plays, chunks = sum(lr.plays for lr in learners), sum(lr.chunks for lr in learners)
    posts = sum(lr.posts for lr in learners)
    await asyncio.gather(*(lr.close() for lr in learners))
    per_message = server_cpu * wall / max(len(times), 1) * 1000  # the servers' CPU a message, in ms
    print(f"  N={n:4}  messages {len(times):5} (Plays {plays}, chunk requests {chunks}"
          f"{f', posts {posts}' if code else ''})  "
          f"p50 {p50:5.0f} ms  p95 {p95:5.0f} ms  p99 {p99:5.0f} ms  "
          f"errors {errors}  wrong epochs {wrong}  RSS {rss:4.0f} MB  "
          f"CPU: server{'s' if len(pids) > 1 else ''} {server_cpu:4.0%} ({per_message:.1f} ms a message)"
          f"{f', balancer {balancer_cpu:4.0%}' if balancer else ''}, generator {own_cpu:4.0%}", flush=True)
    return p95


def largest_link():
    """The dearest link a learner's page rebuilds unasked: the most epochs under MAX_LINK_SECONDS at 100 people."""
    from ui.state import MAX_LINK_SECONDS
    rng = random.Random(1)
    names = [f"p{i}" for i in range(100)]
    X = [[round(rng.random(), 2) for _ in range(4)] for _ in names]
    net = Network(People(names, X, [round(rng.random(), 2) for _ in names]), hidden=8, bias=True)
    query = link.to_query(net)
    query.pop("fp")
    per_epoch = recipes.rebuild_seconds({**recipes.recipe(net), "epoch": 1})
    query["epoch"] = str(int(MAX_LINK_SECONDS / per_epoch))
    return "&".join(f"{k}={v}" for k, v in query.items())


async def one_learner_clicks(url, clicks=100):
    learner = Learner(url)
    await learner.connect()
    for _ in range(clicks):
        await asyncio.sleep(0.25)
        await learner.press("train_100")
    await learner.close()
    return learner


async def link_test(url):
    quiet = await one_learner_clicks(url)
    query = largest_link()
    tabs = [Learner(url, query, None) for _ in range(4)]
    await asyncio.gather(*(t.connect() for t in tabs))

    async def keep_ticking(tab, until):  # the frontend's timed reruns drive a rebuild's ticks
        while time.perf_counter() < until and tab.fragment:
            await asyncio.sleep(tab.interval)
            await tab.rerun(fragment=tab.fragment, timed=False)

    until = time.perf_counter() + 120
    ticking = [asyncio.create_task(keep_ticking(t, until)) for t in tabs]
    busy = await one_learner_clicks(url)
    for task in ticking:
        task.cancel()
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)
    q, b = percentiles(quiet.times)[1], percentiles(busy.times)[1]
    epochs = query.split("epoch=")[1].split("&")[0]
    print(f"\nOne learner's +100 p95 while four tabs open the largest link rebuilt unasked "
          f"(100 people, width 8, bias, {int(epochs):,} epochs): quiet {q:.0f} ms, busy {b:.0f} ms -> {b / q:.2f}x "
          f"(errors {quiet.errors + busy.errors}, wrong epochs {quiet.wrong + busy.wrong})")


async def idle_memory(sessions=40, ttl=5):
    """Server RSS per idle session at 1,000,000 epochs, and after those sessions end.

    Streamlit keeps a closed tab's session for server.disconnectedSessionTTL (120 s by default) so that
    a dropped connection can resume it; this server uses `ttl` seconds, and the RSS is read after it and
    after the server's next hand-back of freed memory (serving/speed.return_freed_memory).
    """
    proc, url = start_server("app.py", "--server.disconnectedSessionTTL", str(ttl))

    async def open_sessions():
        """Open `sessions` tabs at a million epochs, one after another; return them and the server's RSS then."""
        tabs = [Learner(url, "epoch=1000000", 1_000_000) for _ in range(sessions)]
        for t in tabs:
            await t.connect()
        return tabs, rss_mb(proc.pid)

    try:
        warm = Learner(url, "epoch=1000000", 1_000_000)
        await warm.connect()
        await warm.close()
        await asyncio.sleep(ttl + 2)
        before = rss_mb(proc.pid)
        tabs, held = await open_sessions()
        await asyncio.gather(*(t.close() for t in tabs))
        await asyncio.sleep(ttl + 2)
        probe = Learner(url)  # a new session makes the store drop the expired ones
        await probe.connect()
        await probe.close()
        await asyncio.sleep(TRIM_SECONDS + 1)  # the server hands freed memory back every TRIM_SECONDS
        after = rss_mb(proc.pid)
        again, second = await open_sessions()
        await asyncio.gather(*(t.close() for t in again))
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    print(f"\nServer RSS: {before:.0f} MB; with {sessions} idle sessions at 1,000,000 epochs {held:.0f} MB "
          f"({(held - before) / sessions:.2f} MB a session); once they have ended {after:.0f} MB "
          f"({held - after:.0f} MB returned to the system); {sessions} new sessions then {second:.0f} MB "
          f"({second - after:+.0f} MB)")


# serving/speed's once-per-process settings that app.py makes
PATCHES = ("send_at_once", "build_theme_once", "return_freed_memory")


def app_without(patches):
    """Write a copy of app.py that leaves out the named serving/speed settings; return its name (in the root, so its
    imports resolve as app.py's do). The caller removes it."""
    source = (ROOT / "app.py").read_text()
    for name in patches:
        line = f"speed.{name}()"
        if line not in source:
            raise SystemExit(f"app.py makes no {line}")
        source = source.replace(line, f"None  # {line} left out by bench/load.py --without")
    script = f".bench_app_without_{'_'.join(patches)}.py"
    (ROOT / script).write_text(source)
    return script


async def main_async(args):
    script = app_without(args.without) if args.without else "app.py"
    try:
        await crowds(args, script)
    finally:
        if args.without:
            (ROOT / script).unlink()


def start_serve(processes, store):
    """scripts/serve with `processes` behind HAProxy on free ports, the board on `store` ("sqlite" or a
    PostgreSQL URL); return (serve's process, the balancer's url, the run folder)."""
    import tempfile
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + processes < 65536:
            break
    run_dir = Path(tempfile.mkdtemp(prefix="happiness-load-"))
    board = ["--data-dir", str(run_dir / "data")] if store == "sqlite" else ["--database-url", store]
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve"), "--processes", str(processes),
                             "--port", str(port), "--run-dir", str(run_dir / "run"), *board],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        try:
            state = json.loads((run_dir / "run" / "state.json").read_text())
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc, f"http://127.0.0.1:{port}", run_dir, state
        except (OSError, ValueError):
            if proc.poll() is not None:
                raise RuntimeError(f"scripts/serve ended: {proc.stderr.read()}") from None
            time.sleep(0.2)
    raise RuntimeError("scripts/serve did not start")


def start_class(store, run_dir):
    """A class on the board the servers use: return its code (the teacher's part, straight to the store)."""
    from classroom import store as class_store
    url = f"sqlite:///{run_dir / 'data' / 'classes.sqlite3'}" if store == "sqlite" else store
    code, _ = class_store.Store(url).start_class("The load test")
    return code


async def balanced(args):
    """The crowd through HAProxy in front of args.servers processes (scripts/serve)."""
    proc, url, run_dir, state = start_serve(args.servers, args.store)
    pids = [p["pid"] for p in state["processes"].values()]
    try:
        for _ in range(args.servers * 2):  # the balancer spreads new connections: each process draws once
            warm = Learner(url)
            await warm.connect()
            await warm.close()
        print(f"{args.seconds:g} s per step; {args.servers} server process{'es' if args.servers > 1 else ''} behind "
              f"HAProxy on {os.cpu_count()} cores; the board on {'SQLite' if args.store == 'sqlite' else 'PostgreSQL'}"
              f"{'; every learner in one class, posting' if args.posting else ''}")
        for n in args.learners:
            code = start_class(args.store, run_dir) if args.posting else None
            await run_crowd([url], pids, n, args.seconds, code=code, balancer=state["balancer"])
    finally:
        proc.terminate()
        err = proc.communicate(timeout=60)[1]
    logs = "".join(path.read_text() for path in (run_dir / "run").glob("p*.log"))
    print(f"\nServer logs: {logs.count('Traceback')} traceback(s){'; serve: ' + err if err.strip() else ''}")


async def crowds(args, script):
    if args.balancer:
        await balanced(args)
        return
    if args.without:
        print(f"app.py without serving/speed's {', '.join(args.without)}")
    servers = [start_server(script) for _ in range(args.servers)]
    procs, urls = [p for p, _ in servers], [u for _, u in servers]
    try:
        for url in urls:
            warm = Learner(url)
            await warm.connect()
            await warm.close()
        print(f"{args.seconds:g} s per step; {args.servers} server process{'es' if args.servers > 1 else ''} "
              f"on {os.cpu_count()} cores; each learner stays with one process")
        for n in args.learners:
            await run_crowd(urls, [p.pid for p in procs], n, args.seconds)
        if not args.skip_extras:
            await idle_memory()
            await link_test(urls[0])
    finally:
        errs = []
        for proc in procs:
            proc.terminate()
            errs.append(proc.communicate(timeout=30)[1])
    tracebacks = sum(err.count("Traceback") for err in errs)
    print(f"\nServer logs: {tracebacks} traceback(s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[10, 25, 50, 100, 200])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--servers", type=int, default=1, help="server processes (learners spread, sticky)")
    parser.add_argument("--skip-extras", action="store_true", help="only the crowd steps")
    parser.add_argument("--balancer", action="store_true",
                        help="the servers behind HAProxy (scripts/serve), learners through it; implies --skip-extras")
    parser.add_argument("--store", default="sqlite",
                        help="with --balancer: the class board's store, sqlite or a postgresql:// URL")
    parser.add_argument("--posting", action="store_true",
                        help="with --balancer: every learner joins one class and posts now and then")
    parser.add_argument("--without", nargs="+", choices=PATCHES, default=[],
                        help="leave out these once-per-process settings of serving/speed (what each buys)")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
