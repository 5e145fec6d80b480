"""Whatever a learner clicks, in whatever order and however fast, nothing breaks."""

import random
import re

import pytest
from playwright.sync_api import expect

from .conftest import bar_button, press, start_training, wait_idle
from .test_learner_path import PAGES, go, no_exception

pytestmark = pytest.mark.browser


CLICK = "e => e.click()"  # a click as the page takes it: on a control disabled at that moment, nothing happens


def test_a_storm_of_clicks_leaves_every_page_whole(page, server):
    """Seeded random presses, Play and Pause, speeds, long Trains, Stops, Resets and page switches, without
    waiting between them. Each control is clicked from inside the page, so a control that is disabled at that
    moment (a train button during a long Train) takes the click as a learner's would: it does nothing."""
    rng = random.Random(7)
    side = page.get_by_test_id("stSidebar")
    for _ in range(45):
        pick = rng.random()
        if pick < 0.35:
            bar_button(page, rng.choice(["+1", "+10", "+100", "+1000"])).evaluate(CLICK)
        elif pick < 0.5:
            page.get_by_test_id("stSidebarNav").get_by_role("link", name=rng.choice(PAGES), exact=True).evaluate(CLICK)
        elif pick < 0.62:
            page.locator(".hl-play").evaluate(CLICK)
        elif pick < 0.67:
            page.locator(".hl-speed select").select_option(rng.choice(["1", "60", "10000"]))
        elif pick < 0.74:
            start_training(page, rng.choice([50_000, 300_000, 999_999]))
        elif pick < 0.8:
            side.get_by_role("button", name=re.compile("Stop|Reset")).first.evaluate(CLICK)
        else:
            page.evaluate("ms => new Promise(done => setTimeout(done, ms))", rng.choice([50, 300]))  # a pause in the storm
    # every press of the storm answered (they go to the server one at a time), and the app idle
    expect(page.locator(".hl-bar[data-answered='1']")).to_have_count(1, timeout=60_000)
    wait_idle(page)
    stop = side.get_by_role("button", name="Stop", exact=True)
    if stop.count():
        stop.click()
        wait_idle(page)
    if bar_button(page, "❚❚ Pause").count():
        press(page, "❚❚ Pause")
        wait_idle(page)
    expect(bar_button(page, "▶ Play")).to_be_visible()
    expect(stop).to_have_count(0)
    for title in PAGES:
        go(page, title)
        no_exception(page)
        expect(page.locator("body")).not_to_contain_text(re.compile(r"\b(nan|inf)\b", re.IGNORECASE))
    log = server.log_path.read_text()
    assert "Traceback" not in log, log[log.find("Traceback"):][:2000]
