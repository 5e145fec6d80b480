"""One browser tab's session, typed: all the playground keeps for it, under one key of st.session_state.

`Session` holds the network and everything around it; `Job` is what the session is doing, an explicit
state with its transitions in one place. Only ui/state (and ui/links, ui/touring) change them; pages
read them through ui/state. Streamlit's widgets keep their own values in st.session_state, under their
keys (ui/state names them).
"""

import enum
import secrets
import threading
from dataclasses import dataclass, field

import streamlit as st

from nn import Network
from nn.play import DEFAULT_SPEED, Play


class Doing(enum.Enum):
    """What a session is doing. A long Train or a link's rebuild may also be waiting for a turn (Job.state)."""

    IDLE = "idle"
    PLAYING = "playing"
    TRAINING = "training"        # a long Train, a time-boxed part at each tick, with a progress bar
    REBUILDING = "rebuilding"    # a shared link's run, trained along its schedule in ticks


@dataclass
class Replacing:
    """A control that would throw away the trained run (Reset, new people, a new shape, a file), waiting for
    the learner's Yes under it (ui/controls.asked draws the question)."""

    where: str            # the control's place: "reset" (the sidebar), or a key on the page it is on
    what: str             # what it does, to begin the question: "Restoring the series' people"
    yes: str              # the Yes button's words: "Yes, restore them"
    net: Network          # the network it puts in place
    said: tuple | None = None   # (text, problem) said once it is done
    page: str | None = None     # the page it was asked on (a question on another page goes, ui/state.message_on)
    seen: bool = False          # it has been drawn once (and scrolled into view)
    step: int | None = None     # the tour's step it goes to with it (the tour's Next, Back and its own button)


@dataclass
class Job:
    """The session's job. Every change of `doing` happens in a method here.

        idle ──play──▶ playing ──halt──▶ idle
        idle ──train(n)──▶ training ──trained (all n)──▶ idle
        idle ──rebuild(link)──▶ rebuilding ──trained (all)──▶ idle
        training / rebuilding ──wait / go on──▶ the same, waiting for a turn or not
        any ──stop──▶ idle (what is done is kept)
    """

    doing: Doing = Doing.IDLE
    left: int = 0                 # training, rebuilding: epochs still to train
    total: int = 0                # training, rebuilding: epochs asked for
    schedule: list | None = None  # rebuilding: the link's changes of rule and learning rate
    recipe: dict | None = None    # rebuilding: the link's recipe (its fingerprint is checked at the end)
    waiting: bool = False         # training, rebuilding: no turn was free at the last tick (serving/budget)
    player: Play | None = None    # playing: the Play under way (nn/play)
    chunk: dict | None = None     # playing: the last chunk of frames made for it
    shown: int | None = None      # playing: the epoch the browser last said it showed
    plays: int = 0                # Plays started this session: each has its own number

    @property
    def state(self):
        """idle, playing, training, rebuilding or waiting for a turn (a long job with no turn free)."""
        return "waiting for a turn" if self.waiting else self.doing.value

    @property
    def long(self):
        """True while a long Train or a link's rebuild is under way (it advances at each tick)."""
        return self.doing in (Doing.TRAINING, Doing.REBUILDING)

    def play(self, net, speed):
        """idle -> playing: a Play from net at speed, with its first chunk of frames."""
        if self.doing is not Doing.IDLE:
            raise ValueError(f"can't play while {self.state}")
        self.doing, self.player, self.plays, self.shown = Doing.PLAYING, Play(net, speed), self.plays + 1, net.epoch
        self.chunk = self.player.next_chunk(net.epoch)

    def halt(self, shown):
        """playing -> idle; return the network at `shown` (else at the last epoch the browser said), or None."""
        if self.doing is not Doing.PLAYING:
            return None
        net = None
        for epoch in (shown, self.shown):
            if epoch is not None and net is None:
                try:
                    net = self.player.network_at(epoch)
                except ValueError:
                    pass
        self._idle()
        return net

    def train(self, n):
        """idle -> training n epochs, in ticks."""
        if self.doing is not Doing.IDLE:
            raise ValueError(f"can't train while {self.state}")
        self.doing, self.left, self.total = Doing.TRAINING, n, n

    def rebuild(self, recipe):
        """idle -> rebuilding a link's run, in ticks along its schedule."""
        if self.doing is not Doing.IDLE:
            raise ValueError(f"can't rebuild a link while {self.state}")
        self.doing, self.left, self.total = Doing.REBUILDING, recipe["epoch"], recipe["epoch"]
        self.schedule, self.recipe = [tuple(item) for item in recipe["schedule"]], recipe

    def wait(self, waiting):
        """A long job's tick found no turn free (waiting), or took one."""
        if self.long:
            self.waiting = waiting

    def trained(self, done, asked):
        """A long job's tick trained `done` of the `asked` epochs; it ends when all are done, or training
        stopped short (a divergence). Return the link's recipe when a rebuild has just ended, else None."""
        if not self.long:
            return None
        self.left = 0 if done < asked else self.left - asked
        if self.left:
            return None
        recipe = self.recipe if self.doing is Doing.REBUILDING else None
        self._idle()
        return recipe

    def stop(self):
        """any -> idle: Stop, Reset, a new network. What was trained is kept."""
        self._idle()

    def _idle(self):
        self.doing, self.left, self.total, self.schedule, self.recipe = Doing.IDLE, 0, 0, None, None
        self.waiting, self.player, self.chunk, self.shown = False, None, None, None


@dataclass(eq=False)
class Session:
    """Everything one tab's session keeps (a dataclass, so a reader sees every field and its type)."""

    net: Network
    url_messages: list = field(default_factory=list)  # what the address's link said (problems, notes)
    link_offer: tuple | None = None  # (recipe, seconds) of a link too dear to rebuild unasked
    job: Job = field(default_factory=Job)
    lock: threading.RLock = field(default_factory=threading.RLock)  # one change to the network at a time
    # before the last press: the deltas the pages show count from here
    prev_loss: float = 0.0
    prev_params: object = None
    prev_epoch: int = 0
    speed: int = DEFAULT_SPEED      # Play's speed, epochs a second
    rev: int = 0                    # changes whenever the network does (other than by Play)
    presses: int = 0                # presses of the bar that changed the network
    drawn_presses: int = 0          # of which the last run of the main area drew
    bar_rev: int = -1               # the revision the bar was last drawn for
    follows: tuple | None = None    # (page, has a part): what a press redraws on the last page drawn (ui/live.follows)
    outside_drawn: tuple | None = None  # what the sidebar and the store showed when drawn (ui/state/training.outside_shows)
    acted: tuple = (None, 0)        # (tab, number) of the bar's last press the server took
    token: str = field(default_factory=lambda: secrets.token_hex(6))  # tells the browser a new session
    rate: float = 100_000.0         # epochs a second, measured at every long enough train
    scored: list = field(default_factory=list)  # people scored on "Score a person": (name, scores)
    kept: list = field(default_factory=list)    # runs kept for the Loss page: nn.kept.Kept, oldest first
    kept_numbered: int = 0                      # the highest N of a "Run N" given this session (never again)
    browser_rev: int = 0            # changes whenever what the browser keeps does (ui/live.browser_store)
    browser_restored: bool = False  # what the browser kept before has come back (or it had nothing)
    # challenges: {key: {"epoch": the epoch it was first met, "link": the address that replays that run}}
    solved: dict = field(default_factory=dict)
    hints: dict = field(default_factory=dict)   # challenge key -> how many of its hints are shown
    checked_of: object = None       # the network the challenges were last checked on
    # a class (ui/state/classroom): member = {"code", "name", "token", "title"} once joined; teacher = the
    # teacher link's secret. What the browser kept that the store has not confirmed (it could not be asked)
    # waits in member_kept and teacher_kept, and goes back to the browser as it came.
    member: dict | None = None
    teacher: str | None = None
    member_kept: dict | None = None
    teacher_kept: str | None = None
    teacher_opened: bool = False    # teacher_kept came from a link just opened (said if it opens no class)
    browser: str = field(default_factory=lambda: secrets.token_hex(16))  # this browser's id (its cookie)
    class_down: str | None = None   # the store's failure, said in view until it answers again
    class_retry_at: float = 0.0     # time.monotonic() of the last ask for what the browser kept
    asking: tuple | None = None     # a teacher's control waiting for Yes: (action, *its arguments)
    board_offset: int = 0           # the board's page: how many newer posts come before it
    board_learner: str | None = None  # the board shows this learner's posts only
    board_drawn: bool = False       # the board has been drawn in this session (its chart too, from then on)
    people_version: int = 0         # a new version gives the Lab a fresh people editor
    upload_version: int = 0         # a new version gives the Lab a fresh, empty uploader
    people_problem: str | None = None
    replacing: Replacing | None = None  # a control that throws the trained run away, asking first
    message: str | None = None      # the last thing said to the learner
    message_problem: bool = True
    message_where: str | None = None  # the place of the control it is about (ui/controls.said), None: the bar
    message_page: str | None = None   # the page it was said on (ui/state.message_on)
    message_seen: bool = False        # it has been drawn once (and scrolled into view, ui/controls.said)
    runs: int = 0                   # runs of the whole app this session
    ticking: bool = False           # the next run of the app is a long job's tick
    last_full_run: float = 0.0      # time.monotonic() of the last run of the whole app
    drawn_at: dict = field(default_factory=dict)   # page -> the run that last drew it
    choices: dict = field(default_factory=dict)    # widget key -> the learner's choice, kept across pages
    page_objects: list | None = None  # this session's st.Page objects
    # the tour
    on_tour: bool = False
    tour_step: int | None = None
    tour_step_written: str | None = None  # the step sync_url last wrote into the address
    # numbers worked out once per network
    swing_of: object = None
    swing: object = None
    kernel_of: object = None
    kernel_data: object = None

    def __post_init__(self):
        self.remember()

    def remember(self):
        """Keep the loss and weights before a press, for the deltas the pages show."""
        self.prev_loss, self.prev_params, self.prev_epoch = self.net.loss, self.net.params, self.net.epoch


KEY = "session"  # the one key of st.session_state that holds a Session


def current():
    """Return this tab's Session (ui/state/first_run.init makes it at the session's first run)."""
    return st.session_state[KEY]
