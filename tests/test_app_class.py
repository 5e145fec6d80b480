"""AppTest for the Challenges and Class pages: solving, hints, progress kept, starting and joining a class,
posting, the teacher's controls, and every failure said plainly."""

import urllib.parse

import pytest
from helpers import bar, live, open_app, shown, trained

from nn import Network, challenges, link, recipes
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
    recipe, _ = link.from_query(dict(urllib.parse.parse_qsl(solved["alice"]["link"].removeprefix("./?"))))
    replayed = recipes.replay(recipe)
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


def post(at, note=""):
    at.text_input(key="post_note").set_value(note)
    at.button(key="post_go").click().run()
    return at


def board_rows(at, key="board_table_teacher"):
    """The board's table of runs (the teacher's, with its Hidden column, or the class's), or None."""
    teachers = key == "board_table_teacher"
    tables = [d.value for d in at.dataframe if "#" in d.value.columns and ("Hidden" in d.value.columns) == teachers]
    return tables[0] if tables else None


def test_a_teacher_starts_a_class_a_learner_joins_posts_and_the_board_shows_it():
    teacher = open_app(CLASS)
    info = start(teacher)
    assert info.title == "Maths 3B"
    assert any(f"{info.code[:5]} {info.code[5:]}" in m.value for m in teacher.markdown)
    learner = join(open_app(CLASS, trained(1900)), f"{info.code[:5].lower()} {info.code[5:]}", "Ana **bold**")
    assert session(learner).member["name"] == "Ana **bold**" and "You joined" in said(learner)
    assert "Posted this run (epoch 1,900" in said(post(learner, "the series' run"))
    teacher.run()
    board = board_rows(teacher)
    assert list(board["Learner"]) == ["Ana **bold**"] and list(board["Epoch"]) == [1900]
    assert board["Open"][0].startswith("./?epoch=1900")
    assert not teacher.exception


def test_the_teacher_link_is_masked_in_this_browser_after_a_hash_and_never_drawn_in_presenter_mode():
    teacher = open_app(CLASS)
    start(teacher)
    secret = session(teacher).teacher
    shown_link = live(teacher, "board_link")
    assert shown_link["mode"] == "secret" and shown_link["link"].endswith(f"/class#teach={secret}")
    assert all(secret not in e.value for e in [*teacher.markdown, *teacher.code, *teacher.caption, *teacher.text])
    teacher.toggle(key="present").set_value(True).run()
    assert not any(e.proto.id.endswith("-board_link") for e in teacher.get("bidi_component"))
    assert any(m.value.startswith("## Class code for learners:") for m in teacher.markdown)
    assert any("Presenter mode hides your teacher link" in c.value for c in teacher.caption)


def test_the_teacher_hides_and_removes_runs_and_the_class_sees_the_board_within_one_refresh():
    teacher = open_app(CLASS)
    info = start(teacher)
    learner = post(join(open_app(CLASS, trained(100)), info.code, "Bo"))
    assert board_rows(learner, "board_table_class") is None  # the board is the teacher's until they share it
    assert any("has not shared the class's board yet" in c.value for c in learner.caption)
    teacher.run()
    teacher.toggle(key="board_see").set_value(True).run()
    learner.run()   # what the board's refresh runs (its fragment)
    assert list(board_rows(learner, "board_table_class")["Learner"]) == ["Bo"]
    teacher.multiselect(key="board_pick").set_value([board_rows(teacher)["#"][0]]).run()
    teacher.button(key="board_hide").click().run()
    learner.run()
    assert board_rows(learner, "board_table_class") is None
    teacher.button(key="board_remove").click().run()          # asks first
    assert classes.store().teacher_board(session(teacher).teacher)[0] != []
    assert any("can't be brought back" in shown(w.value) for w in teacher.warning)
    teacher.button(key="ask_yes_remove").click().run()
    assert classes.store().teacher_board(session(teacher).teacher)[0] == []


def test_the_board_draws_a_page_of_40_runs_however_many_the_class_holds_and_pages_through_the_rest():
    teacher = open_app(CLASS)
    info = start(teacher)
    store = classes.store()
    tokens = [store.join(info.code, f"learner {i}", browser=f"b{i}") for i in range(9)]
    run = classes.post_of(trained(100), {})
    for n in range(45):
        store.post(info.code, tokens[n % 9], run, note=f"run {n}", now=1e9 + (n // 9) * 61 + n % 9)
    teacher.run()
    assert list(board_rows(teacher)["Note"]) == [f"run {n}" for n in range(44, 4, -1)]
    assert any("Runs 1 to 40 of 45, newest first." in c.value for c in teacher.caption)
    assert len(teacher.get("plotly_chart")) == 0  # the session's first board: its table now, the chart next
    teacher.button(key="board_older_True").click().run()
    assert list(board_rows(teacher)["Note"]) == [f"run {n}" for n in range(4, -1, -1)]
    assert teacher.button(key="board_older_True").disabled and len(teacher.get("plotly_chart")) == 1
    teacher.selectbox(key="board_learner").set_value("learner 3").run()
    assert list(board_rows(teacher)["Note"]) == [f"run {n}" for n in (39, 30, 21, 12, 3)]


def test_the_teacher_takes_a_learner_out_stops_joins_closes_reopens_extends_and_renews_the_link():
    teacher = open_app(CLASS)
    info = start(teacher)
    bo = post(join(open_app(CLASS, trained(100)), info.code, "Bo"))
    teacher.run()
    teacher.selectbox(key="board_out_name").set_value("Bo").run()
    teacher.button(key="board_out").click().run()
    teacher.button(key="ask_yes_remove learner").click().run()
    assert "Bo is out of the class" in said(teacher) and board_rows(teacher) is None
    bo.run()
    assert session(bo).member is None and "no longer in your class" in said(bo)
    teacher.toggle(key="board_joins").set_value(False).run()
    assert "takes no new learners" in said(join(open_app(CLASS), info.code, "Cy"))
    teacher.button(key="board_close").click().run()
    assert classes.store().teacher_class(session(teacher).teacher).open
    teacher.button(key="ask_yes_close").click().run()
    assert not classes.store().teacher_class(session(teacher).teacher).open
    teacher.button(key="board_reopen").click().run()
    assert classes.store().teacher_class(session(teacher).teacher).open
    teacher.button(key="board_extend").click().run()
    assert "The class is kept until" in said(teacher)
    old = session(teacher).teacher
    teacher.button(key="board_renew").click().run()
    teacher.button(key="ask_yes_renew").click().run()
    new = session(teacher).teacher
    assert new != old and classes.store().teacher_class(old) is None and live_items(teacher)["teacher"] == new
    assert live(teacher, "board_link")["link"].endswith(f"#teach={new}") and not teacher.exception


@pytest.mark.parametrize(("code", "name", "message"), [
    ("WRONGWRONG", "Ana", "There is no class with that code"),
    (None, "", "Your name can't be empty"),
    (None, "Taken", "called 'Taken' already"),
    (None, "T\u0430ken\u200b", "looks the same, 'Taken'"),
])
def test_joining_with_a_wrong_code_or_name_says_why_and_changes_nothing(code, name, message):
    info = start(open_app(CLASS))
    join(open_app(CLASS), info.code, "Taken")
    at = join(open_app(CLASS, trained(100)), code or info.code, name)
    assert message in said(at) and session(at).member is None and session(at).net.epoch == 100


def test_a_learner_who_leaves_having_posted_nothing_can_join_again_under_their_name():
    info = start(open_app(CLASS))
    ana = join(open_app(CLASS), info.code, "Ana")
    ana.button(key="class_leave").click().run()
    assert session(ana).member is None and live_items(ana)["member"] is None
    assert session(join(ana, info.code, "Ana")).member["name"] == "Ana"


def test_the_downloads_need_no_session_and_hold_the_whole_class_safe_for_a_spreadsheet():
    import csv
    import io
    import json
    import threading

    from ui.state import classroom

    teacher = open_app(CLASS)
    info = start(teacher)
    learner = post(join(open_app(CLASS, trained(100)), info.code, "=HYPERLINK(\"http://x\")"), "+1 then -1")
    learner.run()
    got = {}
    secret = session(teacher).teacher
    thread = threading.Thread(target=lambda: got.update(json=classroom.download_json(secret),  # as Streamlit
                                                        csv=classroom.download_csv(secret, "http://host")))
    thread.start()
    thread.join()
    whole = json.loads(got["json"])
    assert whole["code"] == info.code and whole["title"] == "Maths 3B" and whole["created_utc"].endswith("Z")
    assert [p["learner"] for p in whole["posts"]] == ["=HYPERLINK(\"http://x\")"]
    assert whole["posts"][0]["run"]["curve"]["loss"] and whole["posts"][0]["run"]["link"].startswith("./?epoch=100")
    rows = list(csv.reader(io.StringIO(got["csv"].decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")" and rows[1][2] == "'+1 then -1"
    assert rows[1][-1].startswith("http://host/?epoch=100")
    assert board_rows(teacher.run())["Learner"][0] == "'=HYPERLINK(\"http://x\")"  # the table's own CSV too


def test_a_teacher_link_from_the_address_opens_the_board_and_leaves_the_address():
    _, secret = classes.store().start_class("From a link")
    at = open_app(CLASS, query={"teach": secret})
    assert session(at).teacher == secret and "teach" not in at.query_params
    assert any("From a link" in shown(s.value) for s in at.subheader)
    wrong = open_app(CLASS, query={"teach": "not-a-secret-at-all"})
    assert session(wrong).teacher is None
    assert any("opens no class" in m for m in session(wrong).url_messages)


def test_a_teacher_link_after_a_hash_opens_the_board_once_the_browser_hands_it_over():
    _, secret = classes.store().start_class("From a hash")
    at = bar(open_app(CLASS), "restore", component="browser_store", teach=secret)
    assert session(at).teacher == secret and live_items(at)["teacher"] == secret
    assert any("From a hash" in shown(s.value) for s in at.subheader)


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
