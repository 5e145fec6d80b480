"""Accessibility: an axe-core audit of every page at desktop and phone sizes, and the keyboard alone (#11)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ui import pages

from .conftest import bar_button, charts_drawn, live, wait_idle
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
            expect(page.locator(".hl-bar")).to_have_count(1)  # the live view's script has run (it names regions)
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


SHOWN = "Number(document.querySelector('[data-live=epoch]').textContent.replace(/,/g, ''))"  # the bar's epoch


def status(page):
    """What the bar last said to screen readers (its status line, not seen)."""
    return page.locator(".hl-bar [role=status]")


def scrolled(page):
    return page.get_by_test_id("stMain").evaluate("e => e.scrollTop")


def test_the_keys_train_and_play_and_say_so(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server.url}/weights?epoch=100")
    wait_idle(page)
    expect(live(page, "epoch")).to_have_text("100")
    page.get_by_role("heading", level=1, name="Weights").click()  # focus on the page, in no box

    page.keyboard.press("ArrowRight")
    expect(live(page, "epoch")).to_have_text("101")
    expect(status(page)).to_have_text(re.compile(r"^Epoch 101, loss 0\.\d{6}\.$"))
    page.keyboard.press("Shift+ArrowRight")
    expect(live(page, "epoch")).to_have_text("111")
    expect(status(page)).to_have_text(re.compile(r"^Epoch 111, loss "))
    expect(page.locator(".hl-bar[data-answered='1']")).to_have_count(1, timeout=15_000)
    wait_idle(page)

    page.keyboard.press("Space")
    expect(bar_button(page, "❚❚ Pause")).to_have_attribute("aria-pressed", "true")
    expect(status(page)).to_have_text("Playing.")
    page.wait_for_function(f"() => {SHOWN} > 130", timeout=15_000)
    page.keyboard.press("Space")
    expect(bar_button(page, "▶ Play")).to_have_attribute("aria-pressed", "false")
    expect(status(page)).to_have_text(re.compile(r"^Paused at epoch [\d,]+\.$"))
    paused = live(page, "epoch").inner_text()
    assert f"epoch {paused}." in status(page).inner_text()
    assert scrolled(page) == 0  # Space did not scroll the page
    wait_idle(page)

    # a mouse press leaves the focus on +1: Space still plays and pauses (it is not a control reached with Tab)
    bar_button(page, "+1").click()
    expect(page.locator(".hl-bar[data-answered='1']")).to_have_count(1, timeout=15_000)
    wait_idle(page)
    after_click = int(live(page, "epoch").inner_text().replace(",", ""))
    page.keyboard.press("Space")
    expect(bar_button(page, "❚❚ Pause")).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(f"() => {SHOWN} > {after_click + 5}", timeout=15_000)  # it plays: not +1 again
    page.keyboard.press("Space")
    expect(bar_button(page, "▶ Play")).to_have_attribute("aria-pressed", "false")
    wait_idle(page)

    # typing in a box: the keys are the box's own
    shown = live(page, "epoch").inner_text()
    box = page.get_by_role("textbox", name="Epochs to train")
    box.fill("12")
    box.press("ArrowRight")
    box.press("Space")
    box.press("Shift+ArrowRight")
    expect(box).to_have_value("12 ")
    wait_idle(page)
    expect(live(page, "epoch")).to_have_text(shown)
    assert page.locator(".hl-bar .hl-play").get_attribute("aria-pressed") == "false"

    # the keys are listed in the page's "What am I looking at?" and on the bar's buttons for screen readers
    page.get_by_text("What am I looking at?").click()
    expect(page.get_by_test_id("stExpander").get_by_text(re.compile("Space plays and pauses"))).to_be_visible()
    assert bar_button(page, "+1").get_attribute("aria-keyshortcuts") == "ArrowRight"
    assert bar_button(page, "+10").get_attribute("aria-keyshortcuts") == "Shift+ArrowRight"
    assert page.locator(".hl-bar .hl-play").get_attribute("aria-keyshortcuts") == "Space"
    context.close()


@pytest.mark.parametrize("to", ["Outputs", "Challenges", "Weights", "Landscape", "Tour"])
def test_another_page_opens_at_its_top(browser, server, to):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server.url}/lab")
    wait_idle(page)
    page.get_by_role("heading", name="Share and save").scroll_into_view_if_needed()
    assert scrolled(page) > 1000
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=to, exact=True).click()
    title = page.get_by_role("heading", level=1, name=to)
    expect(title).to_be_in_viewport(ratio=1, timeout=15_000)
    wait_idle(page)
    expect(title).to_be_in_viewport(ratio=1)
    assert scrolled(page) == 0
    context.close()
