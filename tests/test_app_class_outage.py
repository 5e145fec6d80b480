"""AppTest of a class through an outage of its store, made really unreachable (a read-only folder, PostgreSQL
stopped): nothing the browser kept is forgotten, one plain sentence is in view, and the class comes back by
itself once the store answers."""

import pytest
from helpers import bar, live, open_app, shown, trained
from outages import read_only

from classroom.store import Store
from ui import classes
from ui.state import classroom

CLASS = "app_pages/class.py"


@pytest.fixture
def sqlite_store(tmp_path, monkeypatch):
    """The app's store is a SQLite file in a folder of the test's own."""
    monkeypatch.setattr(classes, "store_url", lambda: f"sqlite:///{tmp_path / 'classes.sqlite3'}")
    monkeypatch.setattr(classroom, "RETRY_SECONDS", 0.0)  # asked again at every run, not every 3 s
    return Store(f"sqlite:///{tmp_path / 'classes.sqlite3'}")


def session(at):
    return at.session_state["session"]


def in_view(at):
    return " ".join(shown(w.value) for w in at.warning)


def kept(at):
    return live(at, "browser_store")["items"]


def test_a_learners_class_kept_through_a_read_only_folder_comes_back_under_their_own_name(sqlite_store, tmp_path,
                                                                                          caplog):
    code, _ = sqlite_store.start_class("Maths 3B")
    token = sqlite_store.join(code, "Ana", browser="a")
    member = {"code": code, "name": "Ana", "token": token, "title": "Maths 3B"}
    with read_only(tmp_path):
        at = bar(open_app(CLASS, trained(100)), "restore", component="browser_store", member=member)
        assert session(at).member is None and kept(at)["member"] == member   # not overwritten with nothing
        assert "can't be written (it is read-only)" in in_view(at) and "Your class is kept" in in_view(at)
        assert any("Ana" in shown(s.value) for s in at.subheader)           # still their class, as kept
        assert at.button(key="post_go").disabled and session(at).net.epoch == 100 and not at.exception
        at.run()
    at.run()   # the store answers again: the class comes back by itself
    assert session(at).member == member and "can't be written" not in in_view(at)
    said = [r.getMessage() for r in caplog.records if r.name == "happiness.classroom"]
    assert len(said) == 2 and "failed: read-only" in said[0] and "answers again" in said[1]  # each once
    assert kept(at)["member"] == member and not at.exception


def test_a_teachers_link_opened_while_postgres_is_stopped_is_kept_and_opens_the_board_once_it_answers(
        own_postgres, monkeypatch):
    monkeypatch.setattr(classes, "store_url", lambda: own_postgres.url)
    monkeypatch.setattr(classroom, "RETRY_SECONDS", 0.0)
    _, secret = Store(own_postgres.url).start_class("Through an outage")
    own_postgres.stop()
    try:
        at = open_app(CLASS, query={"teach": secret})
        assert session(at).teacher is None and kept(at)["teacher"] == secret
        assert not any("opens no class" in m for m in session(at).url_messages)
        assert "can't be reached just now" in in_view(at) and "comes back by itself" in in_view(at)
        at.run()
        assert kept(at)["teacher"] == secret and not at.exception
    finally:
        own_postgres.start()
    at.run()
    assert session(at).teacher == secret and any("Through an outage" in shown(s.value) for s in at.subheader)
    assert "can't be reached" not in in_view(at)


def test_a_class_the_browser_kept_that_has_ended_is_let_go_once_the_store_answers(sqlite_store):
    at = bar(open_app(CLASS), "restore", component="browser_store",
             member={"code": "NOSUCHCODE", "name": "Ana", "token": "x" * 32, "title": "Gone"})
    assert session(at).member is None and kept(at)["member"] is None and not at.exception


def test_a_teachers_open_board_through_an_outage_says_so_keeps_the_link_and_comes_back(sqlite_store, tmp_path):
    at = open_app(CLASS)
    at.text_input(key="class_title").set_value("Open board")
    at.button(key="FormSubmitter:start_form-Start a class").click().run()
    secret = session(at).teacher
    with read_only(tmp_path):
        at.run()
        assert session(at).teacher == secret and kept(at)["teacher"] == secret
        assert "can't be written (it is read-only)" in in_view(at) and not at.exception
        assert not any(b.key == "FormSubmitter:start_form-Start a class" for b in at.button)  # not a new class
    at.run()
    assert any("Open board" in shown(s.value) for s in at.subheader) and "can't be written" not in in_view(at)


def test_a_learner_cant_leave_while_the_store_cant_be_asked_and_hears_why(sqlite_store, tmp_path):
    code, secret = sqlite_store.start_class("Maths")
    token = sqlite_store.join(code, "Ana", browser="a")
    at = bar(open_app(CLASS), "restore", component="browser_store",
             member={"code": code, "name": "Ana", "token": token, "title": "Maths"})
    assert session(at).member is not None
    with read_only(tmp_path):
        at.button(key="class_leave").click().run()
        assert session(at).member is not None and "read-only" in shown(session(at).message)
    at.button(key="class_leave").click().run()
    assert session(at).member is None and sqlite_store.teacher_page(secret).learners == []
