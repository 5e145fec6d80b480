"""Streamlit's after-run garbage collection (`runner.postScriptGC`, a full gc.collect after every
script run, holding the GIL) in the playground's process: as stock Streamlit leaves it, and with
serving/speed.py's one-time gc.freeze() that app.py makes after its first run.

Run: python bench/gc_pause.py      (about 20 seconds)
"""

import gc
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from streamlit.testing.v1 import AppTest  # noqa: E402

logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)  # AppTest, here

from helpers import switch  # noqa: E402

from ui.pages import PAGES  # noqa: E402


def pause(times=9):
    """Median seconds of one full collection, as Streamlit runs it after each script run."""
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        gc.collect(2)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()  # the process's first run: app.py freezes what is alive at its end
    for path, *_ in PAGES:  # every page once, as a learner would, so every lazy import has happened
        switch(at, path).run()
        assert not at.exception, at.exception
    frozen, frozen_count = pause(), len(gc.get_objects())
    gc.unfreeze()
    stock, stock_count = pause(), len(gc.get_objects())
    print("full garbage collection after a script run (median of 9), every page visited once:")
    print(f"  stock Streamlit             {stock * 1000:6.1f} ms   {stock_count:>9,} objects tracked")
    print(f"  with serving/speed.py's freeze   {frozen * 1000:6.1f} ms   {frozen_count:>9,} objects tracked")


if __name__ == "__main__":
    main()
