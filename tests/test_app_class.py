"""AppTest for the Challenges and Class pages: solving, hints, progress kept, starting and joining a class,
posting, the teacher's controls, and every failure said plainly."""

import sqlite3
import urllib.parse

import pytest
from helpers import bar, open_app, shown, trained

from nn import Network, challenges, runfile
from ui import classes

CHALLENGES, CLASS, LAB = "app_pages/challenges.py", "app_pages/class.py", "app_pages/lab.py"


def session(at):
    return at.session_state["session"]


def said(at):
    return session(at).message or ""


# --- challenges ---------------------------------------------------------------------------------------
def test_the_challenges_page_lists_every_challenge_with_its_goal_and_hints_one_at_a_time():
    at = open_app(CHALLENGES)
    text = " ".join(shown(m.value) for m in at.markdown)
    for c in challenges.CHALLENGES:
        assert c.goal in text
    at.button(key="hint_alice").click().run()
    assert [shown(i.value) for i in at.info] == [f"Hint 1: {challenges.BY_KEY['alice'].hints[0]}"]
    at.button(key="hint_alice").click().run()
    at.button(key="hint_alice").click().run()
    assert len(at.info) == 3 and "hint_alice" not in [b.key for b in at.button]


def test_solving_a_challenge_says_so_at_once_with_the_epoch_and_a_link_that_replays_the_run():
    at = open_app(CHALLENGES, Network(bias=True))
    bar(at, do="train", n=1000)
    solved = session(at).solved
    assert solved["alice"]["epoch"] < 1000 and "bob" in solved
    assert "Challenge solved" in said(at) and "Free Alice" in said(at)
    assert any("Solved at epoch" in s.value for s in at.success)
    recipe, _ = runfile.from_query(dict(urllib.parse.parse_qsl(solved["alice"]["link"].removeprefix("./?"))))
    replayed = runfile.replay(recipe)
    assert replayed.epoch == solved["alice"]["epoch"] == challenges.BY_KEY["alice"].check(replayed)


def test_solved_challenges_come_back_from_the_browser_checked():
    at = open_app(CHALLENGES)
    bar(at, "restore", component="browser_store", solved={
        "alice": {"epoch": 286, "link": "./?epoch=286&bias=1"},
        "nope": {"epoch": 1, "link": "./?epoch=1"},                      # no such challenge
        "bob": {"epoch": 5, "link": "javascript:alert(1)"},              # not an address of this app
        "faster": {"epoch": True, "link": "./?epoch=1"}})
    assert session(at).solved == {"alice": {"epoch": 286, "link": "./?epoch=286&bias=1"}}
    assert live_items(at)["solved"] == session(at).solved


def live_items(at):
    from helpers import live
    return live(at, "browser_store")["items"]


# --- a class ---------------------------------------------------------------------------------------------
def start(at, title="Maths 3B"):
    at.text_input(key="class_title").set_value(title)
    at.button(key="FormSubmitter:start_form-Start a class").click().run()
    return classes.store().teacher_class(session(at).teacher)


def join(at, code, name):
    at.text_input(key="class_code").set_value(code)
    at.text_input(key="class_name").set_value(name)
    at.button(key="FormSubmitter:join_form-Join").click().run()
    return at


def test_a_teacher_starts_a_class_a_learner_joins_posts_and_the_board_shows_it():
    teacher = open_app(CLASS)
    info = start(teacher)
    assert info.title == "Maths 3B" and any(info.code in m.value for m in teacher.markdown)
    assert session(teacher).teacher in teacher.code[0].value and "/class?teach=" in teacher.code[0].value
    learner = join(open_app(CLASS, trained(1900)), info.code.lower(), "Ana **bold**")
    assert session(learner).member["name"] == "Ana **bold**" and "You joined" in said(learner)
    learner.text_input(key="post_note").set_value("the series' run").run()
    learner.button(key="post_go").click().run()
    assert "Posted this run (epoch 1,900" in said(learner)
    teacher.run()
    board = teacher.dataframe[0].value
    assert list(board["Learner"]) == ["Ana **bold**"] and list(board["Epoch"]) == [1900]
    assert board["Open"][0].startswith("./?epoch=1900")
    assert not teacher.exception


def test_the_teacher_hides_and_removes_posts_and_lets_the_class_see_the_board():
    teacher = open_app(CLASS)
    info = start(teacher)
    learner = join(open_app(CLASS, trained(100)), info.code, "Bo")
    learner.button(key="post_go").click().run()
    assert not learner.dataframe  # the board is the teacher's until they share it
    teacher.run()
    teacher.toggle(key="board_see").set_value(True).run()
    learner.run()
    assert list(learner.dataframe[0].value["Learner"]) == ["Bo"]
    teacher.button(key="board_hide").click().run()
    learner.run()
    assert not learner.dataframe or learner.dataframe[0].value.empty
    teacher.button(key="board_remove").click().run()
    assert classes.store().teacher_board(session(teacher).teacher)[0] == []


@pytest.mark.parametrize(("code", "name", "message"), [
    ("WRONGWRONG", "Ana", "There is no class with that code"),
    (None, "", "Your name can't be empty"),
    (None, "Taken", "called 'Taken' already"),
])
def test_joining_with_a_wrong_code_or_name_says_why_and_changes_nothing(code, name, message):
    info = start(open_app(CLASS))
    join(open_app(CLASS), info.code, "Taken")
    at = join(open_app(CLASS, trained(100)), code or info.code, name)
    assert message in said(at) and session(at).member is None and session(at).net.epoch == 100


def test_an_unreachable_store_is_said_plainly_and_the_run_is_unchanged(monkeypatch):
    at = open_app(CLASS, trained(100))

    def broken():
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(classes, "store", broken)
    at.text_input(key="class_title").set_value("A class")
    at.button(key="FormSubmitter:start_form-Start a class").click().run()
    assert "can't be reached just now" in said(at) and session(at).net.epoch == 100 and not at.exception


def test_a_teacher_link_from_the_address_opens_the_board_and_leaves_the_address():
    _, secret = classes.store().start_class("From a link")
    at = open_app(CLASS, query={"teach": secret})
    assert session(at).teacher == secret and "teach" not in at.query_params
    assert any("From a link" in shown(s.value) for s in at.subheader)
    wrong = open_app(query={"teach": "not-a-secret-at-all"})
    assert session(wrong).teacher is None
    assert any("opens no class" in m for m in session(wrong).url_messages)


def test_the_store_is_chosen_by_the_command_line_or_the_environment(monkeypatch, tmp_path):
    monkeypatch.setattr(classes.sys, "argv", ["app.py", "--data-dir", str(tmp_path)])
    assert classes.store_url() == f"sqlite:///{tmp_path}/classes.sqlite3"
    monkeypatch.setattr(classes.sys, "argv", ["app.py", "--database-url=postgresql://u@h/db"])
    assert classes.store_url() == "postgresql://u@h/db"
    monkeypatch.setattr(classes.sys, "argv", ["app.py"])
    monkeypatch.setenv("HAPPINESS_DATA_DIR", str(tmp_path / "env"))
    assert classes.store_url() is None
    from classroom.store import default_url
    assert default_url() == f"sqlite:///{tmp_path / 'env'}/classes.sqlite3"
