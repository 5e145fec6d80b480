"""Click-to-idle latency of +100: the playground (Overview, Loss) against a bare one-button Streamlit app.

Run: python bench/latency.py [clicks]      (about 4 minutes; needs Chromium, as the browser tests do)
Each sample is the time, measured inside the page, from the pointer going down on +100 until the new
epoch is shown and the app is idle again (Streamlit's own idiom: connected, script notRunning), all
in one browser.

The ratios are against the bare app as stock Streamlit runs it. The target names Overview and Loss;
Weights, Outputs and By hand are measured too, so their figures are known. The last line is for
reference: the same bare app given the playground's one-time gc.freeze (bench/bare_app_frozen.py),
which shows how much of the floor is Streamlit's after-run garbage collection (bench/gc_pause.py).
"""

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser.conftest import FLAGS, Server, chromium_path, metric, start_training, wait_idle  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

ARM = """() => { window.__clickAt = null;
  document.addEventListener('pointerdown', () => { window.__clickAt = performance.now(); },
                            {capture: true, once: true}); }"""

DONE = """(expected) => {
  const app = document.querySelector("[data-testid='stApp']");
  const epoch = [...document.querySelectorAll("[data-testid='stMetric']")]
    .find(m => m.querySelector("[data-testid='stMetricLabel']")?.innerText.trim() === 'Epoch');
  const shown = epoch?.querySelector("[data-testid='stMetricValue']")?.innerText.trim();
  const idle = app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning';
  return shown === expected && idle && window.__clickAt !== null ? performance.now() - window.__clickAt : false;
}"""


def epoch_value(page):
    return metric(page, "Epoch")


def p50_click(page, clicks):
    """Median seconds from the pointer going down on +100 to the new epoch shown with the app idle.

    Timed inside the page (performance.now(), checked every animation frame), so the test
    driver's own polling adds nothing.
    """
    button = page.get_by_role("button", name="+100", exact=True)
    samples = []
    for _ in range(clicks):
        now = int(epoch_value(page).inner_text().replace(",", ""))
        page.evaluate(ARM)
        button.click()
        took = page.wait_for_function(DONE, arg=f"{now + 100:,}", polling="raf", timeout=30_000).json_value()
        samples.append(took / 1000)
        wait_idle(page)
    return statistics.median(samples)


def open_at(browser, url, path=""):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{url}/{path}")
    wait_idle(page)
    return page


def train_a_million(page):
    start_training(page, 1_000_000)
    expect(epoch_value(page)).to_have_text("1,000,000", timeout=300_000)
    wait_idle(page)


def measure(page, clicks):
    """p50_click, then close the page's context, so no idle tab shares the browser with the next one."""
    try:
        return p50_click(page, clicks)
    finally:
        page.context.close()


def main(clicks=25):
    servers = []
    try:
        for script in ("app.py", ROOT / "bench" / "bare_app.py", ROOT / "bench" / "bare_app_frozen.py"):
            servers.append(Server(script))
        playground, bare, frozen = servers
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
            results = {}
            bare_page = open_at(browser, bare.url)
            results["bare app"] = p50_click(bare_page, clicks)
            for label, path in (("Overview", ""), ("Loss", "loss")):
                results[f"playground {label}"] = measure(open_at(browser, playground.url, path), clicks)
            for label, path in (("Overview", ""), ("Loss", "loss")):
                page = open_at(browser, playground.url, path)
                train_a_million(page)
                results[f"playground {label}, after 1,000,000 epochs"] = measure(page, clicks)
            results["bare app (again)"] = p50_click(bare_page, clicks)
            for label, path in (("Weights", "weights"), ("Outputs", "outputs"), ("By hand", "by_hand")):
                results[f"beyond the target: {label}"] = measure(open_at(browser, playground.url, path), clicks)
            results["reference: bare app with the same gc.freeze"] = measure(open_at(browser, frozen.url), clicks)
            browser.close()
    finally:
        for server in servers:
            server.stop()
    floor = statistics.mean([results["bare app"], results["bare app (again)"]])
    print(f"p50 click-to-idle on +100, {clicks} clicks each:")
    for label, seconds in results.items():
        print(f"  {label:48s} {seconds * 1000:7.0f} ms   {seconds / floor:4.2f}x the bare app")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
