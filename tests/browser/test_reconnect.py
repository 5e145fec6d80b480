"""A tab that reconnects to a restarted server: its first press reaches a new session and still counts.

Spoken at the protocol level (bench/load.py's Learner), because the case is a new session whose very
first message is a press, which a browser makes only across a server restart. (The live bar is a
fragment; Streamlit drops a fragment's rerun for a fragment the session has not made yet, so the press
that can reach a new session is one carried by a whole run: the bar's trigger value, with no callback
registered yet.)
"""

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from load import Learner  # noqa: E402

pytestmark = pytest.mark.browser


def test_a_press_that_reaches_a_new_session_is_counted(server):
    async def scenario():
        first = Learner(server.url)
        await first.connect()
        await first.press("train_1")
        await first.press("train_1")
        query = first.query
        await first.close()
        assert first.epoch == 2 and "epoch=2" in query
        again = Learner(server.url, query)   # the reconnected tab: a new session, its address, its press
        again.bar, again.bar_fragment = first.bar, ""  # a whole run carries the bar's trigger
        await again.connect_without_run()
        await again.rerun(event=("act", {"do": "train", "n": 1, "shown": 2}))
        await again.close()
        return again.epoch

    # Playwright's sync API keeps an event loop running on this thread, so the scenario gets a thread of its own
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(lambda: asyncio.run(scenario())).result(timeout=120) == 3
