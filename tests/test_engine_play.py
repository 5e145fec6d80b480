"""nn/play.py: Play's chunks hold the kernel's own numbers at every frame, and Pause rebuilds any epoch shown."""

import json

import numpy as np
import pytest

from nn import Network, kernel
from nn.history import DENSE
from nn.network import MAX_EPOCHS, fingerprint
from nn.play import CHUNK_SECONDS, DEFAULT_SPEED, FRAME_RATE, SPEEDS, Play, stride

OPTIONS = [{}, {"rule": "exact", "bias": True, "hidden": 3, "activation": "tanh", "seed": 4},
           {"hidden": 2, "activation": "relu", "bias": True, "learning_rate": 0.5}]


def trained(epochs, **options):
    net = Network(**options)
    net.train(epochs)
    return net


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("speed", [1, DEFAULT_SPEED, 1000])
def test_every_frame_is_the_networks_own_numbers_at_its_epoch(options, speed):
    net = trained(7, **options)
    play = Play(net, speed)
    chunk = play.next_chunk(7)
    assert chunk["start"] == 7 and chunk["stride"] == stride(speed) and not chunk["end"]
    reference = net.copy()
    for f, epoch in enumerate(chunk["epochs"]):
        reference.train(epoch - reference.epoch)
        assert epoch == 7 + (f + 1) * stride(speed)
        assert chunk["loss"][f] == reference.loss
        assert chunk["outputs"][f] == reference.output[:, 0].tolist()
        assert chunk["params"][f] == reference.params.tolist()


def test_a_frames_band_holds_the_lowest_and_highest_loss_of_the_epochs_since_the_frame_before():
    play = Play(Network(), 1000)
    chunk = play.next_chunk(0)
    losses = trained(chunk["epochs"][-1]).history.loss
    for f, epoch in enumerate(chunk["epochs"]):
        window = losses[epoch - chunk["stride"] + 1: epoch + 1]
        assert (chunk["low"][f], chunk["high"][f]) == (window.min(), window.max())


def test_frames_come_at_most_at_the_frame_rate_and_a_chunk_lasts_its_seconds():
    for speed in SPEEDS:
        assert speed / stride(speed) <= FRAME_RATE
        chunk = Play(Network(), speed).next_chunk(0)
        seconds = (chunk["epochs"][-1] - chunk["start"]) / speed
        assert CHUNK_SECONDS <= seconds < CHUNK_SECONDS + stride(speed) / speed + 1e-9


def test_chunks_follow_on_and_the_network_trains_with_them():
    play = Play(Network(), DEFAULT_SPEED)
    first = play.next_chunk(0)
    second = play.next_chunk(first["epochs"][-1])
    assert second["start"] == first["epochs"][-1] and second["epochs"][0] == second["start"] + 1
    assert play.ahead.epoch == second["epochs"][-1]
    assert play.ahead.fingerprint == trained(second["epochs"][-1]).fingerprint
    assert len(play.ahead.history) == second["epochs"][-1] + 1  # its history keeps every epoch, as training does


@pytest.mark.parametrize("shown", [0, 1, 60, 119, 120, 121, 239, 240])
def test_the_network_at_any_epoch_shown_has_the_bits_training_reaches(shown):
    play = Play(Network(), DEFAULT_SPEED)
    play.next_chunk(play.next_chunk(0)["epochs"][-1])
    net = play.network_at(shown)
    assert net.epoch == shown and net.fingerprint == trained(shown).fingerprint
    assert np.array_equal(net.history.loss, trained(shown).history.loss)


def test_asking_again_from_an_earlier_epoch_makes_the_same_frames_again():
    play = Play(Network(), DEFAULT_SPEED)
    first = play.next_chunk(0)
    again = Play(Network(), DEFAULT_SPEED).next_chunk(0)
    play.next_chunk(first["epochs"][-1])
    assert play.next_chunk(first["epochs"][-1]) == play.next_chunk(first["epochs"][-1])  # a repeated request
    assert play.next_chunk(0) == again == first  # the browser held less than was made: start again from there


def test_an_epoch_no_chunk_made_is_refused():
    play = Play(Network(), DEFAULT_SPEED)
    play.next_chunk(0)
    with pytest.raises(ValueError, match="is not in what this Play made"):
        play.network_at(10_000)
    with pytest.raises(ValueError, match="speed must be one of"):
        Play(Network(), 7)


def test_play_past_the_dense_history_keeps_exact_frames():
    net = trained(DENSE - 50)
    play = Play(net, 10_000)
    chunk = play.next_chunk(net.epoch)
    last = chunk["epochs"][-1]
    assert last > DENSE and chunk["loss"][-1] == trained(last).loss
    assert play.network_at(DENSE + 3).fingerprint == trained(DENSE + 3).fingerprint


def test_a_diverging_network_ends_its_chunk_at_its_last_finite_epoch():
    net = Network(rule="exact", activation="relu", learning_rate=1000.0)
    net._params = np.array([1e308, 1e308, 1e308, 1e308, -1.0])  # as tests/test_app.py: it diverges at epoch 1
    play = Play(net, 1000)
    chunk = play.next_chunk(0)
    assert chunk["end"] and play.ahead.diverged and play.ended
    assert not chunk["epochs"] or chunk["epochs"][-1] == play.ahead.epoch
    assert all(np.isfinite(chunk["loss"])) and all(np.isfinite(np.ravel(chunk["params"])))
    assert play.network_at(play.ahead.epoch).diverged  # Pause at the end keeps the divergence


@pytest.mark.parametrize("options", OPTIONS)
def test_what_the_browsers_kernel_gets_trains_on_to_the_networks_bits(options):
    """kernel_of's data, fed to the kernel itself, reaches the epochs training reaches (ui/kernel.js takes the
    same data; tests/browser/test_kernel_js.py runs it there)."""
    from nn.play import kernel_of
    net = trained(5, **options)
    before = (net.fingerprint, net.epoch, len(net.history))
    data = json.loads(json.dumps(kernel_of(net)))  # as the browser gets it
    assert (net.fingerprint, net.epoch, len(net.history)) == before
    assert data["left"] == MAX_EPOCHS - 5
    for n in (1, 10, 100, 1000):
        params = np.array(data["params"])
        loss, low, high = np.zeros(1), np.zeros(1), np.zeros(1)
        outputs, after = np.zeros((1, len(data["y"]))), np.zeros((1, len(params)))
        kernel.frames(np.array(data["X"]), np.array(data["y"]), params, data["hidden"], data["bias"],
                      data["activation"], data["rule"], data["learningRate"], 1, n, loss, low, high, outputs, after)
        then = trained(5 + n, **options)
        assert (fingerprint(params), loss[0], outputs[0].tolist()) == (then.fingerprint, then.loss,
                                                                       then.output[:, 0].tolist())


def test_a_diverged_network_has_no_epochs_left_for_the_browser():
    from nn.play import kernel_of
    net = Network(rule="exact", activation="relu", learning_rate=1000.0)
    net._params = np.array([1e308, 1e308, 1e308, 1e308, -1.0])  # it diverges at epoch 1
    net.train(1)
    assert net.diverged and kernel_of(net)["left"] == 0
