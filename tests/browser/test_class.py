"""A class in real browsers: a teacher and two learners, each in a browser context of their own, from
starting the class to the board showing both runs and a challenge solved."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import open_page, press, screenshot, settled
from .test_learner_path import go, no_exception

pytestmark = pytest.mark.browser


def post(page, note):
    side = page.get_by_test_id("stSidebar")
    side.get_by_label("A note for the board (optional)").fill(note)
    side.get_by_role("button", name="Post this run to the class").click()
    expect(page.get_by_text(re.compile("Posted this run")).first).to_be_visible(timeout=15_000)


def join(browser, server, code, name, path="class"):
    page = open_page(browser, server.url, path)
    page.get_by_label("Class code").fill(code)
    page.get_by_label("Your name, as the board shows it").fill(name)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(f"as {name}"))).to_be_visible(timeout=15_000)
    return page


def test_a_teacher_and_two_learners_from_a_new_class_to_the_board(browser, server):
    teacher = open_page(browser, server.url, "class")
    teacher.get_by_label("The class's name").fill("Year 9 nets")
    teacher.get_by_role("button", name="Start a class").click()
    code_line = teacher.get_by_text(re.compile(r"^Class code for learners:"))
    expect(code_line).to_be_visible(timeout=15_000)
    code = code_line.inner_text().split(":")[1].strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", code), code
    ana = join(browser, server, code, "Ana")
    ben = join(browser, server, code.lower(), "Ben", "class?bias=1")  # a network with a bias frees Alice
    try:
        press(ana, "+100", epoch=100)
        post(ana, "the series, 100 epochs")
        press(ben, "+1000", epoch=1000)
        expect(ben.get_by_text(re.compile("Challenge solved")).first).to_be_visible(timeout=15_000)
        post(ben, "with a bias")
        # the teacher's board refreshes by itself: both runs, and Ben's challenge
        board = teacher.get_by_test_id("stDataFrame").first
        expect(board).to_contain_text("the series, 100 epochs", timeout=15_000)
        expect(board).to_contain_text("with a bias", timeout=15_000)
        expect(teacher.get_by_test_id("stDataFrame").last).to_contain_text("Free Alice", timeout=15_000)
        legend = teacher.get_by_test_id("stPlotlyChart").locator(".legendtext")
        expect(legend).to_have_text(["Ana", "Ben"])
        chart = teacher.get_by_test_id("stPlotlyChart").first
        chart.scroll_into_view_if_needed()
        settled(chart)
        screenshot(teacher, "class-board")
        go(ben, "Challenges")
        expect(ben.get_by_text(re.compile("Solved at epoch")).first).to_be_visible()
        ben.get_by_test_id("stMain").evaluate("e => e.scrollTo(0, 0)")
        screenshot(ben, "challenges")
        for page in (teacher, ana, ben):
            no_exception(page)
    finally:
        for page in (teacher, ana, ben):
            page.context.close()
