"""One learner's click, page by page, without a browser: the server's CPU and the time to the run's last message.

Run: python bench/clicks.py [clicks]      (about a minute; 40 clicks a page by default)

A websocket client speaking Streamlit's own protocol (bench/load.py's Learner) opens the playground,
trains to epoch 500, then on each page presses +1 `clicks` times, one at a time, and reports per click
the server process's CPU (from /proc) and the wall time from sending the press to the run's
`script_finished`. It also times a page switch and Play's request for its next chunk, and, for reference,
the bare one-button app (bench/bare_app.py), which runs as stock Streamlit does: its wall time shows
the ~40 ms each click waited for a delayed acknowledgement before serving/speed.send_at_once.
"""

import asyncio
import statistics
import sys
import time

from load import Learner, cpu_seconds, start_server


async def per_click(proc, learner, press, clicks):
    cpu, wall = [], []
    for _ in range(clicks):
        c0, t0 = cpu_seconds(proc.pid), time.perf_counter()
        await press()
        wall.append(time.perf_counter() - t0)
        cpu.append(cpu_seconds(proc.pid) - c0)
    return sum(cpu) / clicks * 1000, statistics.median(wall) * 1000


async def playground(clicks):
    proc, url = start_server()
    try:
        learner = Learner(url)
        await learner.connect()
        for _ in range(5):
            await learner.press("train_100")
        rows = []
        for name, page in learner.pages.items():
            await learner.rerun(page=page)
            for _ in range(3):
                await learner.press("train_1")
            rows.append((f"+1 on {name}", *await per_click(proc, learner, lambda: learner.press("train_1"), clicks)))
        pages = list(learner.pages.values())
        turn = iter(range(10**9))
        rows.append(("page switch", *await per_click(
            proc, learner, lambda: learner.rerun(page=pages[next(turn) % len(pages)]), clicks)))
        await learner.rerun(page=pages[0])
        await learner.rerun(event=("act", {"do": "play"}))

        def more():  # the browser's request for Play's next chunk (ui/live.js), from the last frame it holds
            chunk = learner.play["chunk"]
            last = chunk["epochs"][-1]
            return learner.rerun(event=("more", {"play": learner.play["id"], "after": last, "shown": last}))
        rows.append(("Play's request for its next chunk", *await per_click(proc, learner, more, clicks)))
        await learner.rerun(event=("act", {"do": "pause", "shown": learner.epoch}))
        await learner.close()
        return rows
    finally:
        proc.terminate()


async def bare(clicks):
    proc, url = start_server("bench/bare_app.py")
    try:
        learner = Learner(url)
        await learner.connect()
        button = next(iter(learner.buttons))
        row = ("bare app's button (stock Streamlit)", *await per_click(
            proc, learner, lambda: learner.rerun(trigger=button), clicks))
        await learner.close()
        return [row]
    finally:
        proc.terminate()


def main():
    clicks = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    rows = asyncio.run(playground(clicks)) + asyncio.run(bare(clicks))
    print(f"one learner, one click at a time, {clicks} clicks each: server CPU (mean) and click to last message (p50)")
    for label, cpu, wall in rows:
        print(f"  {label:40} CPU {cpu:5.1f} ms   wall {wall:5.1f} ms")


if __name__ == "__main__":
    main()
