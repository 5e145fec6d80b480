"""A class, from the session's side: joining, posting, the teacher's controls, and keeping the class through an
outage. It changes the class's part of the session (ui/session: member, teacher, and what the browser kept
while the store could not be asked), as ui/links and ui/touring change theirs.

While the class board's store can't be reached, nothing the browser keeps of a class is forgotten: what it
handed back is held as `member_kept` / `teacher_kept` (and written back to the browser as it was), asked
again every few seconds, and taken back once the store answers. Learner and teacher see one plain sentence
in view meanwhile (`down_sentence`).
"""

import time

import streamlit as st

from classroom import export
from classroom.store import ClassError, StoreDown, clean_code
from nn.challenges import BY_KEY
from ui import classes, state

RETRY_SECONDS = 3.0     # how often a class kept through an outage is asked for again
BOARD_PAGE = 40         # posts a page of the board shows (the chart and the table)


def down_sentence(err):
    """The one sentence a learner or teacher sees while the store fails."""
    fix = " Tell whoever runs this server." if err.kind != "unreachable" else ""
    return (f"{str(err)[:1].upper()}{str(err)[1:]}.{fix} Your class is kept in this browser, and comes back by "
            "itself once the board answers; your run is unchanged.")


def call(action, background=False, where="class"):
    """Run action(store), and return its value; or say plainly what went wrong and return None.

    A refusal (ClassError) is said as a message. A store that fails is said in view (s.class_down) until it
    answers again, and as a message too when the learner did something (not for a board's own refresh).
    """
    s = state.current()
    try:
        value = action(classes.store())
    except ClassError as err:
        state.say(f"{str(err)[:1].upper()}{str(err)[1:]}.", where=where)
        return None
    except StoreDown as err:
        s.class_down = down_sentence(err)
        if not background:
            state.say(s.class_down, where=where)
        return None
    s.class_down = None
    return value


# --- what the browser kept: taken back, or held through an outage ------------------------------------------
def take_back(value):
    """A class the browser kept (its local storage), or a teacher link just opened (#teach=... in the address),
    handed back once a page load: taken back if the store still knows it, held if the store can't be asked."""
    s = state.current()
    if not isinstance(value, dict):
        return
    member, teacher, opened = value.get("member"), value.get("teacher"), value.get("teach")
    if s.member is None and s.member_kept is None and _member_shape(member):
        s.member_kept = {k: str(member.get(k, ""))[:100] for k in ("code", "name", "token", "title")}
    if isinstance(opened, str) and 0 < len(opened) <= 100:
        s.teacher_kept, s.teacher, s.teacher_opened = opened, None, True
    elif s.teacher is None and s.teacher_kept is None and isinstance(teacher, str) and 0 < len(teacher) <= 100:
        s.teacher_kept = teacher
    retry(force=True)


def _member_shape(value):
    return isinstance(value, dict) and all(isinstance(value.get(k), str) and 0 < len(value[k]) <= 100
                                           for k in ("code", "token"))


def kept():
    """Return True while a class the browser kept waits for the store to answer."""
    s = state.current()
    return s.member_kept is not None or s.teacher_kept is not None


def retry(force=False):
    """Ask the store again for what the browser kept (at most every RETRY_SECONDS): return True if something
    came back, or was found gone, so that the page should be drawn again."""
    s = state.current()
    if not kept() or (not force and time.monotonic() - s.class_retry_at < RETRY_SECONDS):
        return False
    s.class_retry_at = time.monotonic()
    changed = False
    if s.member_kept is not None:
        kept_member = s.member_kept
        found = call(lambda store: store.learner_class(kept_member["code"], kept_member["token"]), background=True)
        if s.class_down is None:
            s.member_kept = None
            if found is not None:
                name, info = found
                s.member = {"code": info.code, "name": name, "token": kept_member["token"], "title": info.title}
            changed = True
    if s.teacher_kept is not None:
        secret = s.teacher_kept
        info = call(lambda store: store.teacher_class(secret), background=True)
        if s.class_down is None:
            s.teacher_kept, changed = None, True
            if info is not None:
                s.teacher = secret
            elif s.teacher_opened:
                s.url_messages.append("This teacher link opens no class: it may have expired, been renewed, or "
                                      "been copied wrongly.")
            s.teacher_opened = False
    if changed:
        s.browser_rev += 1
    return changed


def stored():
    """What the browser keeps of the class: the class joined and the teacher link, as the store confirmed them,
    or as the browser handed them back while the store could not be asked."""
    s = state.current()
    return {"member": s.member if s.member is not None else s.member_kept,
            "teacher": s.teacher if s.teacher is not None else s.teacher_kept}


# --- learners -----------------------------------------------------------------------------------------------
def join_class():
    """A learner joins with the class code and a display name."""
    s = state.current()
    code, name = st.session_state.get("class_code", ""), st.session_state.get("class_name", "")
    token = call(lambda store: store.join(code, name, browser=s.browser, address=_client_address()))
    if token is None:
        return
    found = call(lambda store: store.learner_class(clean_code(code), token))
    if found is None:
        return
    joined_name, info = found
    s.member, s.member_kept = {"code": info.code, "name": joined_name, "token": token, "title": info.title}, None
    s.browser_rev += 1
    state.say(f"You joined \u201c{info.title}\u201d as {joined_name}. Post a run from the sidebar of any page.",
              problem=False, where="class")
    if s.solved:
        call(lambda store: store.record_solved(info.code, token, {k: v["epoch"] for k, v in s.solved.items()}))


def _client_address():
    try:
        return st.context.ip_address or ""
    except Exception:  # noqa: BLE001 - an AppTest run has no address to give
        return ""


def leave_class():
    """The learner leaves their class (one who posted nothing is taken off it: their name is free again)."""
    s = state.current()
    member = s.member
    if member is not None:
        call(lambda store: store.leave(member["code"], member["token"]))
        if s.class_down is not None:  # the store can't be asked: the learner stays, and hears why
            return
    s.member, s.member_kept, s.browser_rev = None, None, s.browser_rev + 1


def post_run():
    """Post this run, with the note typed, to the class's board."""
    s = state.current()
    if s.member is None:
        return
    if s.job.doing is not state.Doing.IDLE:
        state.say("Pause or stop first: a run is posted as it stands.", where="post")
        return
    note = st.session_state.get("post_note", "")
    payload = classes.post_of(s.net, s.solved)
    posted = call(lambda store: store.post(s.member["code"], s.member["token"], payload, note), where="post")
    if posted is not None:
        st.session_state["post_note"] = ""
        state.say(f"Posted this run (epoch {s.net.epoch:,}, loss {s.net.loss:.6f}) to \u201c{s.member['title']}\u201d.",
                  problem=False, where="post")


def record_solved():
    """Keep the challenges this learner has solved on their class's board."""
    s = state.current()
    if s.member is not None:
        call(lambda store: store.record_solved(s.member["code"], s.member["token"],
                                               {k: v["epoch"] for k, v in s.solved.items()}),
             background=True)  # beside "Challenge solved", said under the bar; an outage shows on the Class page


def learner_view():
    """(ClassInfo, a Page of the board or None) for a learner: the page only if the teacher shares the board.
    A class that has ended is left (said once); None while the store can't be asked."""
    s = state.current()
    member = s.member
    found = call(lambda store: store.learner_class(member["code"], member["token"]), background=True)
    if found is None:
        if s.class_down is None:  # the store answered: the class has gone, or the teacher took the learner out
            s.member, s.browser_rev = None, s.browser_rev + 1
            state.say("You are no longer in your class (it has ended, or your teacher took you out of it). Your "
                      "run is unchanged.", where="class")
        return None
    _, info = found
    if not info.learners_see:
        return info, None
    return info, call(lambda store: store.learner_page(member["code"], member["token"], **_where()), background=True)


# --- a teacher ----------------------------------------------------------------------------------------------
def start_class():
    """A teacher starts a class: the page then shows its code and the teacher's link."""
    s = state.current()
    title = st.session_state.get("class_title") or "A class"
    made = call(lambda store: store.start_class(title))
    if made is not None:
        s.teacher, s.teacher_kept, s.browser_rev = made[1], None, s.browser_rev + 1
        state.say(f"Class started. Its code is {made[0]}: give it to the class. Your teacher link (below) opens "
                  "this board again from any browser: keep it to yourself.", problem=False, where="class")


def teacher_class():
    """The ClassInfo of the class this session's teacher link opens, or None."""
    s = state.current()
    if s.teacher is None:
        return None
    info = call(lambda store: store.teacher_class(s.teacher), background=True)
    if info is None and s.class_down is None:  # it opens nothing any more (expired, or renewed elsewhere)
        s.teacher, s.browser_rev = None, s.browser_rev + 1
        state.say("Your teacher link opens no class any more: it has expired, or was renewed in another browser.",
                  where="class")
    return info


def teacher_link():
    """The address of the teacher's board, with the secret after #, which a browser never sends to a server."""
    return f"{server_base()}/class#teach={state.current().teacher}"


def server_base():
    """This server's address, as the browser reached it ("" when unknown)."""
    return (st.context.url or "").split("?")[0].split("#")[0].rsplit("/", 1)[0] if _has_context_url() else ""


def _has_context_url():
    try:
        return bool(st.context.url)
    except Exception:  # noqa: BLE001 - an AppTest run has no address
        return False


ASKS = {"close": "Close the class? Learners can then no longer join or post; you can reopen it.",
        "renew": "Make a new teacher link? The link you have now stops opening this class, in every browser.",
        "remove": "Remove {what}? They can't be brought back.",
        "remove learner": "Take {what} out of the class, with every run they posted? They can't be brought back."}


def ask(action, *args):
    """A control that can't be undone asks first: the page shows the question, with Yes and Keep it."""
    state.current().asking = (action, *args)


def cancel():
    state.current().asking = None


def teacher_action(action, *args):
    """One of the teacher's controls: "see" and "joins" (the toggles' values), "close", "reopen", "extend",
    "renew", "hide", "show", "remove" (post ids), "remove learner" (a name), "forget" (this browser forgets the
    teacher link)."""
    s = state.current()
    s.asking = None
    if s.teacher is None:
        return
    secret = s.teacher
    if action == "forget":
        s.teacher, s.teacher_kept, s.browser_rev = None, None, s.browser_rev + 1
        return
    calls = {"see": lambda store: store.set_learners_see(secret, bool(st.session_state.get("board_see"))),
             "joins": lambda store: store.set_joins_open(secret, bool(st.session_state.get("board_joins"))),
             "close": lambda store: store.close(secret),
             "reopen": lambda store: store.reopen(secret),
             "extend": lambda store: store.extend(secret),
             "renew": lambda store: store.renew(secret),
             "hide": lambda store: store.set_hidden(secret, list(args[0]), True),
             "show": lambda store: store.set_hidden(secret, list(args[0]), False),
             "remove": lambda store: store.remove(secret, list(args[0])),
             "remove learner": lambda store: store.remove_learner(secret, args[0])}
    done = call(lambda store: calls[action](store) or True)
    if done is None:
        return
    if action == "renew":
        s.teacher, s.browser_rev = done, s.browser_rev + 1
        state.say("Your teacher link is new: the old one opens nothing any more. This browser keeps the new one; "
                  "copy it below to open the board elsewhere.", problem=False, where="class")
    elif action == "extend":
        state.say(f"The class is kept until {time.strftime('%d %B %Y', time.localtime(done))}.", problem=False,
                  where="class")
    elif action in ("remove", "remove learner"):
        state.say({"remove": "Removed.", "remove learner": f"{args[0]} is out of the class, with their runs."}[action],
                  problem=False, where="class")


def _where():
    s = state.current()
    return {"offset": s.board_offset, "limit": BOARD_PAGE, "learner": s.board_learner}


def teacher_page():
    """A Page of the teacher's board (the page and learner the teacher picked), or None."""
    s = state.current()
    return None if s.teacher is None else call(lambda store: store.teacher_page(s.teacher, **_where()),
                                               background=True)


def turn_page(step):
    """The board's newer (-1) or older (+1) page."""
    s = state.current()
    s.board_offset = max(0, s.board_offset + step * BOARD_PAGE)


def pick_learner():
    """The board shows one learner's posts, or everyone's."""
    s = state.current()
    picked = st.session_state.get("board_learner")
    s.board_learner, s.board_offset = (None if picked in (None, "") else picked), 0


# --- the teacher's downloads: made when the browser asks, for the class of the session that drew the button --
def download_json(secret):
    """Everything of the class, for "Download everything (JSON)" (a deferred download: Streamlit makes it on a
    thread of its own, with no session, so the secret comes bound, not looked up)."""
    return export.to_json(classes.store().export(secret))


def download_csv(secret, base):
    """The board as a CSV for a spreadsheet, every cell safe from being read as a formula."""
    return export.to_csv(classes.store().export(secret), base, {key: c.title for key, c in BY_KEY.items()})
