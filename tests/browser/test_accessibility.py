"""Accessibility: an axe-core audit of every page at desktop and phone sizes, and the keyboard alone (#11)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ui import pages

from .conftest import charts_drawn, live, wait_idle
from .test_phone import PHONE_BROWSER

pytestmark = pytest.mark.browser

PATHS = ["" if i == 0 else pages.PAGES[i][0].split("/")[-1].removesuffix(".py") for i in range(len(pages.PAGES))]
SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("size", SIZES)
def test_every_page_passes_an_axe_audit(browser, server, axe, size):
    width, height = SIZES[size]
    phone = {"user_agent": PHONE_BROWSER, "is_mobile": True, "has_touch": True} if size == "phone" else {}
    context = browser.new_context(viewport={"width": width, "height": height}, **phone)
    page = context.new_page()
    found = {}
    try:
        for path in PATHS:
            page.goto(f"{server.url}/{path}?epoch=1900")
            wait_idle(page)
            charts_drawn(page)
            violations = axe.run(page).response["violations"]
            serious = [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                found[path or "overview"] = serious
    finally:
        context.close()
    assert not found, found


def test_a_learner_can_train_and_tour_with_the_keyboard_alone(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server.url}/tour")
    wait_idle(page)

    def tab_to(name, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            focused = page.evaluate("() => document.activeElement && document.activeElement.innerText")
            if focused and focused.strip() == name:
                return
        raise AssertionError(f"Tab never reached {name!r}")

    tab_to("+1")
    page.keyboard.press("Enter")
    expect(live(page, "epoch")).to_have_text("1")
    wait_idle(page)
    tab_to("Next →")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stProgress")).to_contain_text("Step 2 of")
    wait_idle(page)
    context.close()
