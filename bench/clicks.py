"""One learner's click, page by page, without a browser: the server's CPU and the time to the run's last message.

Run: python bench/clicks.py [clicks]      (about a minute; 40 clicks a page by default)
     python bench/clicks.py 40 --without build_theme_once   (what one serving/speed setting buys)

A websocket client speaking Streamlit's own protocol (bench/load.py's Learner) opens the playground,
trains to epoch 500, then on each page presses +1 `clicks` times, one at a time, and reports per click
the server process's CPU (from /proc), the wall time from sending the press to the run's
`script_finished`, the script runs the click made (a run cut short for another counts) and the bytes the
server sent back for it. It also times a page switch and Play's request for its next chunk, and, for reference,
the bare one-button app (bench/bare_app.py), which runs as stock Streamlit does: its wall time shows
the ~40 ms each click waited for a delayed acknowledgement before serving/speed.send_at_once.

With --without, a second server runs a copy of app.py that leaves those settings out, and each click goes
to the two in turn, so that both see the same machine: its speed drifts by up to half from one run to
the next, far more than one setting buys.
"""

import argparse
import asyncio
import statistics
import time

from load import PATCHES, ROOT, Learner, app_without, cpu_seconds, start_server


class Side:
    """One server and its learner; the CPU and wall time of each click it is timed on."""

    def __init__(self, script):
        self.proc, self.url = start_server(script)
        self.learner = Learner(self.url)
        self.cpu, self.wall, self.runs, self.received = [], [], [], []

    async def timed(self, press):
        c0, t0 = cpu_seconds(self.proc.pid), time.perf_counter()
        await press(self.learner)
        self.wall.append(time.perf_counter() - t0)
        self.cpu.append(cpu_seconds(self.proc.pid) - c0)
        self.runs.append(self.learner.runs)
        self.received.append(self.learner.received)

    def figures(self):
        """The clicks timed since the last call: mean CPU and median wall time in ms, the median runs a click made
        and the median kB it brought back; then forget them."""
        figures = (sum(self.cpu) / len(self.cpu) * 1000, statistics.median(self.wall) * 1000,
                   statistics.median(self.runs), statistics.median(self.received) / 1000)
        self.cpu, self.wall, self.runs, self.received = [], [], [], []
        return figures


async def each(sides, step):
    for side in sides:
        await step(side.learner)


async def timed(sides, press, clicks):
    """`clicks` clicks on each side, in turn; return each side's (CPU, wall)."""
    for _ in range(clicks):
        for side in sides:
            await side.timed(press)
    return [side.figures() for side in sides]


def more(learner):
    """The browser's request for Play's next chunk (ui/live.js), from the last frame it holds."""
    last = learner.play["chunk"]["epochs"][-1]
    return learner.rerun(event=("more", {"play": learner.play["id"], "after": last, "shown": last}))


async def playground(clicks, scripts):
    sides = [Side(script) for script in scripts]
    try:
        await each(sides, Learner.connect)
        for _ in range(5):
            await each(sides, lambda lr: lr.press("train_100"))
        rows = []
        for name in sides[0].learner.pages:
            await each(sides, lambda lr, name=name: lr.rerun(page=lr.pages[name]))
            for _ in range(3):
                await each(sides, lambda lr: lr.press("train_1"))
            rows.append((f"+1 on {name}", await timed(sides, lambda lr: lr.press("train_1"), clicks)))
        turn = {id(side.learner): 0 for side in sides}

        def switch(lr):
            pages = list(lr.pages.values())
            turn[id(lr)] += 1
            return lr.rerun(page=pages[turn[id(lr)] % len(pages)])
        rows.append(("page switch", await timed(sides, switch, clicks)))
        await each(sides, lambda lr: lr.rerun(page=list(lr.pages.values())[0]))
        await each(sides, lambda lr: lr.rerun(event=("act", {"do": "play"})))
        rows.append(("Play's request for its next chunk", await timed(sides, more, clicks)))
        await each(sides, lambda lr: lr.rerun(event=("act", {"do": "pause", "shown": lr.epoch})))
        await each(sides, Learner.close)
        return rows
    finally:
        for side in sides:
            side.proc.terminate()


async def bare(clicks):
    side = Side("bench/bare_app.py")
    try:
        await side.learner.connect()
        button = next(iter(side.learner.buttons))
        row = ("bare app's button (stock Streamlit)", await timed([side], lambda lr: lr.rerun(trigger=button), clicks))
        await side.learner.close()
        return [row]
    finally:
        side.proc.terminate()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clicks", nargs="?", type=int, default=40, help="clicks of each kind")
    parser.add_argument("--without", nargs="+", choices=PATCHES, default=[],
                        help="also time a copy of app.py without these serving/speed settings, click by click in turn")
    args = parser.parse_args()
    scripts = ["app.py"] + ([app_without(args.without)] if args.without else [])
    try:
        rows = asyncio.run(playground(args.clicks, scripts)) + asyncio.run(bare(args.clicks))
    finally:
        if args.without:
            (ROOT / scripts[1]).unlink()
    print(f"one learner, one click at a time, {args.clicks} clicks each: server CPU (mean), click to last message, "
          "the script runs it made and the kB sent back (p50)"
          + (f"; then the same without serving/speed's {', '.join(args.without)}" if args.without else ""))
    for label, figures in rows:
        print(f"  {label:36}" + "   |".join(f" CPU {cpu:5.1f} ms   wall {wall:5.1f} ms   runs {runs:g}   {kb:5.0f} kB"
                                             for cpu, wall, runs, kb in figures))


if __name__ == "__main__":
    main()
