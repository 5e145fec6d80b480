"""A learner's choices on a page survive a trip to another page, in the browser as on the server."""

import pytest
from playwright.sync_api import expect

from .conftest import open_page, press, wait_idle
from .test_learner_path import go

pytestmark = pytest.mark.browser


def test_log_scale_replay_and_the_by_hand_person_are_kept(browser, server):
    page = open_page(browser, server.url)
    press(page, "+100", epoch=100)
    go(page, "Loss")
    page.get_by_text("Log scale", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("switch", name="Log scale")).to_be_checked()
    go(page, "By hand")
    page.get_by_test_id("stSelectbox").filter(has_text="Person").click()
    page.get_by_role("option", name="Bob").click()
    wait_idle(page)
    go(page, "Weights")
    press(page, "+1", epoch=101)
    go(page, "Loss")
    expect(page.get_by_role("switch", name="Log scale")).to_be_checked()
    expect(page.locator(".js-plotly-plot .ytick text").first).to_be_attached()
    page.get_by_role("radio", name="Replay", exact=True).click()
    wait_idle(page)
    go(page, "By hand")
    expect(page.get_by_role("combobox", name="Person")).to_have_value("Bob")
    go(page, "Loss")
    expect(page.get_by_role("slider", name="Epoch")).to_be_visible()  # the Replay view, still chosen
    page.context.close()
