"""Beyond the series, in a real browser: own data, a shared URL, export and import of a run."""

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import live, open_page, press, wait_idle
from .test_learner_path import go, no_exception

pytestmark = pytest.mark.browser


def outputs_text(page):
    go(page, "Outputs")
    return page.get_by_test_id("stText").first.inner_text()


def test_edit_a_person_then_train(page):
    go(page, "Lab")
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid.locator("td", has_text="Alice")).to_have_count(1)  # the grid's accessible copy is drawn
    grid.scroll_into_view_if_needed()
    grid.dblclick(position={"x": 90, "y": 35 + 35 * 2 + 17})     # header and rows are 35 px: Alice's name
    editor = page.locator("textarea").first                         # the grid's cell editor
    expect(editor).to_be_visible()
    editor.fill("Alicia")
    editor.press("Enter")
    expect(grid.locator("td", has_text="Alicia")).to_have_count(1)  # the edit is committed to the grid (a form:
    # it goes to the server with the button)
    page.get_by_role("button", name="Use these people (restarts at epoch 0)").click()
    wait_idle(page)
    no_exception(page)
    press(page, "+100", epoch=100)
    text = outputs_text(page)
    assert "Alicia" in text and "Alice " not in text


def test_a_copied_url_opens_the_same_network_in_a_fresh_browser(browser, server, page):
    go(page, "Lab")
    page.get_by_test_id("stRadioGroup").get_by_text("The exact derivative", exact=True).click()
    wait_idle(page)
    press(page, "+1000", epoch=1000)
    press(page, "+10", epoch=1010)
    expect(page).to_have_url(re.compile(r"epoch=1010"))
    shown = outputs_text(page)
    other = open_page(browser, server.url, page.url.split("/", 3)[3])
    try:
        expect(live(other, "epoch")).to_have_text("1,010", timeout=15_000)  # a fresh browser loads everything
        wait_idle(other)
        assert outputs_text(other) == shown
    finally:
        other.context.close()


def test_presses_keep_one_back_history_entry_a_page(page):
    """The address follows every press (for sharing) without piling up Back entries: Back leaves the page."""
    press(page, "+1", epoch=1)
    entries = page.evaluate("history.length")
    for epoch in range(2, 6):
        press(page, "+1", epoch=epoch)
    expect(page).to_have_url(re.compile(r"epoch=5"))
    assert page.evaluate("history.length") == entries
    go(page, "Loss")
    press(page, "+10", epoch=15)
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    expect(page.get_by_role("heading", level=1, name="Happiness Net Playground")).to_be_visible()
    wait_idle(page)
    expect(live(page, "epoch")).to_have_text("15")  # Back changes the page, never the run
    expect(page).to_have_url(re.compile(r"epoch=15"))
    no_exception(page)


def test_export_then_import_into_a_fresh_browser(browser, server, page, tmp_path):
    press(page, "+1000", epoch=1000)
    press(page, "+100", epoch=1100)
    shown = outputs_text(page)
    go(page, "Lab")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this run (JSON)").click()
    saved = tmp_path / "run.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["epoch"] == 1100
    other = open_page(browser, server.url)
    try:
        go(other, "Lab")
        other.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(saved))
        expect(live(other, "epoch")).to_have_text("1,100", timeout=15_000)
        wait_idle(other)
        assert outputs_text(other) == shown
    finally:
        other.context.close()


def test_a_malformed_upload_is_refused_and_the_run_is_unchanged(page, tmp_path):
    press(page, "+100", epoch=100)
    go(page, "Lab")
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "happiness-net-run", "version": 1, "weights": [NaN]')
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    expect(page.get_by_test_id("stMain").get_by_text("That file was not loaded")).to_be_visible(timeout=15_000)
    expect(live(page, "epoch")).to_have_text("100")
    no_exception(page)


def test_kept_runs_keep_their_names_across_a_reload(page):
    press(page, "+100", epoch=100)
    go(page, "Lab")
    page.get_by_role("button", name="Keep this run").click()
    name = page.get_by_label("Name of kept run 1")
    expect(name).to_have_value("Run 1")
    name.fill("Before the bias")
    name.press("Enter")
    page.wait_for_function(  # the browser has kept the new name (ui/live.js, mountKept)
        "() => (localStorage.getItem('happiness-net-playground.kept') || '').includes('Before the bias')")
    page.reload()
    wait_idle(page)
    expect(page.get_by_label("Name of kept run 1")).to_have_value("Before the bias", timeout=15_000)
    go(page, "Loss")
    expect(page.get_by_text(re.compile(r"^Before the bias \(dotted\)\W?: series rule, learning rate 1;"))).to_be_visible()
    no_exception(page)
