"""classroom/store.py when its database really can't be reached or written: a read-only folder, a full disk,
PostgreSQL stopped, PostgreSQL paused. Each failure is StoreDown with its own plain sentence, logged once,
and nothing confirmed before it is lost. (How long a post takes to be answered while PostgreSQL hangs is
measured in bench/class_board.py.)"""

import logging

import pytest
from outages import fill, read_only, small_disk

from classroom.store import Store, StoreDown

RUN = {"recipe": {"epoch": 1900}, "link": "./?epoch=1900", "epoch": 1900, "loss": 0.015102}


def a_class(store):
    code, secret = store.start_class("Outage")
    token = store.join(code, "Ana", browser="a")
    return code, secret, token, store.post(code, token, RUN, now=1000.0)


def test_a_read_only_folder_is_said_as_such_and_keeps_what_was_confirmed(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'classes.sqlite3'}")
    code, secret, token, first = a_class(store)
    with read_only(tmp_path):
        with pytest.raises(StoreDown) as down:
            store.post(code, token, RUN, now=2000.0)
        assert down.value.kind == "read-only" and "read-only" in str(down.value)
    second = store.post(code, token, RUN, now=2000.0)
    assert [p["id"] for p in store.teacher_board(secret)[0]] == [first, second]


def test_a_store_made_in_a_read_only_folder_is_said_as_such(tmp_path):
    with read_only(tmp_path), pytest.raises(StoreDown) as down:
        Store(f"sqlite:///{tmp_path / 'new' / 'classes.sqlite3'}")
    assert down.value.kind == "read-only"


def test_a_full_disk_is_said_as_such_and_keeps_what_was_confirmed():
    with small_disk() as folder:
        store = Store(f"sqlite:///{folder / 'classes.sqlite3'}")
        code, secret, token, first = a_class(store)
        fill(folder)
        with pytest.raises(StoreDown) as down:
            for i in range(50):  # a write the disk has no room for (the WAL may have some left over)
                store.post(code, token, {**RUN, "padding": "x" * 30_000}, now=2000.0 + 5 * i)
        assert down.value.kind == "full" and "disk is full" in str(down.value)
        (folder / "filler").unlink()
        store.post(code, token, RUN, now=9000.0)
        assert store.teacher_board(secret)[0][0]["id"] == first


def test_postgres_stopped_is_unreachable_logged_once_and_answers_again_with_every_post(own_postgres, caplog):
    store = Store(own_postgres.url)
    code, secret, token, first = a_class(store)
    caplog.set_level(logging.WARNING, logger="happiness.classroom")
    own_postgres.stop()
    try:
        for _ in range(3):
            with pytest.raises(StoreDown) as down:
                store.post(code, token, RUN, now=2000.0)
            assert down.value.kind == "unreachable" and "can't be reached just now" in str(down.value)
    finally:
        own_postgres.start()
    second = store.post(code, token, RUN, now=2000.0)
    assert [p["id"] for p in store.teacher_board(secret)[0]] == [first, second]
    said = [r.getMessage() for r in caplog.records if r.name == "happiness.classroom"]
    assert len(said) == 2 and "failed: unreachable" in said[0] and "answers again" in said[1]
    assert own_postgres.url.split("@")[1] in said[0] and "postgres@" not in said[0]


def test_postgres_paused_answers_a_post_with_store_down_rather_than_hanging(own_postgres):
    store = Store(own_postgres.url)
    code, secret, token, first = a_class(store)
    with own_postgres.paused(), pytest.raises(StoreDown) as down:
        store.post(code, token, RUN, now=2000.0)
    assert down.value.kind == "unreachable"
    assert [p["id"] for p in store.teacher_board(secret)[0]] == [first]
