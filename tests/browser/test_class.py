"""A class in real browsers: a teacher and two learners, each in a browser context of their own, from
starting the class to the board showing both runs and a challenge solved; the teacher's downloads as the
browser saves them; the teacher link masked, gone in presenter mode, and carried by no request."""

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import open_page, press, screenshot, settled, wait_idle
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


def start(browser, server, title):
    """A teacher opens the Class page and starts a class: return their page and the class code shown."""
    teacher = open_page(browser, server.url, "class")
    teacher.get_by_label("The class's name").fill(title)
    teacher.get_by_role("button", name="Start a class").click()
    code_line = teacher.get_by_text(re.compile(r"^Class code for learners:"))
    expect(code_line).to_be_visible(timeout=15_000)
    code = code_line.inner_text().split(":")[1].strip().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-9]{10}", code), code
    return teacher, code


def test_a_teacher_and_two_learners_from_a_new_class_to_the_board(browser, server):
    teacher, code = start(browser, server, "Year 9 nets")
    ana = join(browser, server, code, "Ana")
    ben = join(browser, server, code.lower(), "Ben", "class?bias=1")  # a network with a bias frees Alice
    joins_counted_per_browser(code, ana, ben)
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
        expect(legend).to_have_text(["Ana", "Ben"], timeout=15_000)
        chart = teacher.get_by_test_id("stPlotlyChart").first
        chart.scroll_into_view_if_needed()
        settled(chart)
        screenshot(teacher, "class-board")
        go(ben, "Challenges")
        expect(ben.get_by_text(re.compile("Solved at epoch")).first).to_be_visible()
        ben.get_by_test_id("stMain").evaluate("e => e.scrollTo(0, 0)")
        screenshot(ben, "challenges")
        downloads(teacher, code)
        link = teacher_link(teacher)
        presenter_mode_hides_the_link(teacher, link)
        opened_elsewhere(browser, link, server)
        for page in (teacher, ana, ben):
            no_exception(page)
    finally:
        for page in (teacher, ana, ben):
            page.context.close()


def joins_counted_per_browser(code, *pages):
    """Each browser keeps an id of its own in a cookie, and the store counts each join by it. (And by address:
    Streamlit gives none for localhost, so tests/test_classroom_store.py counts those.)"""
    from classroom.store import Store, default_url

    ids = [next(c["value"] for c in page.context.cookies() if c["name"] == "happiness_browser") for page in pages]
    with Store(default_url())._tx(write=False) as db:
        counted = {client for (client,) in db.all("SELECT client FROM attempts WHERE what = ?", (f"join {code}",))}
    assert len(set(ids)) == len(ids) and counted == {f"browser {i}" for i in ids}  # (localhost has no address)


def saved(page, button):
    """The file the browser saves when `button` is clicked, as bytes."""
    with page.expect_download(timeout=15_000) as got:
        page.get_by_role("button", name=button).click()
    return got.value, open(got.value.path(), "rb").read()


def downloads(teacher, code):
    """The teacher's downloads hold the class, whole: JSON, and a CSV for a spreadsheet."""
    download, body = saved(teacher, "Download everything (JSON)")
    whole = json.loads(body)
    assert download.suggested_filename == f"class-{code}.json" and whole["code"] == code
    assert whole["title"] == "Year 9 nets" and [n["name"] for n in whole["learners"]] == ["Ana", "Ben"]
    assert [p["note"] for p in whole["posts"]] == ["the series, 100 epochs", "with a bias"]
    assert whole["posts"][1]["run"]["solved"] and whole["posts"][0]["run"]["curve"]["loss"]
    download, body = saved(teacher, "Download the board (CSV)")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert download.suggested_filename == f"class-{code}.csv" and [r[1] for r in rows[1:]] == ["Ana", "Ben"]
    assert rows[1][-1].startswith("http://127.0.0.1:") and "Free Alice" in rows[2][9]


def teacher_link(teacher):
    """The teacher link is masked until Show, and after a #."""
    shown = teacher.get_by_test_id("teacher-link")
    expect(shown).to_contain_text("#teach=\u2022\u2022\u2022")
    secret_free = teacher.evaluate("document.body.innerText")
    teacher.get_by_role("button", name="Show link", exact=True).click()
    expect(shown).not_to_contain_text("\u2022")
    link = shown.inner_text()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/class#teach=[A-Za-z0-9_-]{20,}", link), link
    assert link.split("#teach=")[1] not in secret_free
    return link


def presenter_mode_hides_the_link(teacher, link):
    """In presenter mode the class code is large and the teacher link is nowhere in the page."""
    teacher.get_by_test_id("stSidebar").get_by_text("Presenter mode").click()
    expect(teacher.get_by_role("heading", name=re.compile("Class code for learners"))).to_be_visible(timeout=15_000)
    expect(teacher.get_by_test_id("teacher-link")).to_have_count(0)
    wait_idle(teacher)
    assert link.split("#teach=")[1] not in teacher.content()
    screenshot(teacher, "class-presenter")


def opened_elsewhere(browser, link, server):
    """The link opens the board in another browser, and no request it makes carries the secret (nor its Referer)."""
    secret = link.split("#teach=")[1]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    sent = []   # every request's address and Referer, the websocket's opening among them
    context.on("request", lambda r: sent.append((r.url, r.headers.get("referer") or "")))
    page = context.new_page()
    page.on("websocket", lambda ws: sent.append((ws.url, "")))
    try:
        page.goto(link)
        expect(page.get_by_role("heading", name="Your class: Year 9 nets")).to_be_visible(timeout=15_000)
        assert "#" not in page.url and len(sent) > 5 and any("_stcore/stream" in url for url, _ in sent)
        assert [(url, referer) for url, referer in sent if secret in url or secret in referer] == []
    finally:
        context.close()
