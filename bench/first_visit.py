"""A fresh server's first visit, as a teacher starting the server before class would see it.

Run: python bench/first_visit.py      (about a minute; needs Chromium)

With numba's cache for nn/kernel.py removed (a fresh clone has none), it starts `streamlit run app.py`,
opens `/` and then, on another fresh server, `/loss?epoch=1900`, and times inside the page (from
navigation start, performance.now()) the first meaningful text (the "Starting the playground…" notice or
the page itself) and the page's own heading. It also records every menu label the page ever showed: only
the pages' titles may appear, never Streamlit's menu of file names.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser.conftest import FLAGS, Server, chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

WATCH = """(() => {
  window.__firstVisit = {meaningful: null, heading: null, menu: new Set()};
  new MutationObserver(() => {
    const seen = window.__firstVisit, now = performance.now();
    const text = document.body ? document.body.innerText : '';
    if (seen.meaningful === null && /Starting the playground|Happiness Net Playground|The loss adds up/.test(text))
      seen.meaningful = now;
    if (seen.heading === null && document.querySelector('h1')) seen.heading = now;
    document.querySelectorAll('[data-testid=stSidebarNav] a')
      .forEach(a => seen.menu.add((a.querySelector('p') || a).textContent.trim()));
  }).observe(document, {subtree: true, childList: true, characterData: true});
})()"""


def clear_kernel_cache():
    """Remove numba's cache of the kernel (the files it writes beside nn/ in __pycache__)."""
    for path in (ROOT / "nn" / "__pycache__").glob("*.nb[ic]"):
        path.unlink()


def first_visit(browser, path):
    clear_kernel_cache()
    server = Server()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(WATCH)
        page = context.new_page()
        page.goto(f"{server.url}/{path}")
        page.wait_for_function("window.__firstVisit.heading !== null", timeout=120_000)
        seen = page.evaluate("({meaningful: window.__firstVisit.meaningful, heading: window.__firstVisit.heading,"
                             " menu: [...window.__firstVisit.menu]})")
        context.close()
        return seen
    finally:
        server.stop()


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        for path in ("", "loss?epoch=1900"):
            seen = first_visit(browser, path)
            menu = sorted(seen["menu"])
            print(f"/{path:16s} first meaningful text {seen['meaningful'] / 1000:5.1f} s, the page's heading "
                  f"{seen['heading'] / 1000:5.1f} s (from navigation start); menu labels seen: {menu}")
        browser.close()


if __name__ == "__main__":
    main()
