"""AppTest for the Lab, own data, sharing by URL, import/export, kept runs and the 'why is it stuck?' help."""

import json

import numpy as np
import pandas as pd
import pytest
from helpers import bar, live, open_app, shown, switch, trained

from nn import Network, People, kept, link, recipes

LAB, OUTPUTS, LOSS = "app_pages/lab.py", "app_pages/outputs.py", "app_pages/loss.py"


def net_of(at):
    return at.session_state["session"].net


def test_the_rule_and_learning_rate_apply_from_the_next_epoch_and_keep_the_history():
    at = open_app(LAB, trained(100))
    at.radio(key="lab_rule").set_value("exact").run()
    at.number_input(key="lab_lr").set_value(0.5).run()
    net = net_of(at)
    assert (net.epoch, net.rule, net.learning_rate) == (100, "exact", 0.5) and len(net.history) == 101
    bar(at, do="train", n=10)
    assert net_of(at).changes == [(0, "series", 1.0), (100, "exact", 0.5)]
    switch(at, LOSS).run()
    assert not at.exception


def test_reset_goes_back_to_the_runs_own_start_so_training_again_replays_it():
    at = open_app(LAB, trained(100))
    at.radio(key="lab_rule").set_value("exact").run()
    at.number_input(key="lab_lr").set_value(0.5).run()
    bar(at, do="train", n=10)
    recipe = link.to_query(net_of(at))["schedule"]
    at.button(key="reset").click().run()
    at.button(key="reset_confirm").click().run()
    net = net_of(at)
    assert (net.epoch, net.rule, net.learning_rate) == (0, "series", 1.0)
    assert at.radio(key="lab_rule").value == "series" and at.number_input(key="lab_lr").value == 1.0
    bar(at, do="train", n=100)
    at.radio(key="lab_rule").set_value("exact").run()
    at.number_input(key="lab_lr").set_value(0.5).run()
    bar(at, do="train", n=10)
    assert link.to_query(net_of(at))["schedule"] == recipe and net_of(at).fingerprint == recipes.replay(
        link.from_query(link.to_query(net_of(at)))[0]).fingerprint


@pytest.mark.parametrize("typed", [0.0, -1.0, 1001.0])
def test_a_learning_rate_out_of_range_is_refused_in_view_and_changes_nothing(typed):
    at = open_app(LAB, trained(100))
    at.number_input(key="lab_lr").set_value(typed).run()
    assert net_of(at).learning_rate == 1.0 and net_of(at).changes == [(0, "series", 1.0)]
    assert at.number_input(key="lab_lr").value == 1.0  # the box shows the rate in use again
    assert any("That learning rate can't be used: the learning rate must be from 0.001 to 1000" in shown(w.value)
               for w in at.main.warning), [w.value for w in at.main.warning]


def test_a_refused_rate_is_said_once_beside_its_box_and_a_good_one_replaces_it_and_says_so():
    at = open_app(LAB, trained(100))
    at.number_input(key="lab_lr").set_value(1e-07).run()
    warnings = [shown(w.value) for w in at.main.warning if "learning rate" in w.value]
    assert len(warnings) == 1 and "It stays 1." in warnings[0] and not at.toast
    at.number_input(key="lab_lr").set_value(2.5).run()
    assert net_of(at).learning_rate == 2.5
    assert not any("learning rate" in w.value for w in at.main.warning)  # the old refusal went
    assert [shown(s.value) for s in at.success] == ["Learning rate 2.5 from epoch 100 on."]
    switch(at, OUTPUTS).run()
    switch(at, LAB).run()
    assert not at.success and not any("learning rate" in w.value for w in at.main.warning)  # another page ended it


def test_a_new_shape_restarts_at_epoch_0():
    at = open_app(LAB, trained(100))
    assert any("restarts training at epoch 0" in w.value for w in at.warning)
    at.checkbox(key="lab_bias").check()
    at.slider(key="lab_hidden").set_value(3)
    at.selectbox(key="lab_activation").set_value("tanh")
    at.button(key="FormSubmitter:lab_shape-Restart with this shape").click().run()
    assert net_of(at).epoch == 100  # it asks first
    say_yes(at, "lab_shape", "Restarting with this shape throws away the 100 epochs trained so far")
    net = net_of(at)
    assert net.epoch == 0 and net.options["hidden"] == 3 and net.options["bias"] and net.options["activation"] == "tanh"


def test_valid_people_restart_training_on_them():
    at = open_app(LAB, trained(100))
    frame = pd.DataFrame(net_of(at).people.rows())
    assert list(frame["name"]) == ["Alejandra", "Bob", "Alice"]
    # The editor's widget state uses Streamlit's own edit format: change a cell, add a row, delete a row.
    key = f"lab_people_{at.session_state['session'].people_version}"
    at.session_state[key] = {"edited_rows": {0: {"Money": 0.9}}, "added_rows": [
        {"Name": "James", "Money": 0.2, "Relationships": 1.0, "Sandwiches": 0.4, "Baseline": 0.3, "Truth": 0.95}],
        "deleted_rows": [1]}
    at.button(key="FormSubmitter:lab_people-Use these people (restarts at epoch 0)").click().run()
    assert not at.exception and not at.error
    say_yes(at, "lab_people", "Using these people throws away the 100 epochs trained so far")
    net = net_of(at)
    assert net.people.names == ("Alejandra", "Alice", "James") and net.epoch == 0
    assert net.people.X[0, 0] == 0.9


def bad_edit(at, edit):
    key = f"lab_people_{at.session_state['session'].people_version}"
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edit}
    at.button(key="FormSubmitter:lab_people-Use these people (restarts at epoch 0)").click().run()
    return at


def test_invalid_people_say_which_row_and_column_and_change_nothing():
    cases = [
        ({"edited_rows": {1: {"Money": 1.5}}}, "row 2 (Bob), Money: 1.5 is outside 0 to 1"),
        ({"edited_rows": {2: {"Name": "Bob"}}}, "row 3: the name 'Bob' is already used in row 2"),
        ({"edited_rows": {0: {"Name": ""}}}, "row 1: the name is empty"),
        ({"edited_rows": {0: {"Truth": None}}}, "row 1 (Alejandra), truth: the cell is empty"),
        ({"deleted_rows": [0, 1, 2]}, "1 to 100 people"),
    ]
    for edit, words in cases:
        at = open_app(LAB, trained(100))
        before = net_of(at)
        bad_edit(at, edit)
        assert not at.exception
        assert any(words in shown(e.value) for e in at.error), (words, [e.value for e in at.error])
        assert net_of(at) is before and net_of(at).epoch == 100


def say_yes(at, where, words):
    """The control at `where` asks before it throws the run away, in `words`: say Yes."""
    question = [w.value for w in at.main.warning if "throws away" in w.value]
    assert len(question) == 1 and words in question[0], question
    at.button(key=f"{where}_confirm").click().run()
    assert not [w for w in at.main.warning if "throws away" in w.value]


def test_restore_the_series_people_asks_before_it_throws_own_people_away():
    people = link.from_query(link.to_query(Network(People(["A"], [[0.1, 0.2, 0.3, 0.4]], [0.5]))))[0]["people"]
    at = open_app(LAB, Network(People.from_rows(people)))
    at.button(key="lab_series_people").click().run()
    assert net_of(at).people.names == ("A",)
    say_yes(at, "lab_people", "Restoring the series' people throws away your own 1 person")
    assert net_of(at).people.names == ("Alejandra", "Bob", "Alice")
    assert at.button(key="lab_series_people").disabled  # they are the series' already: nothing to do


def test_restore_the_series_people_asks_before_it_throws_a_trained_run_away():
    at = open_app(LAB, query={"epoch": "1900", "people": link.to_query(Network(People(
        ["A", "B"], [[0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.5, 0.5]], [0.5, 0.7])))["people"]})
    assert net_of(at).epoch == 1900
    at.button(key="lab_series_people").click().run()
    question = [w.value for w in at.main.warning if "throws away" in w.value]
    assert question == ["Restoring the series' people throws away the 1,900 epochs trained so far (loss "
                        f"{net_of(at).loss:.6f}) and your own 2 people. To keep this run, copy its link, or "
                        "download its run file in the Lab, first."]
    at.button(key="lab_people_cancel").click().run()  # Keep this run
    assert net_of(at).epoch == 1900 and net_of(at).people.names == ("A", "B")
    assert not [w for w in at.main.warning if "throws away" in w.value]
    at.button(key="lab_series_people").click().run()
    switch(at, OUTPUTS).run()
    switch(at, LAB).run()  # another page ended the question
    assert not [w for w in at.main.warning if "throws away" in w.value] and net_of(at).epoch == 1900


def test_a_shared_url_rebuilds_the_same_network_in_a_new_session():
    first = open_app(LAB)
    first.radio(key="lab_rule").set_value("exact").run()
    bar(first, do="train", n=1000)
    query = dict(first.query_params)
    assert query["epoch"] == "1000" and "schedule" in query
    second = open_app(query={k: v[0] if isinstance(v, list) else v for k, v in query.items()})
    np.testing.assert_array_equal(net_of(second).params, net_of(first).params)


def test_a_malformed_url_gets_a_message_and_the_series_defaults():
    at = open_app(query={"epoch": "ten", "hidden": "99"})
    notes = " ".join(shown(w.value) for w in at.main.warning)
    assert "epoch 'ten'" in notes and "hidden '99'" in notes
    assert net_of(at).epoch == 0 and net_of(at).options["hidden"] == 1


def kept_of(at):
    return at.session_state["session"].kept


def test_kept_runs_are_named_labelled_with_their_whole_schedule_and_overlaid_on_the_loss_page():
    at = open_app(LAB, trained(100))
    at.button(key="lab_keep").click().run()
    at.radio(key="lab_rule").set_value("exact").run()
    bar(at, do="train", n=100)
    at.button(key="lab_keep").click().run()
    first, second = kept_of(at)
    assert (first.name, second.name) == ("Run 1", "Run 2")
    assert second.label.startswith("series rule, learning rate 1; from epoch 100: exact rule, learning rate 1;")
    assert at.text_input(key="kept_name_1").value == "Run 2"
    assert any(second.label in shown(c.value) for c in at.caption)
    switch(at, LOSS).run()
    assert not at.exception
    curve = json.loads(live(at, "loss_curve")["spec"])
    named = {t["name"]: t for t in curve["data"]}
    assert {"Run 1", "Run 2", "this run"} <= set(named) and second.label in named["Run 2"]["meta"][1]


def test_the_same_run_is_kept_once_and_the_oldest_goes_past_five():
    at = open_app(LAB, trained(100))
    at.button(key="lab_keep").click().run()
    at.button(key="lab_keep").click().run()
    assert [r.name for r in kept_of(at)] == ["Run 1"]
    assert "kept already, as \u201cRun 1\u201d" in at.session_state["session"].message
    for _ in range(5):
        bar(at, do="train", n=1)
        at.button(key="lab_keep").click().run()
    assert [r.recipe["epoch"] for r in kept_of(at)] == [101, 102, 103, 104, 105]
    assert [at.text_input(key=f"kept_name_{i}").value for i in range(5)] == [r.name for r in kept_of(at)]
    assert [r.name for r in kept_of(at)] == ["Run 2", "Run 3", "Run 4", "Run 5", "Run 6"]  # never "Run 1" again
    message = at.session_state["session"].message
    assert "Kept as \u201cRun 6\u201d" in message and "\u201cRun 1\u201d, the oldest, was let go" in message
    at.button(key="kept_forget_4").click().run()
    at.button(key="lab_keep").click().run()
    assert kept_of(at)[-1].name == "Run 7"


def test_a_kept_run_can_be_renamed_and_a_name_that_cant_be_used_changes_nothing():
    at = open_app(LAB, trained(100))
    at.button(key="lab_keep").click().run()
    at.text_input(key="kept_name_0").set_value("  Series <b>rule</b>  ").run()
    assert kept_of(at)[0].name == "Series <b>rule</b>"
    for bad in ("   ", "\t\n"):
        at.text_input(key="kept_name_0").set_value(bad).run()
        assert kept_of(at)[0].name == "Series <b>rule</b>"
        assert at.text_input(key="kept_name_0").value == "Series <b>rule</b>"
        assert "That name was not used" in at.session_state["session"].message
    at.button(key="kept_forget_0").click().run()
    assert kept_of(at) == [] and not at.exception


def test_the_runs_this_browser_kept_come_back_once_checked_and_join_the_sessions_own():
    at = open_app(LAB, trained(100))
    at.button(key="lab_keep").click().run()
    stored = kept.to_stored([kept.of(trained(50), "From before")])
    bar(at, "restore", component="browser_store", kept=stored, solved=None, member=None, teacher=None)
    assert [r.name for r in kept_of(at)] == ["From before", "Run 1"]
    items = live(at, "browser_store")["items"]
    assert items["kept"] == kept.to_stored(kept_of(at))  # the browser keeps what the server holds
    bar(at, "restore", component="browser_store", kept=[])  # once a session: a second hand-back changes nothing
    assert len(kept_of(at)) == 2
    switch(at, "app_pages/overview.py").run()
    assert "kept" not in live(at, "browser_store")["items"]  # the kept runs travel only where they are shown


@pytest.mark.parametrize("runs", ["unreadable", [{"name": "x"}], [None], {"a": 1}, [1] * 6])
def test_kept_runs_the_browser_hands_back_that_cant_be_read_are_left_out_with_a_message(runs):
    at = open_app(LAB, trained(100))
    bar(at, "restore", component="browser_store", kept=runs)
    assert kept_of(at) == [] and not at.exception
    assert "could not all be read, so some was left out: the kept runs" in at.session_state["session"].message


def test_stuck_at_half_is_explained_and_the_bias_offer_frees_alice():
    at = open_app(OUTPUTS, trained(1900))
    assert any("Stuck at the 0.5 floor: Alice" in t.value for t in at.text)
    at.button(key="outputs_bias").click().run()
    say_yes(at, "outputs_bias", "Turning the bias on throws away the 1,900 epochs trained so far")
    assert net_of(at).options["bias"] and net_of(at).epoch == 0
    bar(at, do="train", n=1000)
    assert net_of(at).output[2, 0] < 0.45
    assert not any("Stuck at the 0.5 floor" in t.value for t in at.text)


def test_stuck_help_is_absent_at_epoch_0():
    at = open_app(OUTPUTS)
    assert not any("Stuck at" in t.value for t in at.text)


def test_a_rising_loss_is_explained_and_the_exact_rule_offered():
    net = Network()
    net.train(25_000)
    at = open_app(LOSS, net)
    assert at.button(key="loss_exact")
    at.button(key="loss_exact").click().run()
    assert net_of(at).rule == "exact"
    assert not [b for b in at.button if b.key == "loss_exact"]
    fresh = open_app(LOSS, trained(1900))
    assert not [b for b in fresh.button if b.key == "loss_exact"]


def test_a_swinging_loss_is_named_on_the_loss_page_and_above_every_page():
    at = open_app(LOSS, trained(100_000))
    page = " ".join(m.value for m in at.markdown)
    assert "swings every epoch, between 0.0245" in page and "0.0477" in page
    assert any("The loss swings every epoch" in c.value for c in at.main.caption)
    quiet = open_app(LOSS, trained(1900))
    assert not any("swings" in c.value for c in quiet.main.caption)


def test_a_link_whose_fingerprint_differs_says_so_above_the_page():
    at = open_app(query={"epoch": "1900", "fp": "0badf00d", "v": "2"})
    assert net_of(at).epoch == 1900
    assert any("other bits" in w.value for w in at.main.warning)
    same = open_app(query={"epoch": "1900", "fp": trained(1900).fingerprint})
    assert not same.main.warning


def test_names_from_user_text_show_as_typed_in_every_message():
    """A name that is Markdown (an image, a link, math) reaches the page escaped, so it shows as typed."""
    at = open_app(LAB, trained(100))
    name = "![x](http://127.0.0.1:9/p) [a](https://e.com) $x$ :red[hi]"
    bad_edit(at, {"edited_rows": {0: {"Name": name, "Money": 2.0}}})
    error = at.error[0].value
    assert shown(error) == f"Nothing changed: row 1 ({name}), Money: 2 is outside 0 to 1."
    assert "](" not in error.replace("\\](", "") and "\\!\\[x\\]\\(http" in error and "http:" not in error


def test_the_editor_never_clamps_a_score_so_a_bad_one_is_named_not_changed():
    """The grid would clamp a 2 to 1.00 unseen if its columns had a min or max; the check names it instead."""
    import json
    at = open_app(LAB, trained(100))
    columns = json.loads(at.dataframe[0].proto.columns)
    for name in ("Money", "Relationships", "Sandwiches", "Baseline", "Truth"):
        config = columns[name]["type_config"]
        assert "min_value" not in config and "max_value" not in config, name
    bad_edit(at, {"edited_rows": {0: {"Truth": 2.0}}})
    assert shown(at.error[0].value) == "Nothing changed: row 1 (Alejandra), truth: 2 is outside 0 to 1."
    assert net_of(at).epoch == 100


def test_a_name_longer_than_the_editor_allows_is_refused_from_a_link_too():
    rows = [["x" * 61, 0.1, 0.2, 0.3, 0.4, 0.5]]
    import base64
    import json
    value = base64.urlsafe_b64encode(json.dumps(rows).encode()).decode().rstrip("=")
    recipe, messages = link.from_query({"people": value})
    assert "61 characters long; at most 60" in messages[0] and recipe["people"] is None


def test_downloads_do_not_rerun_the_app():
    """A download's click must not rerun the app: the rerun raced the browser's fetch of the file, which then
    never came (test_beyond's export test failed so, once in three full runs)."""
    at = open_app("app_pages/lab.py")
    buttons = [e.proto for e in at.get("download_button")]
    assert [b.label for b in buttons] == ["Download this run (JSON)", "Python script, the series' style",
                                          "Python script, bit-exact"]
    assert all(b.ignore_rerun for b in buttons)


def test_a_link_with_nothing_but_an_unknown_parameter_says_so():
    at = open_app(query={"foo": "1"})
    assert any("The link's 'foo' is not something the playground uses, so it was left out." in shown(w.value)
               for w in at.main.warning), [w.value for w in at.main.warning]
    assert net_of(at).epoch == 0


@pytest.mark.parametrize("size", [30 * 2**20, "30", 2**20, True, None])
def test_a_file_the_browser_stopped_is_refused_in_words_and_only_a_real_size_over_the_limit_is_said(size):
    """The browser stops a file over 5 MB before it is sent (ui/live.js, mountGuard) and says only its size:
    the server says why in words, and takes nothing else it is told for it."""
    at = open_app(LAB, trained(100))
    before = net_of(at)
    bar(at, "refused", component="file_guard", size=size)
    messages = [shown(w.value) for w in at.main.warning if "file" in w.value]
    if size == 30 * 2**20:
        assert messages == ["That file was not loaded: the file is 30.0 MB, over the 5 MB a run file can be (the "
                            "playground's own are never larger). Your run is unchanged."]
    else:
        assert messages == []
    assert not at.exception and net_of(at) is before
