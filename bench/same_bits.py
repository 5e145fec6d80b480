"""The checks the test suite shortens, at full length, compiled and as plain Python: the series' network
to 1,000,000 epochs, tanh at width 3 to 100,000, and 100 people at width 8 (relu, bias) to 20,000.

Run: python bench/same_bits.py     (about 2 minutes: plain Python takes ~30 us an epoch for the series'
network and ~4 ms at 100 people x width 8)
The tests run these to 200,000, 30,000 and 2,000 epochs, and every other named case to its full length
(tests/test_engine_kernel.py); this runs them to full length and compares the fingerprints.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_engine_kernel import probe  # noqa: E402


def main():
    start = time.perf_counter()
    cases = [("default", 1_000_000), ("tanh3", 100_000), ("wide", 20_000)]
    compiled = probe(cases)
    plain = probe(cases, NUMBA_DISABLE_JIT="1")
    for a, b in zip(compiled, plain, strict=True):
        print("compiled:    ", a)
        print("plain Python:", b)
    print(f"same bits: {compiled == plain}   ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
