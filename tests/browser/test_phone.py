"""The learner's path on a phone (390 x 844): the compact bar trains, the drawer stays shut, everything fits (#11)."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PHONE_BROWSER = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                 "Chrome/126.0 Mobile Safari/537.36")
PAGES = {"": "Happiness Net Playground", "tour": "Tour", "weights": "Weights", "outputs": "Outputs", "loss": "Loss",
         "landscape": "Landscape", "learned": "What has it learned?", "score": "Score a person", "lab": "Lab",
         "by_hand": "By hand"}
OVERFLOWING = """() => [...document.querySelectorAll(
    '[data-testid=stTable] > div, [data-testid=stPageLink] span, .katex-display, [data-testid=stMain] p')]
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 2)
  .map(e => (e.innerText || '').slice(0, 40))"""


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_BROWSER, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url)
    wait_idle(page)
    yield page
    context.close()


def bar(page):
    return page.locator(".st-key-phone_bar")


def bar_press(page, label, epoch):
    bar(page).get_by_role("button", name=label, exact=True).click()
    expect(bar(page)).to_contain_text(f"Epoch {epoch:,}", timeout=15_000)
    wait_idle(page)


def drawer_shut(page):
    box = page.get_by_test_id("stSidebar").bounding_box()
    return box is None or box["x"] + box["width"] <= 0


def test_a_phone_trains_from_the_bar_with_the_drawer_shut(phone):
    expect(bar(phone)).to_be_visible()
    expect(bar(phone)).to_contain_text("Epoch 0 · loss 0.267999")
    assert drawer_shut(phone)
    bar_press(phone, "+1000", 1000)
    for i in range(1, 10):
        bar_press(phone, "+100", 1000 + 100 * i)
    assert drawer_shut(phone)  # pressing never opens the drawer over the page
    table = phone.get_by_test_id("stTable")
    expect(table).to_contain_text("0.931")
    # Other pages through the drawer, which shuts again once a page is picked
    phone.get_by_test_id("stExpandSidebarButton").tap()
    phone.get_by_test_id("stSidebarNav").get_by_role("link", name="Outputs", exact=True).tap()
    expect(phone.get_by_role("heading", level=1, name="Outputs")).to_be_visible()
    wait_idle(phone)
    phone.wait_for_timeout(600)
    assert drawer_shut(phone)
    expect(phone.get_by_test_id("stText").filter(has_text=re.compile(r"Alejandra\s+output 0.931"))).to_have_count(1)
    # The bar stays in view as the page scrolls
    phone.get_by_test_id("stMain").evaluate("e => e.scrollTo(0, e.scrollHeight)")
    phone.wait_for_timeout(300)
    box = bar(phone).bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]
    bar_press(phone, "+1", 1901)


def test_play_and_pause_from_the_bar(phone):
    bar(phone).get_by_role("button", name="▶", exact=True).click()
    expect(bar(phone)).not_to_contain_text("Epoch 0 ", timeout=15_000)
    bar(phone).get_by_role("button", name="❚❚", exact=True).click()
    expect(bar(phone).get_by_role("button", name="▶", exact=True)).to_be_visible()
    wait_idle(phone)
    shown = bar(phone).get_by_test_id("stMarkdownContainer").first.inner_text()
    phone.wait_for_timeout(1200)
    assert bar(phone).get_by_test_id("stMarkdownContainer").first.inner_text() == shown  # paused: no more ticks


def test_every_page_fits_a_phone_and_is_captured(phone, server):
    for path, heading in PAGES.items():
        phone.goto(f"{server.url}/{path}?epoch=1900")
        wait_idle(phone)
        expect(phone.get_by_role("heading", level=1, name=heading)).to_be_visible()
        phone.wait_for_timeout(600)
        assert phone.evaluate(OVERFLOWING) == [], path
        main = phone.get_by_test_id("stMain")
        assert main.evaluate("e => e.scrollWidth") <= PHONE["width"], path
        charts = phone.locator("[data-testid='stPlotlyChart'] .main-svg")
        for i in range(charts.count()):  # every chart's text (titles, names, labels) is inside the chart
            svg = charts.nth(i).bounding_box()
            for text in charts.nth(i).locator(".gtitle, .textpoint text, .annotation").all():
                b = text.bounding_box()
                inside = b is None or svg["x"] - 1 <= b["x"] and b["x"] + b["width"] <= svg["x"] + svg["width"] + 1
                assert inside, (path, text.text_content())
        screenshot(phone, f"phone-{path or 'overview'}")


def test_the_bar_is_hidden_on_a_desktop(page):
    expect(bar(page)).to_be_hidden()
