"""Engine speed, side by side in one run: the series' own loop, nn (the kernel) and the previous numpy engine.

Run: python bench/engine.py        (about a minute on 2 cores)

The previous engine (numpy, np.dot per epoch) is read from git at PREVIOUS, into a temporary folder,
as a reference only; it needs scipy (pip install scipy) and a git checkout, and is left out without them.
"""

import importlib
import pickle
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import series_part9 as series  # noqa: E402

import nn  # noqa: E402

PREVIOUS = "69b25cd"  # the last commit with the numpy engine


def previous_engine():
    """Import the numpy engine of commit PREVIOUS as a module named `nn_previous`, or return None."""
    folder = Path(tempfile.mkdtemp()) / "nn_previous"
    try:
        listing = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{PREVIOUS}:nn"],
                                 capture_output=True, text=True, check=True).stdout.split()
        folder.mkdir()
        for name in listing:
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{PREVIOUS}:nn/{name}"],
                                  capture_output=True, text=True, check=True).stdout
            (folder / name).write_text(text)
        sys.path.insert(0, str(folder.parent))
        return importlib.import_module("nn_previous")
    except (subprocess.CalledProcessError, FileNotFoundError, ImportError) as err:
        print(f"(previous engine left out: {err.__class__.__name__}: {str(err)[:80]})")
        return None


def series_rate(n):
    """Epochs per second of the series' own loop (feedforward(); backprop())."""
    net = series.NeuralNetwork(series.X.copy(), series.y)
    start = time.perf_counter()
    with np.errstate(all="ignore"):
        for _ in range(n):
            net.feedforward()
            net.backprop()
    return n / (time.perf_counter() - start)


def rate(module, n, **options):
    """Epochs per second of module.Network.train, with its history on (it always is)."""
    net = module.Network(**options)
    start = time.perf_counter()
    net.train(n)
    return n / (time.perf_counter() - start)


def best(fn, repeats=3):
    return max(fn() for _ in range(repeats))


def hundred(module):
    rng = np.random.default_rng(0)
    return module.People([f"p{i}" for i in range(100)], rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100))


def million():
    """Seconds for 1,000,000 epochs of the series' network."""
    net = nn.Network()
    start = time.perf_counter()
    net.train(1_000_000)
    return time.perf_counter() - start


def with_spinner(work):
    """Run work() while another thread spins in pure Python; return work's seconds."""
    stop = False

    def spin():
        x = 0
        while not stop:
            x += 1

    thread = threading.Thread(target=spin)
    thread.start()
    try:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    finally:
        stop = True
        thread.join()


def sleeper_lateness(work):
    """Run work() while another thread sleeps 1 ms at a time; return the worst lateness of a wake-up, in ms."""
    stop, worst = False, [0.0]

    def sleeper():
        while not stop:
            start = time.perf_counter()
            time.sleep(0.001)
            worst[0] = max(worst[0], time.perf_counter() - start - 0.001)

    thread = threading.Thread(target=sleeper)
    thread.start()
    try:
        work()
    finally:
        stop = True
        thread.join()
    return worst[0] * 1000


def two_at_once():
    """Seconds for two sessions (threads) each training 1,000,000 epochs of the series' network at once."""
    threads = [threading.Thread(target=million) for _ in range(2)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def main():
    nn.warm_up()
    old = previous_engine()
    theirs = best(lambda: series_rate(20_000))
    ours = best(lambda: rate(nn, 200_000))
    print(f"series' loop, verbatim:           {theirs:12,.0f} epochs/s")
    if old is not None:
        before = best(lambda: rate(old, 20_000))
        print(f"previous numpy engine ({PREVIOUS}): {before:12,.0f} epochs/s   -> {before / theirs:5.2f}x the series")
    print(f"nn.Network.train (kernel):        {ours:12,.0f} epochs/s   -> {ours / theirs:5.1f}x the series")

    print("\nmicroseconds per epoch (best of 3), history on:")
    print("  people  width  bias   kernel   previous   speed-up")
    for people, h, bias, n in (("3", 1, False, 200_000), ("3", 8, True, 100_000),
                               ("100", 1, False, 20_000), ("100", 8, True, 20_000)):
        def cell(module, n=n, people=people, h=h, bias=bias):
            data = hundred(module) if people == "100" else None
            return 1e6 / best(lambda: rate(module, n, people=data, hidden=h, bias=bias))
        mine = cell(nn)
        theirs_cell = cell(old, n=min(n, 10_000)) if old is not None else float("nan")
        print(f"  {people:>6}  {h:5}  {bias!s:5}  {mine:7.2f}   {theirs_cell:8.2f}   {theirs_cell / mine:6.1f}x")

    took = min(million() for _ in range(3))
    net = nn.Network()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.train(1_000_000)
    print(f"\n1,000,000 epochs (series' network): {took:.2f} s, {len(net.history):,} history samples, "
          f"pickled {len(pickle.dumps(net)) / 2**20:.2f} MB, no warnings")
    big = nn.Network(hundred(nn), hidden=8, bias=True)
    start = time.perf_counter()
    big.train(1_000_000)
    print(f"1,000,000 epochs (100 people, width 8, bias): {time.perf_counter() - start:.1f} s, "
          f"pickled {len(pickle.dumps(big)) / 2**20:.2f} MB")

    print("\nThe GIL (1,000,000 epochs of the series' network):")
    alone = took
    spun = with_spinner(million)
    print(f"  next to a thread spinning in pure Python: {spun:.2f} s, {spun / alone:.2f}x alone ({alone:.2f} s)")
    late = sleeper_lateness(million)
    print(f"  a thread sleeping 1 ms at a time woke at most {late:.1f} ms late")
    both = two_at_once()
    print(f"  two sessions training at once: {both:.2f} s for both ({both / alone:.2f}x one alone, on 2 cores)")


if __name__ == "__main__":
    main()
