"""The live view, timed inside the page: how smoothly Play animates, what it asks of the server, how Pause
agrees, and how fast +1 paints its epoch against a bare one-button Streamlit app.

Run: python bench/live.py [seconds] [clicks]      (defaults 10 and 30; about 3 minutes; needs Chromium)

- Play, on Overview, Loss, Weights and Outputs at the default speed (60 epochs a second): distinct epochs
  painted a second, frames painted a second, and the longest still frame (the longest time the live epoch
  did not change), all from requestAnimationFrame and performance.now() inside the page; and how many
  messages the browser sent the server a second meanwhile (websocket frames, counted by the browser).
- Pause: in the frame of the click, the address's epoch against the epoch on screen; then the time until
  the server's own address (with its fingerprint) for that epoch arrives.
- +1 to the new epoch painted, Overview against bench/bare_app.py (a +1 button and a counter), the clicks
  alternating between the two, from the pointer going down to the new epoch in the page.
"""

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser.conftest import FLAGS, Server, chromium_path, wait_idle  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

WATCH = """ms => new Promise(done => {
  const el = document.querySelector('[data-live=epoch]');
  let last = el.textContent, since = null, longest = 0, frames = 0;
  const seen = new Set(), t0 = performance.now();
  const look = t => {
    frames++;
    const now = el.textContent;
    if (now !== last) { if (since !== null) longest = Math.max(longest, t - since); since = t; last = now; seen.add(now); }
    if (t - t0 < ms) requestAnimationFrame(look);
    else done({distinct: seen.size, frames, longest, seconds: (t - t0) / 1000});
  };
  requestAnimationFrame(look);
})"""

PAUSE = """() => new Promise(done => {
  document.querySelector('.hl-play').click();
  const shown = document.querySelector('[data-live=epoch]').textContent.replace(/,/g, '');
  const address = new URLSearchParams(location.search).get('epoch');
  const t0 = performance.now();
  const look = t => {
    const q = new URLSearchParams(location.search);
    if (q.get('epoch') === shown && q.get('fp')) done({shown, address, serverMs: t - t0});
    else if (t - t0 > 10000) done({shown, address, serverMs: null});
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})"""

ARM = """() => { window.__clickAt = null;
  document.addEventListener('pointerdown', () => { window.__clickAt = performance.now(); },
                            {capture: true, once: true}); }"""

PAINTED = """([selector, expected]) => {
  const el = document.querySelector(selector);
  return el && el.textContent.trim() === expected && window.__clickAt !== null
    ? performance.now() - window.__clickAt : false;
}"""


def open_at(browser, url, path=""):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{url}/{path}")
    wait_idle(page)
    return page


def play(browser, url, path, seconds):
    """Play from epoch 0 on a page for `seconds`; return the in-page figures and Pause's."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(1)))
    page.goto(f"{url}/{path}")
    wait_idle(page)
    page.wait_for_selector(".hl-figure[data-ready='1']")  # each of these pages has a live chart
    page.locator(".hl-play").click()
    page.wait_for_function("document.querySelector('[data-live=epoch]').textContent !== '0'")
    before = len(sent)
    figures = page.evaluate(WATCH, seconds * 1000)
    figures["messages"] = (len(sent) - before) / figures["seconds"]
    figures["pause"] = page.evaluate(PAUSE)
    wait_idle(page)
    figures["pause"]["after"] = page.locator("[data-live=epoch]").inner_text().replace(",", "")
    page.context.close()
    return figures


def click_to_painted(page, button, selector, clicks_done):
    """Seconds from the pointer going down on `button` to its new epoch painted in the page."""
    now = int(page.locator(selector).inner_text().replace(",", ""))
    page.evaluate(ARM)
    button.click()
    took = page.wait_for_function(PAINTED, arg=[selector, f"{now + 1:,}"], polling="raf", timeout=30_000)
    wait_idle(page)
    return took.json_value() / 1000


def main(seconds=10, clicks=30):
    servers = [Server("app.py"), Server(ROOT / "bench" / "bare_app.py")]
    try:
        playground, bare = servers
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
            results = {name: play(browser, playground.url, path, seconds)
                       for name, path in (("Overview", ""), ("Loss", "loss"), ("Weights", "weights"),
                                          ("Outputs", "outputs"))}
            ours, floor = open_at(browser, playground.url), open_at(browser, bare.url)
            ours_button = ours.locator(".hl-bar").get_by_role("button", name="+1", exact=True)
            bare_button = floor.get_by_role("button", name="+1", exact=True)
            times = {"playground": [], "bare": []}
            for i in range(clicks):
                times["playground"].append(click_to_painted(ours, ours_button, "[data-live=epoch]", i))
                times["bare"].append(click_to_painted(floor, bare_button, "[data-live=epoch]", i))
            browser.close()
    finally:
        for server in servers:
            server.stop()
    print(f"Play at the default speed, {seconds} s a page, timed inside the page:")
    for name, r in results.items():
        pause = r["pause"]
        agree = pause["address"] == pause["shown"] == pause["after"]
        server = f"{pause['serverMs']:.0f} ms" if pause["serverMs"] is not None else "never"
        print(f"  {name:9s} {r['distinct'] / r['seconds']:5.1f} epochs painted/s  {r['frames'] / r['seconds']:5.1f} frames/s"
              f"  longest still frame {r['longest']:4.0f} ms  browser->server {r['messages']:.2f} msg/s"
              f"  Pause: address = screen = server {agree} (server's address after {server})")
    bare_p50, ours_p50 = statistics.median(times["bare"]), statistics.median(times["playground"])
    print(f"+1 to the new epoch painted, p50 of {clicks} alternating clicks: Overview {ours_p50 * 1000:.0f} ms, "
          f"bare app {bare_p50 * 1000:.0f} ms: {ours_p50 / bare_p50:.2f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
