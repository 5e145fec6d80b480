"""The Lab's changes to a session: the rule, the learning rate, the shape, the people, a run file loaded;
and the offers on other pages that change the same options (a bias, the exact rule), and people scored."""

import streamlit as st

from nn import FEATURES, SERIES_PEOPLE, Network, People, runfile
from ui import state

EDITOR_COLUMNS = {"Name": "name", "Truth": "truth"}  # the Lab editor's column names -> People.rows() keys

def lab_widgets():
    """Before the Lab draws its widgets: show the network's options whenever the Lab is entered anew.

    When the learner comes back to the Lab from another page, Streamlit re-creates its widgets. The
    server still holds their last values, but as values the widgets set themselves, so it doesn't send
    them, and the browser showed each widget's default (learning rate 0.001, width 1, seed 0) while the
    network kept its own. Setting them from code, on the Lab's first run after another page, makes the
    browser show them. (Not on every run: the shape form's unsaved edits would be lost at each Play tick.)
    """
    if state.entered_anew("lab"):
        state.sync_widgets()


def set_rule():
    """The Lab's rule widget: use it from the next epoch; the history stays."""
    state.update(lambda net: net.set_rule(st.session_state.lab_rule))  # the widget's value


def set_learning_rate():
    """The Lab's learning-rate widget: use it from the next epoch; the history stays."""
    try:
        state.update(lambda net: net.set_learning_rate(st.session_state.lab_lr))
    except ValueError as err:
        state.say(f"That learning rate can't be used: {err}. It stays {state.net().learning_rate:g}.", where="lab_lr")
        state.sync_widgets()
        return
    net = state.net()
    state.say(f"Learning rate {net.learning_rate:g} from epoch {net.epoch:,} on.", problem=False, where="lab_lr")


def restart_with_shape():
    """The Lab's shape form: restart at epoch 0 with its width, bias, activation and seed."""
    w, net = st.session_state, state.current().net  # the form's widgets, and the network
    options = {**net.options, "bias": w.lab_bias, "hidden": w.lab_hidden, "activation": w.lab_activation,
               "seed": w.lab_seed}
    try:
        new = Network(net.people, **options)
    except ValueError as err:
        state.say(f"That shape can't be used: {err}.", where="lab_shape")
        return
    state.unsay("lab_shape")
    state.replace_or_ask("lab_shape", "Restarting with this shape", "Yes, restart", new)


def turn_bias_on():
    """The Outputs page's offer: the same network with a bias, from epoch 0."""
    net = state.current().net
    state.replace_or_ask("outputs_bias", "Turning the bias on", "Yes, turn it on",
                   Network(net.people, **{**net.options, "bias": True}))


def use_exact_rule():
    """The Loss page's offer: the exact derivative from the next epoch on."""
    state.update(lambda net: net.set_rule("exact"))
    state.sync_widgets()


def use_edited_people():
    """The Lab's people form: apply the editor's edits, then restart on them, or say what is wrong and change nothing."""
    s = state.current()
    s.people_problem = None
    edits = st.session_state.get(f"lab_people_{s.people_version}") or {}  # the editor's own value
    rows = [dict(r) for r in s.net.people.rows()]
    for index, change in (edits.get("edited_rows") or {}).items():
        rows[int(index)].update({EDITOR_COLUMNS.get(k, k): v for k, v in change.items()})
    gone = {int(i) for i in edits.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in gone]
    for added in edits.get("added_rows") or []:
        rows.append({key: None for key in ("name", *FEATURES, "truth")} | {EDITOR_COLUMNS.get(k, k): v
                                                                            for k, v in added.items()})
    try:
        people = People.from_rows(rows)
    except ValueError as err:
        s.people_problem = str(err)
        return
    state.replace_or_ask("lab_people", "Using these people", "Yes, use them", Network(people, **s.net.options))


def restore_series_people():
    """Back to Alejandra, Bob and Alice, from epoch 0 (the Lab's button is off while they are the people)."""
    if state.current().net.people == SERIES_PEOPLE:
        return
    state.replace_or_ask("lab_people", "Restoring the series' people", "Yes, restore them",
                   Network(SERIES_PEOPLE, **state.current().net.options))


def upload_key():
    """The Lab's uploader's key (a new one after each file, so it shows none)."""
    return f"lab_upload_{state.current().upload_version}"


def import_run():
    """The Lab's upload: restore the run in the file, or refuse it with a clear message and change nothing."""
    s = state.current()
    upload = st.session_state.get(upload_key())  # the uploader's own value
    if upload is None:
        return
    s.upload_version += 1  # a fresh, empty uploader: the file is loaded, asked about or refused in words, not
    # left behind as a chip (refused ones would pile up)
    try:
        net, note = runfile.from_json(upload.getvalue())
    except ValueError as err:
        state.say(f"That file was not loaded: {err}. Your run is unchanged.", where="lab_upload")
        return
    state.replace_or_ask("lab_upload", "Loading this file", "Yes, load it", net,
                   said=(f"Loaded a run at epoch {net.epoch:,}." + (f" {note}" if note else ""), bool(note)))


def score(name, scores):
    """Remember a person scored in this session (the table re-scores them as training goes on)."""
    s = state.current()
    s.scored = [row for row in s.scored if row[0] != name] + [(name, tuple(scores))]
