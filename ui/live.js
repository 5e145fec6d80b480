// The live view (ui/live.py): the training bar, and charts that move with Play, at the screen's rate.
//
// One player per browser tab (window.__happinessLive) holds Play's frames: each is one real epoch with the
// kernel's own numbers (epoch, loss, each person's output, every weight, and the lowest and highest loss since
// the frame before). The bar asks the server for chunks of frames and shows them at the chosen speed; every
// live chart mounted on the page paints the same frame. Nothing is interpolated. The server's numbers arrive
// as JSON, which keeps every double exact.

const H = (window.__happinessLive ||= {
  session: null, rev: null, now: null, playId: null, frames: [], played: [], index: -1, clock: null,
  speed: 60, ended: false, asked: null, askedAt: 0, raf: 0, send: null, nonce: 0, painters: new Set(),
  plotly: null, starting: false, kernel: null,  // kernel: the network as the browser trains it (learnNetwork)
  tab: Math.random().toString(36).slice(2),  // with nonce, names each press: the server takes each once
});

const FILL = "rgba(37,99,235,0.25)";
const POSITIVE = "#2563eb", NEGATIVE = "#dc2626";
const KEEP_FULL = 600;       // frames behind the one shown that keep their outputs and weights
const MAX_LIVE_POINTS = 4000; // points a live loss line grows to before every other one is merged away
const ASK_AHEAD_MS = 1000;    // ask for the next chunk when less than this much animation is left
const RETRY_MS = 2500;        // ask again if no chunk came in this long (a lost answer)

const epochText = (e) => e.toLocaleString("en-US");
const lossText = (l) => l.toFixed(6);

// The live view's messages go to the server one at a time, in the order they were made. Each waits until
// no run of the app is in progress (Streamlit's own data-test-script-state attribute on the app says so),
// nor for a moment after a click, a key or Back elsewhere on the page, whose run may not show yet; and
// until the run of the message before it has begun and ended. So no message overtakes another, none joins
// another's run, and none lands in a page switch or a form's run.
// A click on a link to another page (or Back) holds them until the bar is drawn for that page: Streamlit
// folds a run asked for while a page switch is pending into it, with the page of the later request, so a
// press sent before the new page's run has begun would take the learner back to the page they left. (The
// address is no sign: Streamlit changes it before that run begins.)
const HOLD_MS = 400;      // after a click, a key or Back elsewhere on the page, the run it asks for may not show yet
const PAGE_SWITCH_MS = 5000;  // the longest a page switch holds them, should that page never be drawn
const RUN_SHOWS_MS = 1500;  // a message's run that hasn't shown in this long went by unseen: the next one goes
const QUIET_MS = 300;     // a press not yet answered, with no run for this long after its own, was dropped
const SEND_TRIES = 5;     // times a press is sent before the bar gives up on the server taking it
if (!H.holding) {
  H.holding = true;
  H.heldUntil = 0;
  H.pageTo = null;   // the address of the page a link or Back asked for, until the bar is drawn for it
  H.page = null;     // the page the bar was last drawn for (its url path, "" for the first page)
  H.queue = [];
  H.pumping = false;
  H.acked = 0;  // the last press the server has taken (its number in this tab)
  const switchTo = (pathname) => {
    H.pageTo = pathname;
    H.heldUntil = performance.now() + PAGE_SWITCH_MS;
  };
  const hold = (event) => {
    if (event.target instanceof Element && event.target.closest(".hl-bar")) return;
    H.heldUntil = Math.max(H.heldUntil, performance.now() + HOLD_MS);
    const link = event.type === "click" && event.target instanceof Element ? event.target.closest("a[href]") : null;
    const to = link ? new URL(link.href, window.location.href) : null;
    if (to && to.origin === window.location.origin && to.pathname !== window.location.pathname) switchTo(to.pathname);
  };
  const holdUnlessShortcut = (event) => {  // a key the bar takes holds nothing; any other marks the focus's way
    if (event.type === "keydown") {
      if (shortcut(event) !== null) return;
      H.input = "key";
    }
    hold(event);
  };
  for (const type of ["click", "keydown", "submit"]) document.addEventListener(type, holdUnlessShortcut, true);
  window.addEventListener("popstate", () => switchTo(window.location.pathname));
  // how the focus got where it is: a control clicked or tapped keeps it, but Space there still plays
  document.addEventListener("pointerdown", () => { H.input = "pointer"; }, true);
  document.addEventListener("focusin", () => { H.focusByPointer = H.input === "pointer"; }, true);
  document.addEventListener("keydown", onShortcut, true);
  document.addEventListener("keyup", (event) => {  // a Space taken as Play must not also press a button
    if (H.spaceTaken && (event.key === " " || event.code === "Space")) { event.preventDefault(); H.spaceTaken = false; }
  }, true);
}

// --- the keyboard: Space plays and pauses, → trains 1 epoch, Shift+→ trains 10 ----------------------------
// Not while focus is in something that uses the key itself: a text box, a list, a slider, a grid, radio
// buttons or tabs, (for →) a region that scrolls, or (for Space) a control reached with Tab, which Space
// presses as it always does.
const TYPING = "input, textarea, select, [contenteditable]:not([contenteditable=false]), [role=textbox], "
  + "[role=combobox], [role=listbox], [role=option], [role=slider], [role=spinbutton], [role=radiogroup], "
  + "[role=radio], [role=tablist], [role=tab], [role=menu], [role=menuitem], [role=grid], [role=dialog], "
  + "[data-testid=stDataFrame], [data-testid=stDataFrameResizable], .js-plotly-plot";
const PRESSABLE = "button, a[href], summary, label, [role=button], [role=checkbox], [role=switch], [role=link]";
const SCROLLED = ".hl-scrolls, .katex-display";  // → scrolls a region that holds the focus

function shortcut(event) {
  // The bar's button a key stands for ("play", "1" or "10"), or null.
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  const space = event.key === " " || event.code === "Space";
  const name = space && !event.shiftKey ? "play" : event.key === "ArrowRight" ? (event.shiftKey ? "10" : "1") : null;
  const at = event.target instanceof Element ? event.target : null;
  if (name === null || (at && at.closest(TYPING))) return null;
  if (space && at && at.closest(PRESSABLE) && !H.focusByPointer) return null;  // reached with Tab: Space presses it
  if (!space && at && at.closest(SCROLLED)) return null;
  return name;
}

function onShortcut(event) {
  const name = shortcut(event);
  if (name === null) return;
  event.preventDefault();  // Space would scroll the page, → scroll it sideways
  event.stopPropagation();
  if (name === "play") H.spaceTaken = true;
  if (name === "play" && event.repeat) return;  // a held Space plays or pauses once
  const button = document.querySelector(name === "play" ? ".hl-bar .hl-play" : `.hl-bar [data-n="${name}"]`);
  if (!button || button.disabled) {
    announce(button ? "The network can't train now." : "");
    return;
  }
  button.classList.add("hl-keyed");
  setTimeout(() => button.classList.remove("hl-keyed"), 150);
  if (name !== "play") H.sayAt = shownEpoch() + Number(name);  // said once the bar shows that epoch
  button.click();
  if (name === "play") announce(H.playId !== null || H.starting ? "Playing." : `Paused at epoch ${epochText(shownEpoch())}.`);
}

function announce(text) {
  // Say it to a screen reader (the bar's status line, which is not seen).
  const status = document.querySelector(".hl-bar .hl-status");
  if (!status) return;
  status.textContent = "";
  if (text) setTimeout(() => { status.textContent = text; }, 30);  // a repeat of the same words is said again
}

// --- regions that scroll: By hand's formulas and tables wider than a phone, a long list of people ---------
// Each takes the keyboard's focus (or keyboard users couldn't scroll it: axe's scrollable-region-focusable),
// is named for screen readers, and shows a shadow on the side that has more (live.css, .hl-scrolls). A
// formula takes the focus whether it scrolls or not, from the moment it is drawn (it may scroll once its
// font has come).
const SCROLLERS = ".katex-display, [data-testid=stTable] > div, .hl-table-box";

function watchScrolling() {
  let queued = false;
  const watched = new WeakSet();
  const sizes = new ResizeObserver(() => soon());  // a box, or what it holds, changed size (a font came, say)
  const look = () => {
    queued = false;
    for (const e of document.querySelectorAll(SCROLLERS)) {
      const formula = e.matches(".katex-display");
      if (!watched.has(e)) {
        watched.add(e);
        sizes.observe(e);
        if (e.firstElementChild) sizes.observe(e.firstElementChild);
        if (formula) { e.tabIndex = 0; e.setAttribute("role", "group"); }
      }
      const style = getComputedStyle(e);
      const scrolls = (e.scrollWidth > e.clientWidth + 1 && /auto|scroll/.test(style.overflowX))
        || (e.scrollHeight > e.clientHeight + 1 && /auto|scroll/.test(style.overflowY));
      const label = `${formula ? "Formula" : "Table"}${scrolls ? ", larger than its box: scroll for the rest" : ""}`;
      if (e.getAttribute("aria-label") === label) continue;
      e.classList.toggle("hl-scrolls", scrolls);
      e.setAttribute("aria-label", label);
      if (formula) continue;
      if (scrolls) { e.tabIndex = 0; e.setAttribute("role", "region"); }
      else { e.removeAttribute("tabindex"); e.removeAttribute("role"); e.removeAttribute("aria-label"); }
    }
  };
  const soon = () => { if (!queued) { queued = true; requestAnimationFrame(look); } };
  // at once when such a region is drawn (a Play frame's new text is passed over), else at the next frame
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && (n.matches(SCROLLERS) || n.querySelector(SCROLLERS))) { look(); return; }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", soon);
  if (document.fonts) document.fonts.addEventListener("loadingdone", soon);
  look();
}

function drawnFor(pathname) {
  // Is the bar drawn for the page at this address? ("/tour" or "/base/tour" for "tour"; "/" or "/base/" for "")
  return H.page !== null && pathname.endsWith(`/${H.page}`);
}

function heldFor() {
  // How long the messages still wait: until the page a link or Back asked for is drawn, else a moment
  // after a click.
  if (H.pageTo !== null && drawnFor(H.pageTo)) {
    H.pageTo = null;
    H.heldUntil = 0;  // that page's run has begun: it is waited for as any other run in progress
  }
  const held = H.heldUntil - performance.now();
  if (held <= 0) H.pageTo = null;
  return H.pageTo !== null ? Math.min(held, 50) : held;  // a page switch: look again soon
}

function scriptState() {
  const app = document.querySelector("[data-testid=stApp]");
  return app === null ? null : app.getAttribute("data-test-script-state");
}

function whenIdle(message) {
  H.queue.push(message);
  if (!H.pumping) pump();
}

function pump() {
  // Send the first message waiting, once nothing holds it; then wait for its run before the next one.
  H.pumping = true;
  const held = heldFor();
  if (!H.queue.length) { H.pumping = false; return; }
  if (held > 0) { setTimeout(pump, held); return; }
  if (scriptState() === "running") { afterRun(false, pump); return; }
  const message = H.queue.shift();
  message.send();
  message.tries += 1;
  afterRun(true, () => (message.k === undefined ? pump() : confirm(message, performance.now() + QUIET_MS)));
}

function confirm(message, until) {
  // A press whose run was cut short before the server took it goes again, before any other: Streamlit
  // drops a run asked for while another part of the page (a page link, a form) starts a run of the whole
  // app. It counts as taken once the bar shows the server's answer; a press that trains runs the whole app
  // after its own run, so a run that begins within QUIET_MS is waited for too. The server counts each
  // press once (its tab and number), so a press sent twice trains once.
  if (H.acked >= message.k) { pump(); return; }
  if (scriptState() === "running") { afterRun(false, () => confirm(message, performance.now() + QUIET_MS)); return; }
  if (performance.now() < until) { setTimeout(() => confirm(message, until), 25); return; }
  if (message.tries < SEND_TRIES) H.queue.unshift(message);
  pump();
}

function afterRun(sent, then) {
  // Call then() once the app's run in progress ends, or, just after a message was sent, once its run has
  // begun and ended (or shown no sign within RUN_SHOWS_MS: a run too quick to see, or none at all).
  const app = document.querySelector("[data-testid=stApp]");
  let begun = scriptState() === "running", done = false;
  const finish = () => {
    if (done) return;
    done = true; observer.disconnect(); clearTimeout(timer); then();
  };
  const observer = new MutationObserver(() => {
    if (scriptState() === "running") begun = true;
    else if (begun || !sent) finish();
  });
  const timer = setTimeout(finish, sent ? RUN_SHOWS_MS : 60_000);
  if (app) observer.observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
  else finish();
}

function trigger(name, value) {
  const payload = { ...value, tab: H.tab, k: ++H.nonce };
  if (name === "act") {
    H.lastAct = payload.k;
    const bar = document.querySelector(".hl-bar");
    if (bar) bar.dataset.answered = "0";  // until the server's answer to this press is drawn (tests wait on it)
  }
  whenIdle({ send: () => { if (H.send) H.send(name, payload); }, k: name === "act" ? payload.k : undefined, tries: 0 });
}

function shownEpoch() {
  const f = H.frames[H.index];
  return f ? f.epoch : H.now ? H.now.epoch : 0;
}

function current() {
  return H.frames[H.index] || H.now;
}

function paintAll(frame, fresh) {
  for (const paint of H.painters) {
    try { paint(frame, fresh); } catch (err) { console.error("live view:", err); }
  }
}

// --- the player ------------------------------------------------------------------------------
function stopPlayer() {
  H.playId = null; H.frames = []; H.played = []; H.index = -1; H.clock = null; H.ended = false;
  H.asked = null; H.starting = false;
  if (H.raf) cancelAnimationFrame(H.raf);
  H.raf = 0;
}

function addChunk(chunk) {
  const last = H.frames.length ? H.frames[H.frames.length - 1].epoch : H.now.epoch;
  if (!chunk || chunk.start !== last || !chunk.epochs.length && !chunk.end) return;
  chunk.epochs.forEach((epoch, f) => H.frames.push({
    epoch, loss: chunk.loss[f], low: chunk.low[f], high: chunk.high[f],
    outputs: chunk.outputs[f], params: chunk.params[f],
  }));
  H.ended = chunk.end;
  H.asked = null;
}

function tick(t) {
  H.raf = requestAnimationFrame(tick);
  if (!H.frames.length) return;
  if (!H.clock) H.clock = { t0: t, e0: H.index >= 0 ? H.frames[H.index].epoch : H.now.epoch };
  let pos = H.clock.e0 + ((t - H.clock.t0) * H.speed) / 1000;
  const before = H.index;
  while (H.index + 1 < H.frames.length && H.frames[H.index + 1].epoch <= pos) H.index++;
  const last = H.frames[H.frames.length - 1];
  if (pos > last.epoch) {
    if (H.ended) {
      paintShown(before);
      pause();
      return;
    }
    H.clock = { t0: t, e0: last.epoch }; // waiting for the next chunk: the picture holds, then goes on smoothly
    pos = last.epoch;
  }
  paintShown(before);
  const left = ((last.epoch - pos) / H.speed) * 1000;
  if (!H.ended && left < ASK_AHEAD_MS && (H.asked !== last.epoch || t - H.askedAt > RETRY_MS)) {
    H.asked = last.epoch; H.askedAt = t;
    trigger("more", { play: H.playId, after: last.epoch, shown: shownEpoch() });
  }
}

function paintShown(before) {
  if (H.index === before || H.index < 0) return;
  const fresh = H.frames.slice(before + 1, H.index + 1);
  H.played.push(...fresh.map(({ epoch, loss, low, high }) => ({ epoch, loss, low, high })));
  const drop = H.index - KEEP_FULL;
  if (drop > 0) {  // old frames keep their loss for the charts, not every output and weight
    H.frames.splice(0, drop);
    H.index -= drop;
  }
  paintAll(H.frames[H.index], fresh);
}

function pause() {
  const shown = shownEpoch();
  const f = current();
  if (H.raf) cancelAnimationFrame(H.raf);
  H.raf = 0; H.clock = null;
  const wasPlaying = H.playId !== null || H.starting;
  if (f) H.now = { epoch: f.epoch, loss: f.loss, outputs: f.outputs, params: f.params };
  stopPlayer();  // the bar and the charts keep the frame on screen
  try {  // the address holds the epoch on screen at once; the server rewrites the whole address next
    const url = new URL(window.location.href);
    if (url.searchParams.get("epoch") !== String(shown)) {
      url.searchParams.set("epoch", String(shown));
      url.searchParams.delete("fp");
      url.searchParams.delete("v");
      window.history.replaceState(window.history.state, "", url);
    }
  } catch (err) { console.error("live view:", err); }
  if (wasPlaying) trigger("act", { do: "pause", shown });
}

// --- the bar -----------------------------------------------------------------------------------
// A press trains in the browser too: the bar's data carries the network as the kernel needs it
// (nn/play.kernel_of), and ui/kernel.js trains it with the very bits the server's training reaches, so the
// press's epoch paints at once, each of several quick presses included, while the server trains it as well.
function learnNetwork(data) {
  H.kernel = data.kernel ? { net: HappinessKernel.network(data.kernel), epoch: data.now.epoch,
    left: data.kernel.left } : null;
}

function trainHere(n) {
  // Return the network's numbers n epochs on from the epoch on the bar, or null if the browser can't tell
  // (no network to train, another epoch on the bar, or the network would diverge or pass its last epoch)
  const k = H.kernel;
  if (!k || !H.now || k.epoch !== H.now.epoch || n > k.left) return null;
  const result = HappinessKernel.train(k.net, n);
  if (result.diverged) { H.kernel = null; return null; }  // the server says where it stopped
  k.epoch += n; k.left -= n;
  return { epoch: k.epoch, loss: result.loss, outputs: Array.from(k.net.scratch.output),
    params: Array.from(k.net.params) };
}

function buildBar(root, data) {
  root.innerHTML = "";
  const bar = document.createElement("div");
  bar.className = "hl-bar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Train the network");
  const train = document.createElement("div");
  train.className = "hl-group";
  for (const n of [1, 10, 100, 1000]) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "hl-button"; b.dataset.n = String(n);
    b.textContent = `+${n}`;
    b.title = `Train ${epochText(n)} more epoch${n > 1 ? "s" : ""}`
      + (n === 1 ? " (key: →)" : n === 10 ? " (key: Shift+→)" : "");
    if (n === 1) b.setAttribute("aria-keyshortcuts", "ArrowRight");
    if (n === 10) b.setAttribute("aria-keyshortcuts", "Shift+ArrowRight");
    b.onclick = () => {
      const next = H.playId === null && !H.starting ? trainHere(n) : null;
      if (next) {  // the new epoch shows at once
        H.now = next;
        if (H.barPainter) H.barPainter(next);  // the charts follow when the server draws the page
      }
      trigger("act", { do: "train", n, shown: shownEpoch() });
    };
    train.append(b);
  }
  const play = document.createElement("button");
  play.type = "button"; play.className = "hl-button hl-play";
  play.setAttribute("aria-keyshortcuts", "Space");
  play.onclick = () => {
    if (H.playId !== null || H.starting) { pause(); setPlaying(root, false); return; }
    H.starting = true; setPlaying(root, true);
    trigger("act", { do: "play" });
  };
  const speedLabel = document.createElement("label");
  speedLabel.className = "hl-speed";
  const speedWord = document.createElement("span");
  speedWord.textContent = "Speed";
  const select = document.createElement("select");
  select.setAttribute("aria-label", "Play speed, in epochs a second");
  for (const s of data.speeds) {
    const o = document.createElement("option");
    o.value = String(s); o.textContent = `${epochText(s)} epoch${s > 1 ? "s" : ""}/s`;
    select.append(o);
  }
  select.onchange = () => {
    const speed = Number(select.value);
    H.speed = speed;
    if (H.playId !== null) {  // go on at the new speed from the epoch on screen (the server makes new frames)
      const shown = shownEpoch();
      const f = current();
      H.now = { epoch: f.epoch, loss: f.loss, outputs: f.outputs, params: f.params };
      stopPlayer(); H.starting = true;
      trigger("act", { do: "speed", speed, shown });
    } else {
      trigger("act", { do: "speed", speed });
    }
  };
  speedLabel.append(speedWord, select);
  const now = document.createElement("div");
  now.className = "hl-now";
  now.setAttribute("aria-live", "off");
  now.innerHTML = "<span class='hl-label'>Epoch</span><strong class='hl-value' data-live='epoch'></strong>"
    + "<span class='hl-label'>Loss</span><strong class='hl-value' data-live='loss'></strong>";
  const status = document.createElement("div");  // what a key did, said to screen readers (not seen)
  status.className = "hl-status";
  status.setAttribute("role", "status");
  bar.append(train, play, speedLabel, now, status);
  root.append(bar);
  root.dataset.built = "bar";
}

function setPlaying(root, playing) {
  const play = root.querySelector(".hl-play");
  if (!play) return;
  play.textContent = playing ? "❚❚ Pause" : "▶ Play";
  play.setAttribute("aria-pressed", playing ? "true" : "false");
  play.title = (playing ? "Pause on the epoch on screen" : "Keep training on its own until you press Pause")
    + " (key: Space)";
}

function follow(root, data, paintBar) {
  // The server's answer to the learner's last press, or news of its own: show its network and its Play.
  if (data.rev !== H.rev) {  // the server's network changed (a press, Reset, a file, a link): show it
    H.rev = data.rev;
    learnNetwork(data);
    if (!data.play || data.play.id !== H.playId) {
      H.now = data.now;
      if (!data.play) stopPlayer();
      paintBar(H.now);  // the charts get the new network with the page's redraw
    }
  }
  if (data.play) {
    if (data.play.id !== H.playId) {
      stopPlayer(); H.playId = data.play.id; H.now = data.now; H.speed = data.play.chunk ? data.play.chunk.speed : H.speed;
    }
    addChunk(data.play.chunk);
    if (!H.raf) H.raf = requestAnimationFrame(tick);
  } else if (H.playId !== null && !H.starting) {
    stopPlayer();
    H.now = data.now;
    paintBar(H.now);
  } else if (H.starting) {  // follow() sees only answers to the last press: this one said no Play
    H.starting = false;  // the server answered the press without a Play (it can't train now)
  }
}

function mountBar({ data, parentElement, setTriggerValue }) {
  const root = parentElement.querySelector(".hl-root");
  if (root.dataset.built !== "bar") buildBar(root, data);
  H.send = setTriggerValue;
  if (H.session !== data.session) {  // a new session (the server restarted): nothing of the old one holds
    stopPlayer(); H.session = data.session; H.rev = null; H.lastAct = 0;
  }
  H.acked = data.acted || 0;
  if (H.page !== null && H.page !== data.page && !window.location.hash) {  // another page opens at its top
    const main = document.querySelector("[data-testid=stMain]");
    if (main) main.scrollTop = 0;
  }
  H.page = data.page;
  if (!H.watching) { H.watching = true; watchScrolling(); }
  root.dataset.session = data.session;  // which session drew the bar (tests see a reconnected tab's new one)
  const epochEl = root.querySelector("[data-live=epoch]"), lossEl = root.querySelector("[data-live=loss]");
  const paintBar = (f) => {
    epochEl.textContent = epochText(f.epoch);
    lossEl.textContent = lossText(f.loss);
    if (H.sayAt === f.epoch) {  // a key's press has shown: say where it got to
      H.sayAt = null;
      announce(`Epoch ${epochText(f.epoch)}, loss ${lossText(f.loss)}.`);
    }
  };
  H.painters.delete(H.barPainter);
  H.barPainter = paintBar;
  H.painters.add(paintBar);

  const select = root.querySelector("select");
  if (H.playId === null && !H.starting) H.speed = data.speed;
  select.value = String(H.speed);
  for (const b of root.querySelectorAll("[data-n]")) b.disabled = data.diverged || data.busy;
  root.querySelector(".hl-play").disabled = (data.diverged || data.busy) && H.playId === null;

  // Data the server drew before it took the learner's last press (Play's frames asked for just before a
  // Pause, say) must not start that Play again or show an older epoch: the press's own answer follows.
  const answered = H.acked >= (H.lastAct || 0);
  if (answered) follow(root, data, paintBar);
  root.querySelector(".hl-bar").dataset.answered = answered ? "1" : "0";
  setPlaying(root, H.playId !== null || H.starting);
  if (!H.frames.length) paintBar(H.now);
  return () => { H.painters.delete(paintBar); };
}

// --- what this browser remembers between visits (ui/live.py browser_store) --------------------------
const STORE_PREFIX = "happiness-net-playground.";
const STORED = ["kept", "solved", "member", "teacher"];

// A teacher link's secret rides after # (#teach=...): no request, and so no Referer, ever carries it. The
// app rewrites the address at its first run, so it is read from the page load's own entry, once a load.
function openedTeacherLink() {
  if (H.teachTaken) return null;
  H.teachTaken = true;
  const entry = (performance.getEntriesByType("navigation")[0] || {}).name || window.location.href;
  const hash = new URL(entry).hash;
  const found = /^#teach=([A-Za-z0-9_-]{10,100})$/.exec(hash);
  if (window.location.hash) window.history.replaceState(window.history.state, "", window.location.href.split("#")[0]);
  return found ? found[1] : null;
}

// A tab whose connection dropped (its server process ended, say) and came back has a new session, which
// Streamlit does not run until something asks: the page would stay as it was, and a press of the bar (a
// fragment the new session hasn't made) would be dropped. So once the tab is connected again, the store asks
// for a run of the whole app; the new session rebuilds the run from the address and takes back what the
// browser kept.
if (!H.watchingConnection) {
  H.watchingConnection = true;
  let lost = false;
  const look = () => {
    const app = document.querySelector("[data-testid=stApp]");
    const state = app ? app.getAttribute("data-test-connection-state") : null;
    if (state && state !== "CONNECTED") lost = true;
    else if (state === "CONNECTED" && lost) {
      lost = false;
      if (H.storeSend) H.storeSend("reconnected", Date.now());
    }
  };
  new MutationObserver(look).observe(document.body, {
    attributes: true, subtree: true, attributeFilter: ["data-test-connection-state"] });
}

function mountStore({ data, setTriggerValue }) {
  // Once a session, hand the server what this browser kept before; after that, keep what it holds. A
  // browser that kept nothing (and opened no teacher link) has nothing to hand back, and sends nothing.
  H.storeSend = setTriggerValue;
  if (H.storeRead !== data.session) {
    H.storeRead = data.session;
    H.storeBack = {};
    H.storeEmpty = true;
    for (const name of STORED) {
      try {
        H.storeBack[name] = JSON.parse(window.localStorage.getItem(STORE_PREFIX + name) || "null");
      } catch (err) {
        H.storeBack[name] = "unreadable";  // the server says so, and keeps nothing of it
      }
      if (H.storeBack[name] !== null) H.storeEmpty = false;
    }
    const teach = openedTeacherLink();
    if (teach) {
      H.storeBack.teach = teach;
      H.storeEmpty = false;
    }
  }
  const cookie = data.browser;  // this browser's id, for the class's limits (a year; sent to this server only)
  if (cookie && !document.cookie.split("; ").includes(`${cookie.name}=${cookie.value}`)) {
    document.cookie = `${cookie.name}=${cookie.value}; path=/; max-age=31536000; SameSite=Strict`;
  }
  // The hand-back is sent at once, while the session's first run draws (before the learner can click
  // anything), not queued behind a click: sent just after a click on another page's link, it could run the
  // old page again. Should it be lost, it is sent again on a later run (the server takes only the first).
  if (!data.restored && !H.storeEmpty) {
    const now = performance.now();
    if (H.storeAsked === data.session && now - H.storeAskedAt < 3000) return;
    H.storeAsked = data.session;
    H.storeAskedAt = now;
    setTriggerValue("restore", H.storeBack);
    return;
  }
  for (const [name, value] of Object.entries(data.items || {})) {
    const text = JSON.stringify(value);
    try {
      if (window.localStorage.getItem(STORE_PREFIX + name) !== text) window.localStorage.setItem(STORE_PREFIX + name, text);
    } catch (err) {
      console.error("browser store:", err);  // storage full or refused: it stays for this visit
    }
  }
}

// --- live charts -------------------------------------------------------------------------------
function loadPlotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!H.plotly) {
    H.plotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { H.plotly = null; reject(new Error("plotly.min.js did not load")); };
      document.head.append(script);
    });
  }
  return H.plotly;
}

const CONFIG = { displayModeBar: false, responsive: true };
const CHART_SHARE = 3;  // a chart redraws at most once per CHART_SHARE times its last redraw's cost

function throttled(paint) {
  // A chart's redraw grows with its points (a long loss curve takes tens of ms); the bar's epoch and loss
  // must still change at every frame. So a chart redraws only once the time since its last redraw is
  // CHART_SHARE times what that redraw cost, with every frame that came meanwhile (none is lost).
  let cost = 0, last = -Infinity, frame = null, fresh = [];
  return (f, more) => {
    frame = f; fresh.push(...more);
    const now = performance.now();
    if (now - last < CHART_SHARE * cost) return;
    paint(frame, fresh);
    fresh = [];
    last = now; cost = performance.now() - now;
  };
}
const TYPED = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array, i2: Int16Array,
                u2: Uint16Array, i1: Int8Array, u1: Uint8Array };

function plainArray(v) {
  // plotly's JSON keeps long numeric arrays as base64 ({dtype, bdata}); a line that grows needs a plain array
  if (!v || Array.isArray(v) || !v.bdata || !TYPED[v.dtype]) return v;
  const bytes = Uint8Array.from(atob(v.bdata), (c) => c.charCodeAt(0));
  return Array.from(new TYPED[v.dtype](bytes.buffer));
}

function lossPainter(Plotly, div, spec, since) {
  const data = spec.data.map((t) => ({ ...t, x: plainArray(t.x), y: plainArray(t.y) }));
  let line = data.findIndex((t) => t.name === "this run");
  if (line < 0) line = data.length;  // no line of this run yet: the live one is added after the rest
  const edge = { type: "scatter", mode: "lines", x: [], y: [], line: { width: 0, color: POSITIVE },
                 hoverinfo: "skip", showlegend: false, cliponaxis: false };
  const own = line < data.length ? [] : [{ ...edge, name: "this run", line: { width: 2, color: POSITIVE } }];
  const traces = [...data.slice(0, line), { ...edge, name: "live high" },
                  { ...edge, name: "live low", fill: "tonexty", fillcolor: FILL }, ...data.slice(line), ...own];
  const lineAt = line + 2, hi = line, lo = line + 1;
  let count = 0;
  Plotly.react(div, traces, spec.layout, CONFIG);
  const add = (frames) => {
    const news = frames.filter((f) => f.epoch > since);
    if (!news.length) return;
    since = news[news.length - 1].epoch;
    Plotly.extendTraces(div, {
      x: [news.map((f) => f.epoch), news.map((f) => f.epoch), news.map((f) => f.epoch)],
      y: [news.map((f) => f.high), news.map((f) => f.low), news.map((f) => f.loss)],
    }, [hi, lo, lineAt]);
    count += news.length;
    if (count > MAX_LIVE_POINTS) count = thin(Plotly, div, hi, lo);
  };
  add(H.played);
  return (frame, fresh) => add(fresh);
}

function thin(Plotly, div, hi, lo) {
  // Merge every two live band points (lowest of the lows, highest of the highs); the line keeps every
  // other real frame. What the chart shows stays exact numbers; it only keeps fewer of them.
  const g = div.data;
  const pairs = (arr, f) => arr.filter((_, i) => i % 2 === 1 || i === arr.length - 1).map((v, j) => f(arr, j, v));
  const x = pairs(g[hi].x, (a, j, v) => v);
  const high = pairs(g[hi].y, (a, j) => Math.max(a[2 * j], a[Math.min(2 * j + 1, a.length - 1)]));
  const low = pairs(g[lo].y, (a, j) => Math.min(a[2 * j], a[Math.min(2 * j + 1, a.length - 1)]));
  Plotly.restyle(div, { x: [x, x], y: [high, low] }, [hi, lo]);
  return x.length;
}

function outputsPainter(Plotly, div, spec) {
  Plotly.react(div, spec.data, spec.layout, CONFIG);
  return (frame) => {
    if (!frame.outputs) return;
    const layout = {};  // the values' row (ui/figures.outputs_vs_truth), when there is one
    (spec.layout.annotations || []).forEach((a, i) => {
      if (a.name === "output value") layout[`annotations[${i}].text`] = `output ${frame.outputs[i].toFixed(3)}`;
    });
    Plotly.update(div, { y: [frame.outputs] }, layout, [0]);
  };
}

function diagramPainter(Plotly, div, spec, data) {
  // ui/figures.network_diagram, drawn again for each frame's weights: the same widths, colours and labels.
  Plotly.react(div, spec.data, spec.layout, CONFIG);
  const h = data.hidden, edges = 5 * h, notes = spec.layout.annotations || [];
  const labelled = notes.filter((a) => a.name === "edge").length === edges;
  const hiddenLabel = [...Array(h).keys()].map((k) => notes.findIndex((a) => a.name === `hidden ${k}`));
  const names = spec.data.slice(0, edges).map((t) => t.name);
  const features = spec.data[edges].text.slice(0, 4 + h);
  return (frame) => {
    if (!frame.params) return;
    const w = frame.params.slice(0, edges);
    const biggest = Math.max(...w.map(Math.abs)) || 1;
    const update = {
      "line.width": w.map((v) => 1 + (9 * Math.abs(v)) / biggest),
      "line.color": w.map((v) => (v >= 0 ? POSITIVE : NEGATIVE)),
      text: w.map((v, i) => `${names[i]} = ${v.toFixed(6)}`),
    };
    const layout = {};
    if (labelled) w.forEach((v, i) => { layout[`annotations[${i}].text`] = v.toFixed(3); });
    if (data.bias) {
      hiddenLabel.forEach((at, k) => {
        if (at >= 0) layout[`annotations[${at}].text`] = `${h === 1 ? "hidden" : `hidden ${k + 1}`}<br>bias ${frame.params[5 * h + k].toFixed(3)}`;
      });
    }
    Plotly.update(div, update, layout, [...Array(edges).keys()]);
    if (data.bias) {
      Plotly.restyle(div, { text: [[...features, `output<br>bias ${frame.params[6 * h].toFixed(3)}`]] }, [edges]);
    }
  };
}

function mountFigure({ data, parentElement }) {
  const root = parentElement.querySelector(".hl-root");
  if (root.dataset.built !== "figure") {
    root.innerHTML = "<div class='hl-figure'></div>";
    root.dataset.built = "figure";
  }
  const div = root.querySelector(".hl-figure");
  if (root.dataset.spec === data.spec && root.painter) return root.cleanup;
  root.dataset.spec = data.spec;
  let painter = null, gone = false;
  const spec = JSON.parse(data.spec);
  if (data.present) {  // presenter mode: the chart fits the screen under the bar, whatever the projector
    spec.layout.height = Math.max(300, Math.min(spec.layout.height || 450, window.innerHeight - 250));
  }
  loadPlotly(data.plotly).then((Plotly) => {
    if (gone) return;
    H.painters.delete(root.painter);
    if (data.kind === "loss") painter = lossPainter(Plotly, div, spec, data.epoch);
    else if (data.kind === "outputs") painter = outputsPainter(Plotly, div, spec);
    else painter = diagramPainter(Plotly, div, spec, data);
    painter = throttled(painter);
    const f = H.frames[H.index];
    if (f && f.epoch !== data.epoch) painter(f, []);
    root.painter = painter;
    H.painters.add(painter);
    div.dataset.ready = "1";
  }).catch((err) => {
    div.textContent = "The chart could not be drawn: " + err.message;
  });
  root.cleanup = () => { gone = true; H.painters.delete(root.painter); root.painter = null; delete root.dataset.spec; };
  return root.cleanup;
}

// --- the people's table (ui/live.py people_table): each output at the epoch on screen --------------------
const score = (v) => String(Number(v.toPrecision(6)));  // a score as typed, to 6 digits: 0.4, 1 (Python's {:g})

function mountPeople({ data, parentElement }) {
  const root = parentElement.querySelector(".hl-root");
  const built = JSON.stringify([data.headings, data.rows]);
  if (root.dataset.built !== built) {
    root.innerHTML = "";
    const box = document.createElement("div");
    box.className = "hl-table-box";
    const table = document.createElement("table");
    table.className = "hl-table";
    const caption = document.createElement("caption");
    const head = table.createTHead().insertRow();
    for (const h of data.headings) {
      const th = document.createElement("th");
      th.scope = "col"; th.textContent = h;
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of data.rows) {
      const tr = body.insertRow();
      const name = document.createElement("th");
      name.scope = "row"; name.textContent = row[0];  // text a user, a link or a file gave: shown as text
      tr.append(name);
      for (const v of row.slice(1)) tr.insertCell().textContent = score(v);
      tr.insertCell().className = "hl-output";
    }
    table.prepend(caption);
    box.append(table);
    root.append(box);
    root.dataset.built = built;
  }
  const caption = root.querySelector("caption");
  const cells = root.querySelectorAll(".hl-output");
  const paint = (f) => {
    if (!f.outputs || f.outputs.length !== cells.length) return;
    caption.textContent = `Output now: at epoch ${epochText(f.epoch)}`;
    f.outputs.forEach((o, i) => { cells[i].textContent = o.toFixed(6); });
  };
  H.painters.delete(root.painter);
  root.painter = paint;
  H.painters.add(paint);
  const f = H.frames[H.index];
  paint(f && f.epoch !== data.epoch ? f : { epoch: data.epoch, outputs: data.outputs });
  return () => { H.painters.delete(paint); if (root.painter === paint) root.painter = null; };
}

// --- the teacher's link, masked (ui/live.py secret): Show and Copy, in this browser only --------------------
const MASK = "\u2022".repeat(12);

function copyText(text) {
  // The clipboard API needs a secure page (https or localhost); a class's server on a plain address gets
  // the older way, a selected text area.
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  return new Promise((resolve, reject) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    if (done) resolve(); else reject(new Error("copy refused"));
  });
}

function mountGuard({ data, setTriggerValue }) {
  // A file over a run file's limit, picked or dropped on the Lab's uploader, is stopped here, before
  // Streamlit sees it: it is never sent, and the server says why in words (a file over the server's own
  // upload limit would otherwise get only a red chip). The listeners are the page's first (capture, on the
  // document), so the uploader's own never hear of the file.
  H.guard = { uploader: data.uploader, limit: data.limit, send: setTriggerValue };
  if (H.guarding) return;
  H.guarding = true;
  const refused = (event, files) => {
    const g = H.guard;
    if (!g || !(event.target instanceof Element) || !event.target.closest(`.st-key-${g.uploader}`)) return false;
    const big = Array.from(files || []).find((file) => file.size > g.limit);
    if (!big) return false;
    event.preventDefault();
    event.stopImmediatePropagation();
    g.send("refused", { size: big.size, k: ++H.nonce });
    return true;
  };
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && refused(event, input.files)) input.value = "";
  }, true);
  document.addEventListener("drop", (event) => {
    // the drop zone's highlight ends as it would on leaving it
    if (refused(event, event.dataTransfer && event.dataTransfer.files)) {
      event.target.dispatchEvent(new DragEvent("dragleave", { bubbles: true }));
    }
  }, true);
}

function mountSecret({ parentElement, data }) {
  const root = parentElement.querySelector(".hl-root");
  const link = data.link, cut = link.indexOf("#teach=") + "#teach=".length;
  if (root.dataset.link !== link) {
    root.dataset.link = link;
    root.innerHTML = `<div class="hl-secret"><span class="hl-label"></span>
      <code class="hl-secret-text" data-testid="teacher-link"></code>
      <span class="hl-group"><button type="button" class="hl-button hl-show" aria-pressed="false">Show link</button>
      <button type="button" class="hl-button hl-copy">Copy link</button></span>
      <span class="hl-secret-said" role="status" aria-live="polite"></span></div>`;
    root.querySelector(".hl-label").textContent = data.label;
  }
  const text = root.querySelector(".hl-secret-text"), show = root.querySelector(".hl-show");
  const said = root.querySelector(".hl-secret-said");
  const paint = () => {
    const shown = show.getAttribute("aria-pressed") === "true";
    text.textContent = shown ? link : link.slice(0, cut) + MASK;
    show.textContent = shown ? "Hide link" : "Show link";
  };
  show.onclick = () => { show.setAttribute("aria-pressed", show.getAttribute("aria-pressed") === "true" ? "false" : "true"); paint(); };
  root.querySelector(".hl-copy").onclick = () => {
    copyText(link).then(() => { said.textContent = "Copied: paste it somewhere only you can see."; },
                        () => { said.textContent = "This browser would not copy it: press Show link, then copy it by hand."; });
  };
  paint();
  return () => { show.onclick = null; };
}

export default function (args) {
  // The server sends its data as a list of one (ui/live.py: Streamlit then looks for no dataframes in it).
  if (Array.isArray(args.data)) args = { ...args, data: args.data[0] };
  const mode = args.data.mode;
  if (mode === "store") return mountStore(args);
  if (mode === "secret") return mountSecret(args);
  if (mode === "guard") return mountGuard(args);
  if (mode === "people") return mountPeople(args);
  return mode === "bar" ? mountBar(args) : mountFigure(args);
}
