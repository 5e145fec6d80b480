"""Whatever a learner clicks, in whatever order and however fast, nothing breaks."""

import random
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import start_training, wait_idle
from .test_learner_path import PAGES, go, no_exception

pytestmark = pytest.mark.browser


def test_a_storm_of_clicks_leaves_every_page_whole(page, server):
    """Seeded random presses, Play, long Trains, Stops, Resets and page switches, without waiting between them."""
    rng = random.Random(7)
    side = page.get_by_test_id("stSidebar")
    for _ in range(45):
        pick = rng.random()
        try:
            if pick < 0.35:
                side.get_by_role("button", name=rng.choice(["+1", "+10", "+100", "+1000"]), exact=True).click(timeout=3000)
            elif pick < 0.5:
                page.get_by_test_id("stSidebarNav").get_by_role("link", name=rng.choice(PAGES), exact=True).click(
                    timeout=3000)
            elif pick < 0.62:
                side.get_by_role("button", name=re.compile("Play|Pause")).first.click(timeout=3000)
            elif pick < 0.72:
                start_training(page, rng.choice([50_000, 300_000, 999_999]))
            elif pick < 0.8:
                side.get_by_role("button", name=re.compile("Stop|Reset")).first.click(timeout=3000)
            else:
                page.wait_for_timeout(rng.choice([50, 300]))
        except PlaywrightError:
            pass  # a control that just vanished (Play became Pause, the progress bar finished): click on
    wait_idle(page)
    for _ in range(10):  # stop whatever is still going (a Play click may still have been on its way)
        running = side.get_by_role("button", name=re.compile("^(Stop|❚❚ Pause)$"))
        if not running.count():
            break
        running.first.click()
        try:  # the press lands: Play is offered again (it may still flip back if a Play click was queued)
            expect(side.get_by_role("button", name="▶ Play")).to_be_visible(timeout=5000)
        except AssertionError:
            pass
        wait_idle(page)
    expect(side.get_by_role("button", name="▶ Play")).to_be_visible()
    for title in PAGES:
        go(page, title)
        no_exception(page)
        expect(page.locator("body")).not_to_contain_text(re.compile(r"\b(nan|inf)\b", re.IGNORECASE))
    log = server.log_path.read_text()
    assert "Traceback" not in log, log[log.find("Traceback"):][:2000]
