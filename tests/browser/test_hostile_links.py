"""Hostile links in a real browser: Markdown in a link's values shows as typed, and deep nesting is refused."""

import base64
import json
import urllib.parse

import pytest
from playwright.sync_api import expect

from .conftest import live, open_page
from .test_learner_path import no_exception

pytestmark = pytest.mark.browser

IMAGE = "http://127.0.0.1:9/pixel.png"   # a closed port on this machine: nothing answers, nothing leaves it


def people_value(rows):
    return base64.urlsafe_b64encode(json.dumps(rows).encode()).decode().rstrip("=")


def test_markdown_in_a_link_shows_as_typed_and_fetches_nothing(browser, server):
    hidden = "**bold**[link](https://example.com)"
    name = f"![x]({IMAGE})"
    query = urllib.parse.urlencode({"hidden": hidden,
                                    "people": people_value([[name, 2.0, 0.1, 0.1, 0.1, 0.5]])})
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    fetched = []
    context.on("request", lambda request: fetched.append(request.url) if "pixel" in request.url else None)
    page = context.new_page()
    page.goto(f"{server.url}/?{query}")
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    alerts = page.get_by_test_id("stMain").get_by_test_id("stAlertContentWarning")
    expect(alerts).to_have_count(2)
    text = " ".join(alerts.all_inner_texts()).replace("\u2060", "")  # ui.text.plain's invisible word joiners
    assert f"The link's hidden '{hidden}'" in text
    assert name in text
    assert alerts.locator("a, img, strong, em").count() == 0
    page.wait_for_load_state("networkidle")  # whatever the page would fetch, it has asked for by now
    assert fetched == []
    no_exception(page)
    context.close()


def test_a_deeply_nested_link_gets_a_message_and_the_series_defaults(browser, server):
    nested = base64.urlsafe_b64encode(("[" * 3000).encode()).decode()
    page = open_page(browser, server.url, f"?epoch=100&people={nested}")
    no_exception(page)
    alert = page.get_by_test_id("stMain").get_by_test_id("stAlertContentWarning")
    expect(alert).to_contain_text("The link's people can't be read")
    expect(alert).to_be_in_viewport()  # said once, in view at the page's top (and no toast repeats it)
    expect(page.get_by_test_id("stToast")).to_have_count(0)
    expect(live(page, "epoch")).to_have_text("100")
    page.context.close()


def test_a_hostile_name_in_a_table_shows_as_typed_and_fetches_nothing(browser, server):
    """st.table reads cells as Markdown, and the live view writes Overview's: both must show names as typed."""
    name = f"**b**[l](https://e.co)![x]({IMAGE})"  # within the 60 characters a name may have
    query = urllib.parse.urlencode({"epoch": "3", "people": people_value([[name, 0.4, 0.8, 0.4, 0.3, 1.0],
                                                                           ["Bob", 1.0, 0.2, 0.4, 0.3, 0.85]])})
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    fetched = []
    context.on("request", lambda request: fetched.append(request.url) if "pixel" in request.url else None)
    page = context.new_page()
    try:
        for path in ("", "learned"):
            page.goto(f"{server.url}/{path}?{query}")
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
            table = page.locator(".hl-table" if path == "" else "[data-testid=stTable]")  # the live one on Overview
            expect(table.locator("td").first).to_be_visible()
            assert name in table.first.inner_text().replace("\u2060", "")
            assert table.locator("a, img, strong, em").count() == 0
            no_exception(page)
        page.wait_for_load_state("networkidle")
        assert fetched == []
    finally:
        context.close()
