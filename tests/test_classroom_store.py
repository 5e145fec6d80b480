"""classroom/store.py on SQLite and on a real PostgreSQL: a class, its learners, posts, the rules that guard them."""

import json
import sqlite3
import threading
import time

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
    token = store.join(f"{code[:5].lower()} {code[5:]}", "  Ana  ", browser="tab 1")  # spaced, lower case
    post = store.post(code, token, RUN, note="bias on")
    posts, learners = store.teacher_board(secret)
    assert [(p["id"], p["learner"], p["note"], p["run"]) for p in posts] == [(post, "Ana", "bias on", RUN)]
    assert learners == [("Ana", {})]


def test_only_hashes_of_secrets_are_stored(store):
    code, secret = store.start_class()
    token = store.join(code, "Ana", browser="c")
    with store._tx(write=False) as db:
        rows = db.all("SELECT teacher_hash FROM classes") + db.all("SELECT token_hash FROM learners")
    stored = json.dumps([list(r) for r in rows])
    assert secret not in stored and token not in stored and st._hash(secret) in stored


def test_a_learners_token_posts_and_reads_only_where_allowed(store):
    code, secret = store.start_class()
    other_code, _ = store.start_class()
    token = store.join(code, "Ana", browser="c")
    with pytest.raises(ClassError, match="not in this class"):
        store.post(other_code, token, RUN)         # a token opens its own class only
    with pytest.raises(ClassError, match="not shared the board"):
        store.learner_page(code, token)
    store.set_learners_see(secret, True)
    assert store.learner_page(code, token).posts == []
    with pytest.raises(ClassError, match="teacher link"):
        store.set_learners_see(token, False)      # a learner's token is no teacher's secret
    with pytest.raises(ClassError, match="teacher link"):
        store.remove(token, 1)


def test_wrong_codes_are_limited_per_browser_and_per_address(store):
    code, _ = store.start_class()
    most, seconds = st.WRONG_CODES["browser"]
    for _ in range(most):
        with pytest.raises(ClassError, match="no class with that code"):
            store.join("WRONGCODE1", "Ana", browser="guesser", address="school", now=1e9)
    with pytest.raises(ClassError, match="too many wrong class codes from this browser"):
        store.join(code, "Ana", browser="guesser", address="school", now=1e9 + 1)   # even the right code waits
    assert store.join(code, "Ana", browser="someone else", address="school", now=1e9 + 1)  # same address
    assert store.join(code, "Bo", browser="guesser", address="school", now=1e9 + seconds + 2)  # a minute later


def test_a_class_of_40_mistyping_behind_one_address_is_never_shut_out_but_a_guesser_with_new_browsers_is(store):
    code, _ = store.start_class()
    for i in range(40):   # each mistypes three times, then joins: 120 wrong codes from one address
        for _ in range(3):
            with pytest.raises(ClassError, match="no class with that code"):
                store.join("WRONGCODE1", f"learner {i}", browser=f"b{i}", address="school", now=1e9 + i)
        assert store.join(code, f"learner {i}", browser=f"b{i}", address="school", now=1e9 + i)
    most, seconds = st.WRONG_CODES["address"]
    for i in range(most - 120):  # a guesser with a new browser for every guess
        with pytest.raises(ClassError, match="no class with that code"):
            store.join("WRONGCODE1", "x", browser=f"new {i}", address="school", now=1e9 + 100)
    with pytest.raises(ClassError, match="too many wrong class codes from this address: wait 10 minutes"):
        store.join(code, "late", browser="fresh", address="school", now=1e9 + 101)
    assert store.join(code, "late", browser="fresh", address="school", now=1e9 + seconds + 101)


def test_joins_are_limited_per_browser_and_per_address_so_one_client_cant_fill_a_class(store):
    code, secret = store.start_class()
    most, _ = st.JOINS["browser"]
    for i in range(most):  # one browser joining under new names
        store.join(code, f"fake {i}", browser="one", address="home", now=1000.0 + i)
    with pytest.raises(ClassError, match="too many joins of this class from this browser"):
        store.join(code, "fake again", browser="one", address="home", now=1010.0)
    for i in range(40):   # a class of 40 behind one school address all join at once
        store.join(code, f"learner {i}", browser=f"b{i}", address="school", now=1000.0)
    most, seconds = st.JOINS["address"]
    for i in range(most - 40):
        store.join(code, f"scripted {i}", browser=f"s{i}", address="school", now=1001.0)
    with pytest.raises(ClassError, match="too many joins of this class from this address"):
        store.join(code, "one more", browser="new", address="school", now=1002.0)
    assert len(store.teacher_page(secret).learners) == 5 + 100


def test_a_learner_who_leaves_having_posted_nothing_frees_their_name_and_place(store):
    code, secret = store.start_class()
    token = store.join(code, "Ana", browser="a")
    store.leave(code, token)
    assert store.teacher_page(secret).learners == []
    again = store.join(code, "Ana", browser="a")   # their own name again
    store.post(code, again, RUN)
    store.leave(code, again)                       # one who posted stays on the board, under their name
    assert [n for n, _, _ in store.teacher_page(secret).learners] == ["Ana"]
    with pytest.raises(ClassError, match="called 'Ana' already"):
        store.join(code, "Ana", browser="b")


def test_the_teacher_removes_a_learner_with_their_posts_and_stops_new_joins(store):
    code, secret = store.start_class()
    ana, bo = store.join(code, "Ana", browser="a"), store.join(code, "Bo", browser="b")
    store.post(code, ana, RUN, now=1000.0)
    store.post(code, bo, RUN, now=1000.0)
    store.remove_learner(secret, "Ana")
    page = store.teacher_page(secret)
    assert [p["learner"] for p in page.posts] == ["Bo"] and [n for n, _, _ in page.learners] == ["Bo"]
    with pytest.raises(ClassError, match="not in this class any more"):
        store.post(code, ana, RUN, now=1100.0)
    store.set_joins_open(secret, False)
    with pytest.raises(ClassError, match="takes no new learners just now"):
        store.join(code, "Cy", browser="c")
    store.post(code, bo, RUN, now=1100.0)           # those in the class still post
    store.set_joins_open(secret, True)
    assert store.join(code, "Ana", browser="a2")    # the removed learner's name is free


def test_names_that_look_like_a_taken_one_are_that_name(store):
    code, _ = store.start_class()
    store.join(code, "Ana", browser="c")
    for lookalike in ("An\u200ba", "\u202eAna", "\u0410na", "An\u00ada", "An\u034fa", "An\u2060a", "ＡＮＡ",
                      "a n a", "\u0430\u043d\u0430"[0] + "na"):
        with pytest.raises(ClassError, match="already"):
            store.join(code, lookalike, browser=f"c {lookalike}")
    assert store.join(code, "Anna", browser="d") and store.join(code, "Aña", browser="e")
    token = store.join(code, "Bo\u200b\u202e\u00ad", browser="f")
    store.post(code, token, RUN, note="free\u202e Alice\u2060!")
    assert store.board(code)[0][0]["note"] == "free Alice!"
    assert [n for n, _ in store.board(code)[1]] == ["Ana", "Anna", "Aña", "Bo"]
    _, secret = store.start_class("Maths\u202e 3B\u200b")
    assert store.teacher_class(secret).title == "Maths 3B"


def test_names_and_notes_are_bounded_and_duplicates_refused(store):
    code, _ = store.start_class()
    store.join(code, "Ana", browser="c")
    with pytest.raises(ClassError, match="called 'ANA' already"):
        store.join(code, "ANA", browser="c")
    for bad in ("", "   ", "x" * (st.MAX_NAME + 1), None):
        with pytest.raises(ClassError, match="your name"):
            store.join(code, bad, browser="c")
    token = store.join(code, "Bo\n<script>", browser="c")
    with pytest.raises(ClassError, match="the note can be at most"):
        store.post(code, token, RUN, note="x" * (st.MAX_NOTE + 1))
    assert store.board(code)[1][-1][0] == "Bo <script>"  # kept as text, on one line


def test_posts_are_bounded_in_size_and_rate(store):
    code, _ = store.start_class()
    token = store.join(code, "Ana", browser="c")
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
    token = store.join(code, "Ana", browser="c")
    first = store.post(code, token, RUN, now=1000.0)
    second = store.post(code, token, RUN, note="two", now=1010.0)
    store.set_hidden(secret, first)
    store.set_learners_see(secret, True)
    assert [p["id"] for p in store.learner_page(code, token).posts] == [second]
    assert [p["hidden"] for p in store.teacher_board(secret)[0]] == [True, False]
    store.remove(secret, second)
    store.record_solved(code, token, {"alice": 286})
    everything = store.export(secret)
    assert [p["id"] for p in everything["posts"]] == [first]
    assert [(n["name"], n["solved"]) for n in everything["learners"]] == [("Ana", {"alice": 286})]
    store.close(secret)
    with pytest.raises(ClassError, match="closed"):
        store.post(code, token, RUN, now=2000.0)
    with pytest.raises(ClassError, match="closed"):
        store.join(code, "Bo", browser="c")


def test_a_class_expires(store):
    code, secret = store.start_class(now=0.0)
    token = store.join(code, "Ana", browser="c", now=1.0)
    later = st.CLASS_DAYS * 86400 + 10
    assert store.teacher_class(secret, now=later) is None
    with pytest.raises(ClassError, match="no class with that code"):
        store.join(code, "Bo", browser="c", now=later)
    with pytest.raises(ClassError, match="not in this class any more"):
        store.post(code, token, RUN, now=later)


def test_many_threads_post_at_once_and_nothing_is_lost(store):
    code, secret = store.start_class()
    tokens = [store.join(code, f"learner {i}", browser=f"c{i}") for i in range(20)]
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
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:  # a learner who joined under version 1
        conn.execute("INSERT INTO learners VALUES (?, 'Bo', ?, 1.0)", (code, st._hash("bo's token")))
        conn.execute("INSERT INTO wrong_codes VALUES ('a client', 1.0)")
    token = "bo's token"
    new = Store(url)
    assert new.version() == st.VERSION and new.teacher_class(secret).title == "Kept"
    assert new.teacher_class(secret).joins_open and new.learner_class(code, token)[0] == "Bo"
    token = new.join(code, "Ana", browser="c")
    new.record_solved(code, token, {"bob": 286})
    assert new.board(code)[1] == [("Bo", {}), ("Ana", {"bob": 286})]


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


def test_a_class_shares_its_minute_of_posts_fairly_so_no_learner_uses_up_the_others(store, monkeypatch):
    monkeypatch.setattr(st, "MAX_POSTS_PER_CLASS_MINUTE", 6)
    monkeypatch.setattr(st, "MIN_SECONDS_BETWEEN_POSTS", 0.0)
    code, _ = store.start_class()
    hog, *others = [store.join(code, f"learner {i}", browser=f"c{i}") for i in range(3)]  # a share is 2 a minute
    for i in range(6):
        store.post(code, hog, RUN, now=5000.0 + i)
    with pytest.raises(ClassError, match="posted your share of this minute"):
        store.post(code, hog, RUN, now=5010.0)
    for token in others:   # the others' shares are still theirs
        store.post(code, token, RUN, now=5011.0)
        store.post(code, token, RUN, now=5012.0)
    with pytest.raises(ClassError, match="posted your share of this minute"):
        store.post(code, others[0], RUN, now=5013.0)
    store.post(code, hog, RUN, now=5070.0)  # a minute later


def test_a_class_at_its_most_runs_says_so_and_takes_posts_again_once_the_teacher_makes_room(store, monkeypatch):
    monkeypatch.setattr(st, "MAX_POSTS_PER_CLASS", 3)
    code, secret = store.start_class()
    tokens = [store.join(code, f"learner {i}", browser=f"c{i}") for i in range(4)]
    first = [store.post(code, t, RUN, now=5000.0) for t in tokens[:3]]
    with pytest.raises(ClassError, match="board is full: it holds 3 runs, the most a class can keep. Your teacher "
                                         "can remove runs"):
        store.post(code, tokens[3], RUN, now=9000.0)
    store.remove(secret, first[:1])
    store.post(code, tokens[3], RUN, now=9001.0)


def test_the_teacher_closes_and_reopens_extends_and_renews_the_link(store):
    start = time.time()
    code, secret = store.start_class(now=start)
    token = store.join(code, "Ana", browser="c")
    store.close(secret)
    with pytest.raises(ClassError, match="closed"):
        store.post(code, token, RUN)
    store.reopen(secret)
    store.post(code, token, RUN)
    later = start + st.CLASS_DAYS * 86400 - 5
    assert store.extend(secret, now=later) == later + st.CLASS_DAYS * 86400
    assert store.teacher_class(secret, now=later + 10).expires == later + st.CLASS_DAYS * 86400
    new = store.renew(secret)
    assert new != secret and store.teacher_class(secret) is None and store.teacher_class(new).code == code
    with pytest.raises(ClassError, match="opens no class"):
        store.close(secret)


def test_a_page_of_the_board_is_its_newest_posts_and_counts_every_learners(store):
    code, secret = store.start_class()
    ana, bo = store.join(code, "Ana", browser="a"), store.join(code, "Bo", browser="b")
    ids = [store.post(code, ana if i % 3 else bo, {**RUN, "epoch": i}, now=1000.0 + 10 * i) for i in range(10)]
    page = store.teacher_page(secret, offset=2, limit=3)
    assert [p["id"] for p in page.posts] == ids[::-1][2:5] and page.total == 10
    assert page.learners == [("Ana", {}, 6), ("Bo", {}, 4)]
    bos = store.teacher_page(secret, learner="Bo", limit=40)
    assert [p["learner"] for p in bos.posts] == ["Bo"] * 4 and bos.total == 4
    store.set_hidden(secret, ids[:2])
    store.set_learners_see(secret, True)
    seen = store.learner_page(code, ana, limit=40)
    assert seen.total == 8 and ids[0] not in [p["id"] for p in seen.posts]


def test_the_export_is_the_whole_class(store):
    start = time.time()
    code, secret = store.start_class("Class", now=start)
    token = store.join(code, "Ana", browser="c", now=start + 1)
    first = store.post(code, token, RUN, now=start + 2)
    store.post(code, token, RUN, note="two", now=start + 6)
    store.set_hidden(secret, first)
    store.record_solved(code, token, {"alice": 286})
    everything = store.export(secret)
    assert (everything["code"], everything["title"], everything["created"]) == (code, "Class", start)
    assert everything["expires"] == start + st.CLASS_DAYS * 86400 and everything["open"]
    assert everything["learners"] == [{"name": "Ana", "joined": start + 1, "solved": {"alice": 286}}]
    assert [(p["note"], p["hidden"], p["run"]) for p in everything["posts"]] == [("", True, RUN), ("two", False, RUN)]
    assert json.loads(json.dumps(everything)) == everything
