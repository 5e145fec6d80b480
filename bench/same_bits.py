"""The one check the test suite shortens: 100 people, width 8, relu, bias, 20,000 epochs as plain Python.

Run: python bench/same_bits.py     (about 90 s: plain Python takes ~4 ms an epoch at this size)
The tests run that case to 2,000 epochs and every other named case to its full length
(tests/test_engine_kernel.py); this runs it to the 20,000 the issue names and compares the fingerprints.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_engine_kernel import probe  # noqa: E402


def main():
    start = time.perf_counter()
    compiled = probe([("wide", 20_000)])
    plain = probe([("wide", 20_000)], NUMBA_DISABLE_JIT="1")
    print("compiled:    ", compiled[0])
    print("plain Python:", plain[0])
    print(f"same bits: {compiled == plain}   ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
