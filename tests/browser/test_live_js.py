"""ui/live.js on its own, in Chromium, with no server: the bar's state (what it paints, what it sends, when it
counts a press as answered), the player (frames in order at the chosen speed, the next chunk asked for in
time, Pause on the epoch shown) and the keyboard's shortcuts. The server's side is played by the test, with
the engine's own networks and Play's own chunks (nn/play)."""

from pathlib import Path

import pytest

from nn import Network
from nn.play import SPEEDS, Play, kernel_of

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
# What ui/live.py mounts (kernel.js, then live.js, as one module), with the parts under test handed to the page.
SOURCE = ((ROOT / "ui" / "kernel.js").read_text() + "\n" + (ROOT / "ui" / "live.js").read_text()
          + "\nwindow.live = { H, mount: (args) => (args.data.mode === 'bar' ? mountBar(args) : null), shortcut };\n")

MOUNT = """data => {
  window.sent = window.sent || [];
  const box = document.querySelector('#box');
  window.live.mount({ data, parentElement: box, setTriggerValue: (name, value) => window.sent.push([name, value]) });
}"""


@pytest.fixture
def js(browser):
    """A blank page with the live view's module and a place for one bar, as Streamlit's component gives it."""
    context = browser.new_context()
    # an address of its own (served by the test, not a network): Pause writes its epoch into the address
    context.route("http://live.test/**", lambda route: route.fulfill(
        content_type="text/html", body="<!doctype html><title>live</title>"
        "<div id='box'><div class='hl-root'></div></div><input id='typing'>"))
    page = context.new_page()
    page.goto("http://live.test/")
    page.add_script_tag(content=SOURCE, type="module")
    page.wait_for_function("() => window.live !== undefined")
    yield page
    context.close()


def numbers(net):
    return {"epoch": net.epoch, "loss": net.loss, "outputs": net.output[:, 0].tolist(), "params": net.params.tolist()}


def bar_data(net, rev=1, acted=0, session="one", play=None, **changes):
    """The bar's data as ui/live.bar sends it."""
    return {"mode": "bar", "rev": rev, "now": numbers(net), "speeds": list(SPEEDS), "speed": 60,
            "diverged": net.diverged, "busy": False, "session": session, "acted": acted, "page": "",
            "kernel": None if play else kernel_of(net), "play": play, **changes}


def shown(js):
    return js.evaluate("() => [document.querySelector('[data-live=epoch]').textContent, "
                       "document.querySelector('[data-live=loss]').textContent]")


def sent(js):
    return js.evaluate("() => window.sent.map(([name, value]) => [name, value])")


def test_the_bar_paints_the_servers_network_and_a_press_at_once_with_the_kernels_numbers(js):
    net = Network()
    net.train(7)
    js.evaluate(MOUNT, bar_data(net))
    assert shown(js) == ["7", f"{net.loss:.6f}"]
    js.click("button[data-n='10']")
    net.train(10)
    assert shown(js) == ["17", f"{net.loss:.6f}"]
    assert js.evaluate("() => window.live.H.now.params") == net.params.tolist()
    (name, value), *again = sent(js)
    assert name == "act" and {k: value[k] for k in ("do", "n")} == {"do": "train", "n": 10}
    assert all(repeat == [name, value] for repeat in again)  # sent again until taken, as the same press
    assert js.get_attribute(".hl-bar", "data-answered") == "0"  # until the server's answer is drawn


def test_a_press_counts_as_answered_only_once_the_server_has_taken_it(js):
    net = Network()
    js.evaluate(MOUNT, bar_data(net))
    js.click("button[data-n='1']")
    k = sent(js)[0][1]["k"]
    js.evaluate(MOUNT, bar_data(net, rev=1, acted=k - 1))  # drawn before the server took the press
    assert js.get_attribute(".hl-bar", "data-answered") == "0"
    assert shown(js)[0] == "1"  # the press's own epoch stays: an older drawing doesn't take it back
    net.train(1)
    js.evaluate(MOUNT, bar_data(net, rev=2, acted=k))
    assert js.get_attribute(".hl-bar", "data-answered") == "1"
    assert shown(js) == ["1", f"{net.loss:.6f}"]


def test_a_network_the_server_replaced_shows_and_a_new_session_forgets_the_old_one(js):
    net = Network()
    net.train(500)
    js.evaluate(MOUNT, bar_data(net))
    fresh = Network()
    js.evaluate(MOUNT, bar_data(fresh, rev=2))  # Reset, a file, a link: a new revision
    assert shown(js) == ["0", f"{fresh.loss:.6f}"]
    js.evaluate(MOUNT, bar_data(net, rev=1, session="two"))  # a server restarted: its revision 1 is news
    assert shown(js) == ["500", f"{net.loss:.6f}"]


def test_a_diverged_or_busy_network_turns_the_train_buttons_off(js):
    net = Network()
    js.evaluate(MOUNT, bar_data(net, busy=True))
    assert js.evaluate("() => [...document.querySelectorAll('[data-n]')].every(b => b.disabled)")
    js.evaluate(MOUNT, bar_data(net, busy=False))
    assert js.evaluate("() => [...document.querySelectorAll('[data-n]')].every(b => !b.disabled)")


def test_the_player_shows_every_frame_in_order_asks_for_the_next_chunk_in_time_and_pauses_on_the_epoch_shown(js):
    net = Network()
    player = Play(net, 60)
    chunk = player.next_chunk(0)  # two seconds of frames at 60 epochs a second
    js.evaluate(MOUNT, bar_data(net, rev=1, play={"id": 1, "chunk": chunk}))
    js.evaluate("""() => {  // every epoch the bar paints, in order
      window.painted = [];
      window.live.H.painters.add(f => window.painted.push(f.epoch));
    }""")
    last = chunk["epochs"][-1]
    js.wait_for_function("() => window.sent.some(([name]) => name === 'more')", timeout=10_000)
    more = next(value for name, value in sent(js) if name == "more")
    assert (more["play"], more["after"]) == (1, last)
    painted = js.evaluate("() => window.painted")
    assert painted and painted == sorted(painted) and painted[0] >= 1
    assert len(set(painted)) == len(painted)
    # a second before the frames held run out: at 60 epochs a second, about 60 epochs before the chunk's end
    # (a frame or a few late, should the page's frames stall)
    assert last - 61 <= more["shown"] <= last - 40
    # the next chunk, as the server answers, goes on from the last frame
    js.evaluate(MOUNT, bar_data(net, rev=1, play={"id": 1, "chunk": player.next_chunk(last)}))
    js.wait_for_function(f"() => window.live.H.index >= 0 && window.live.H.frames[window.live.H.index].epoch > {last}",
                         timeout=10_000)
    js.click(".hl-play")  # Pause
    epoch = int(shown(js)[0].replace(",", ""))
    pause = [value for name, value in sent(js) if name == "act"][-1]
    assert pause["do"] == "pause" and pause["shown"] == epoch > last
    frames = js.evaluate("() => window.live.H.frames.length")
    assert frames == 0 and js.evaluate("() => window.live.H.now.epoch") == epoch
    assert f"epoch={epoch}" in js.evaluate("() => window.location.href")
    expected = Network()
    expected.train(epoch)
    assert shown(js) == [f"{epoch:,}", f"{expected.loss:.6f}"]  # the frame on screen is the kernel's own epoch


def test_a_chunk_that_does_not_follow_the_frames_held_is_not_played(js):
    net = Network()
    player = Play(net, 60)
    first = player.next_chunk(0)
    js.evaluate(MOUNT, bar_data(net, play={"id": 1, "chunk": first}))
    held = js.evaluate("() => window.live.H.frames.length")
    assert held == len(first["epochs"])
    js.evaluate(MOUNT, bar_data(net, play={"id": 1, "chunk": first}))  # the same chunk again: nothing added
    assert js.evaluate("() => window.live.H.frames.length") == held


@pytest.mark.parametrize("key, shift, target, expected", [
    (" ", False, "body", "play"), ("ArrowRight", False, "body", "1"), ("ArrowRight", True, "body", "10"),
    (" ", True, "body", None), ("a", False, "body", None), (" ", False, "#typing", None),
    ("ArrowRight", False, "#typing", None)])
def test_the_keyboards_shortcuts_stand_for_the_bars_buttons_except_in_a_text_box(js, key, shift, target, expected):
    got = js.evaluate("""([key, shift, target]) => {
      let name;
      const el = document.querySelector(target);
      // seen first, before the page's own handler (which takes a shortcut's key from everything after it)
      window.addEventListener('keydown', e => { name = window.live.shortcut(e); }, { capture: true, once: true });
      el.dispatchEvent(new KeyboardEvent('keydown', {key, shiftKey: shift, code: key === ' ' ? 'Space' : key,
                                                     bubbles: true}));
      return name ?? null;
    }""", [key, shift, target])
    assert got == expected
