"""classroom/store.py on SQLite and on a real PostgreSQL: a class, its learners, posts, the rules that guard them."""

import json
import sqlite3
import threading

import pytest

from classroom import store as st
from classroom.store import ClassError, Store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'classes.sqlite3'}")
    return Store(request.getfixturevalue("postgres_url"))


RUN = {"recipe": {"epoch": 1900}, "link": "/?epoch=1900", "epoch": 1900, "loss": 0.015102}


def test_a_teacher_starts_a_class_and_a_learners_post_reaches_the_board(store):
    code, secret = store.start_class("Maths 3B")
    assert len(code) == st.CODE_LENGTH and set(code) <= set(st.CODE_ALPHABET)
    assert store.teacher_class(secret).title == "Maths 3B" and store.teacher_class(secret + "x") is None
    token = store.join(f"{code[:5].lower()} {code[5:]}", "  Ana  ", client="tab 1")  # spaced, lower case
    post = store.post(code, token, RUN, note="bias on")
    posts, learners = store.teacher_board(secret)
    assert [(p["id"], p["learner"], p["note"], p["run"]) for p in posts] == [(post, "Ana", "bias on", RUN)]
    assert learners == [("Ana", {})]


def test_only_hashes_of_secrets_are_stored(store):
    code, secret = store.start_class()
    token = store.join(code, "Ana", client="c")
    with store._tx(write=False) as db:
        rows = db.all("SELECT teacher_hash FROM classes") + db.all("SELECT token_hash FROM learners")
    stored = json.dumps([list(r) for r in rows])
    assert secret not in stored and token not in stored and st._hash(secret) in stored


def test_a_learners_token_posts_and_reads_only_where_allowed(store):
    code, secret = store.start_class()
    other_code, _ = store.start_class()
    token = store.join(code, "Ana", client="c")
    with pytest.raises(ClassError, match="not in this class"):
        store.post(other_code, token, RUN)         # a token opens its own class only
    with pytest.raises(ClassError, match="not shared the board"):
        store.learner_board(code, token)
    store.set_learners_see(secret, True)
    assert store.learner_board(code, token)[0] == []
    with pytest.raises(ClassError, match="teacher link"):
        store.set_learners_see(token, False)      # a learner's token is no teacher's secret
    with pytest.raises(ClassError, match="teacher link"):
        store.remove(token, 1)


def test_wrong_codes_are_limited_per_client(store):
    code, _ = store.start_class()
    for _ in range(st.MAX_WRONG_CODES):
        with pytest.raises(ClassError, match="no class with that code"):
            store.join("WRONGCODE1", "Ana", client="guesser", now=1e9)
    with pytest.raises(ClassError, match="too many wrong class codes"):
        store.join(code, "Ana", client="guesser", now=1e9 + 1)   # even the right code waits
    assert store.join(code, "Ana", client="someone else")
    assert store.join(code, "Bo", client="guesser", now=1e9 + st.WRONG_CODE_WINDOW + 2)  # a minute later


def test_names_and_notes_are_bounded_and_duplicates_refused(store):
    code, _ = store.start_class()
    store.join(code, "Ana", client="c")
    with pytest.raises(ClassError, match="called 'ANA' already"):
        store.join(code, "ANA", client="c")
    for bad in ("", "   ", "x" * (st.MAX_NAME + 1), None):
        with pytest.raises(ClassError, match="your name"):
            store.join(code, bad, client="c")
    token = store.join(code, "Bo\n<script>", client="c")
    with pytest.raises(ClassError, match="the note can be at most"):
        store.post(code, token, RUN, note="x" * (st.MAX_NOTE + 1))
    assert store.board(code)[1][-1][0] == "Bo <script>"  # kept as text, on one line


def test_posts_are_bounded_in_size_and_rate(store):
    code, _ = store.start_class()
    token = store.join(code, "Ana", client="c")
    with pytest.raises(ClassError, match="too big to post"):
        store.post(code, token, {"x": "y" * st.MAX_POST_BYTES}, now=1000.0)
    store.post(code, token, RUN, now=1000.0)
    with pytest.raises(ClassError, match="posted a moment ago"):
        store.post(code, token, RUN, now=1001.0)
    for i in range(1, st.MAX_POSTS_PER_LEARNER):
        store.post(code, token, RUN, now=1000.0 + 10 * i)
    with pytest.raises(ClassError, match=f"posted {st.MAX_POSTS_PER_LEARNER} runs"):
        store.post(code, token, RUN, now=99_999.0)
    with pytest.raises(ValueError):
        store.post(code, token, {"loss": float("nan")})  # not JSON: never stored


def test_the_teacher_hides_removes_closes_and_downloads(store):
    code, secret = store.start_class("Class")
    token = store.join(code, "Ana", client="c")
    first = store.post(code, token, RUN, now=1000.0)
    second = store.post(code, token, RUN, note="two", now=1010.0)
    store.set_hidden(secret, first)
    store.set_learners_see(secret, True)
    assert [p["id"] for p in store.learner_board(code, token)[0]] == [second]
    assert [p["hidden"] for p in store.teacher_board(secret)[0]] == [True, False]
    store.remove(secret, second)
    store.record_solved(code, token, {"alice": 286})
    everything = store.export(secret)
    assert [p["id"] for p in everything["posts"]] == [first]
    assert everything["learners"] == [{"name": "Ana", "solved": {"alice": 286}}]
    json.dumps(everything)
    store.close(secret)
    with pytest.raises(ClassError, match="closed"):
        store.post(code, token, RUN, now=2000.0)
    with pytest.raises(ClassError, match="closed"):
        store.join(code, "Bo", client="c")


def test_a_class_expires(store):
    code, secret = store.start_class(now=0.0)
    token = store.join(code, "Ana", client="c", now=1.0)
    later = st.CLASS_DAYS * 86400 + 10
    assert store.teacher_class(secret, now=later) is None
    with pytest.raises(ClassError, match="no class with that code"):
        store.join(code, "Bo", client="c", now=later)
    with pytest.raises(ClassError, match="not in this class any more"):
        store.post(code, token, RUN, now=later)


def test_many_threads_post_at_once_and_nothing_is_lost(store):
    code, secret = store.start_class()
    tokens = [store.join(code, f"learner {i}", client=f"c{i}") for i in range(20)]
    errors = []

    def post(token):
        try:
            store.post(code, token, RUN)
        except Exception as err:  # noqa: BLE001 - every error is collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=post, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(store.teacher_board(secret)[0]) == 20


def test_an_older_database_is_brought_up_to_date_and_keeps_its_classes(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = Store(url, upto=1)
    assert old.version() == 1
    code, secret = old.start_class("Kept")
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:
        assert "solved" not in [c[1] for c in conn.execute("PRAGMA table_info(learners)")]
    new = Store(url)
    assert new.version() == st.VERSION and new.teacher_class(secret).title == "Kept"
    token = new.join(code, "Ana", client="c")
    new.record_solved(code, token, {"bob": 286})
    assert new.board(code)[1] == [("Ana", {"bob": 286})]


def _bench():
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "bench" / "class_board.py"
    spec = importlib.util.spec_from_file_location("class_board_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_server_processes_posting_at_once_on_one_sqlite_file_lose_nothing(tmp_path):
    confirmed, kept, total, errors = _bench().two_processes(f"sqlite:///{tmp_path / 'shared.sqlite3'}", learners=30)
    assert errors == [] and confirmed == kept == total == 30


def test_a_server_killed_mid_posts_keeps_every_confirmed_post_and_no_partial_one(tmp_path):
    confirmed, kept, total, partial = _bench().killed_mid_posts(f"sqlite:///{tmp_path / 'killed.sqlite3'}",
                                                                 seconds=1.5)
    assert confirmed > 10 and kept == confirmed and total - confirmed <= 1 and partial == []


def test_a_class_takes_a_bounded_number_of_posts_a_minute(store, monkeypatch):
    monkeypatch.setattr(st, "MAX_POSTS_PER_CLASS_MINUTE", 3)
    code, _ = store.start_class()
    tokens = [store.join(code, f"learner {i}", client="c") for i in range(4)]
    for token in tokens[:3]:
        store.post(code, token, RUN, now=5000.0)
    with pytest.raises(ClassError, match="taking no more posts just now"):
        store.post(code, tokens[3], RUN, now=5001.0)
    store.post(code, tokens[3], RUN, now=5070.0)  # a minute later
