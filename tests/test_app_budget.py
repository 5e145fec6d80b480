"""AppTest: long jobs share a server-wide budget, one per session; dear links are offered, not rebuilt unasked."""

import numpy as np
from helpers import APP, bar, shown
from streamlit.testing.v1 import AppTest

from nn import Network, People, link, recipes
from serving import budget


def open_app(query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def net_of(at):
    return at.session_state["session"].net


def link_to(people, epochs, **options):
    net = Network(people, **options)
    query = link.to_query(net)
    query["epoch"] = str(epochs)
    query.pop("fp")
    return query


def some_people(n):
    rng = np.random.default_rng(4)
    return People([f"p{i}" for i in range(n)], rng.uniform(0, 1, (n, 4)).round(2), rng.uniform(0, 1, n).round(2))


def run_ticks(at, limit=200):
    runs = 0
    while at.session_state["session"].job.left and runs < limit:
        at.run()
        runs += 1
    assert not at.exception, at.exception


def test_a_mid_sized_link_rebuilds_in_ticks_and_ends_on_the_links_bits():
    query = link_to(None, 1_000_000, hidden=8)
    recipe, _ = link.from_query(query)
    assert 0.5 < recipes.rebuild_seconds(recipe) <= 5
    at = open_app(query)
    assert net_of(at).epoch < 1_000_000 and at.session_state["session"].job.left
    assert "Rebuilding the shared run" in at.get("progress")[0].proto.text
    assert at.query_params["epoch"] == "1000000"          # a reload now would start the link again
    run_ticks(at)
    assert net_of(at).epoch == 1_000_000
    assert net_of(at).fingerprint == recipes.replay(recipe).fingerprint
    assert not at.main.warning                           # no fingerprint note: same bits
    at.run()
    assert at.query_params["epoch"] == "1000000" and at.query_params["fp"] == net_of(at).fingerprint


def test_a_dear_link_is_offered_not_rebuilt_and_rebuild_anyway_starts_it():
    query = link_to(some_people(40), 1_000_000, hidden=8)
    at = open_app(query)
    assert net_of(at).epoch == 0 and not at.session_state["session"].job.left
    offer = shown(at.sidebar.warning[0].value)
    assert "would take about 8 s" in offer and "load its run file in the Lab" in offer
    assert at.query_params["epoch"] == "1000000"
    at.button(key="rebuild_anyway").click().run()
    assert at.session_state["session"].job.left and not at.session_state["session"].link_offer
    at.run()
    at.button(key="stop").click().run()
    kept = net_of(at).epoch
    assert 0 < kept < 1_000_000
    at.run()
    assert at.query_params["epoch"] == str(kept)          # stopped: the address holds what was built


def test_a_long_job_waits_for_a_turn_and_says_so():
    taken = [budget.try_take() for _ in range(budget.TURNS)]
    try:
        assert all(taken) and not budget.try_take()
        at = open_app()
        at.session_state["session"].rate = 1000.0
        at.button(key="train_go").click().run()
        at.run()
        assert net_of(at).epoch == 0 and at.session_state["session"].job.waiting
        assert any("Waiting for a turn" in c.value for c in at.sidebar.caption)
    finally:
        for ok in taken:
            if ok:
                budget.give_back()
    run_ticks(at)
    assert net_of(at).epoch == 5000 and not at.session_state["session"].job.waiting
    assert budget.running() == 0


def test_a_session_holds_one_long_job_at_a_time():
    at = open_app({"hidden": "8"})  # a wide network: a million epochs take several ticks on any machine
    at.session_state["session"].rate = 1000.0
    at.text_input(key="train_amount").set_value("1000000")
    at.button(key="train_go").click().run()
    pending = at.session_state["session"].job.left
    assert pending
    bar(at, do="train", n=1000)
    assert at.session_state["session"].job.left <= pending
    assert any("A long training run is under way" in shown(w.value) for w in at.main.warning)
