"""Engine speed: epochs per second against a verbatim copy of the series' loop, scaling, 1M epochs.

Run: python bench/engine.py        (about a minute on 2 cores)
"""

import pickle
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import series_part9 as series  # noqa: E402

from nn import Network, People  # noqa: E402


def series_rate(n):
    """Epochs per second of the series' own loop (feedforward(); backprop())."""
    net = series.NeuralNetwork(series.X.copy(), series.y)
    start = time.perf_counter()
    with np.errstate(all="ignore"):
        for _ in range(n):
            net.feedforward()
            net.backprop()
    return n / (time.perf_counter() - start)


def engine_rate(n, **options):
    """Epochs per second of Network.train, with history on (it always is)."""
    net = Network(**options)
    start = time.perf_counter()
    net.train(n)
    return n / (time.perf_counter() - start)


def best(fn, repeats=5):
    return max(fn() for _ in range(repeats))


def main():
    n = 20_000
    theirs = best(lambda: series_rate(n))
    ours = best(lambda: engine_rate(n))
    print(f"series' loop, verbatim:      {theirs:10,.0f} epochs/s")
    print(f"nn.Network.train (history):  {ours:10,.0f} epochs/s   -> {ours / theirs:.2f}x the series")

    rng = np.random.default_rng(0)
    hundred = People([f"p{i}" for i in range(100)], rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100))
    print("\nmicroseconds per epoch (best of 3, 10,000 epochs):")
    print("  people  width 1   width 8")
    for label, people in (("3", None), ("100", hundred)):
        cells = [1e6 / best(lambda h=h, p=people: engine_rate(10_000, people=p, hidden=h), 3) for h in (1, 8)]
        print(f"  {label:>6}  {cells[0]:7.1f}   {cells[1]:7.1f}")

    net = Network()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.train(1_000_000)
    took = time.perf_counter() - start
    size = len(pickle.dumps(net))
    print(f"\n1,000,000 epochs (series' network): {took:.1f} s, {len(net.history):,} history samples, "
          f"pickled {size / 2**20:.2f} MB, no warnings")
    big = Network(hundred, hidden=8, bias=True)
    start = time.perf_counter()
    big.train(1_000_000)
    print(f"1,000,000 epochs (100 people, width 8, bias): {time.perf_counter() - start:.1f} s, "
          f"pickled {len(pickle.dumps(big)) / 2**20:.2f} MB")


if __name__ == "__main__":
    main()
