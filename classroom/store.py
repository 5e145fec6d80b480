"""The class board's store: classes, learners, their posted runs and solved challenges, in a real database.

SQLite by default (a file in a data folder, made on first use, nothing to install); PostgreSQL when a
URL says so (psycopg 3), for several machines. Both run the same SQL (placeholders written `?`), each
operation in one short transaction on a connection of its own. Every rule a class keeps lives here:

- secrets: a teacher's link carries a secret made by `secrets`; only its SHA-256 is stored, and the
  teacher can renew it (the old one then opens nothing). A learner gets a token the same way; it can
  post, and read the board if the teacher allows.
- codes: 10 characters from 31 (about 8 x 10^14 codes). Wrong guesses are limited per browser and per
  address; joins too, so that one client can't fill a class.
- names: kept plain (classroom/names), and a name that looks like a taken one is the same name.
- bounds: names, notes and posts have a most size; posts a most rate per learner, and a class's minute
  of posts is shared fairly among its learners.
- expiry: a class lasts CLASS_DAYS days from its start or the teacher's last extension; an expired class
  is gone for every call.
- schema: numbered migrations; opening a store brings an older database up to date and keeps its classes.

A confirmed write is committed (SQLite: WAL with synchronous=FULL), so a server killed at any moment
keeps every post it confirmed, and no partial one. A store that can't be reached, or can't be written,
raises StoreDown (with a plain sentence, and logged once per cause), never a database's own error.
"""

import errno
import hashlib
import json
import logging
import os
import secrets
import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from classroom import names

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[:31]  # no 0/O, 1/I: read out to a class
CODE_LENGTH = 10
MAX_NAME, MAX_NOTE, MAX_TITLE = 40, 200, 60
MAX_POST_BYTES = 64 * 1024
CLASS_DAYS = float(os.environ.get("HAPPINESS_CLASS_DAYS", "30"))
MAX_LEARNERS = 200                  # a class
MAX_POSTS_PER_LEARNER = 50
MIN_SECONDS_BETWEEN_POSTS = 3.0     # a learner
MAX_POSTS_PER_CLASS_MINUTE = 300    # shared fairly: a learner under their share of it is never refused for it
MAX_POSTS_PER_CLASS = 3000          # a class's board holds this many runs at most
# (how many, in how many seconds) for each limit on a client: a browser, and an address (a whole school
# may be one address, so its limits let a class of 40 join and mistype at once)
WRONG_CODES = {"browser": (8, 60.0), "address": (300, 600.0)}
JOINS = {"browser": (5, 3600.0), "address": (100, 600.0)}   # joins of one class
BUSY_SECONDS = 5.0                  # SQLite waits this long for another process's write
POSTGRES_CONNECT_SECONDS = 2        # a connection attempt (an address of the host) gives up after this
POSTGRES_STATEMENT_MS = 2500        # a statement, or a wait for a lock, gives up after this

LOG = logging.getLogger("happiness.classroom")


class ClassError(ValueError):
    """A plain sentence for the learner or teacher: what went wrong and what to do."""


class StoreDown(Exception):
    """The store can't be reached or written just now (its problem, not the learner's): kind is
    "unreachable", "full" or "read-only", and the message is a plain sentence saying so."""

    SAID = {"unreachable": "the class board can't be reached just now",
            "full": "the class board's disk is full, so nothing new can be kept on it",
            "read-only": "the class board's folder can't be written (it is read-only), so nothing new can be "
                         "kept on it"}

    def __init__(self, kind, cause):
        super().__init__(self.SAID[kind])
        self.kind, self.cause = kind, cause


@dataclass(frozen=True)
class ClassInfo:
    code: str
    title: str
    created: float
    expires: float
    open: bool
    learners_see: bool
    joins_open: bool = True


@dataclass(frozen=True)
class Page:
    """A page of a class's board: its posts (newest first), how many posts there are in all (of those the
    reader may see), and every learner as (name, {challenge: epoch}, posts)."""
    posts: list
    total: int
    learners: list


# --- schema: each migration brings the database one version up ---------------------------------------
MIGRATIONS = (
    # 1: classes, learners and posts
    ("""CREATE TABLE classes (code TEXT PRIMARY KEY, teacher_hash TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
            created {real} NOT NULL, expires {real} NOT NULL, open INTEGER NOT NULL DEFAULT 1,
            learners_see INTEGER NOT NULL DEFAULT 0)""",
     """CREATE TABLE learners (class_code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
            name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, joined {real} NOT NULL,
            PRIMARY KEY (class_code, name))""",
     """CREATE TABLE posts (id {serial}, class_code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
            learner TEXT NOT NULL, note TEXT NOT NULL, run TEXT NOT NULL, created {real} NOT NULL,
            hidden INTEGER NOT NULL DEFAULT 0)""",
     "CREATE INDEX posts_by_class ON posts (class_code, created)",
     """CREATE TABLE wrong_codes (client TEXT NOT NULL, at {real} NOT NULL)""",
     "CREATE INDEX wrong_codes_by_client ON wrong_codes (client, at)"),
    # 2: the challenges each learner has solved
    ("ALTER TABLE learners ADD COLUMN solved TEXT NOT NULL DEFAULT '{}'",),
    # 3: the teacher can stop new joins; limits count per browser and per address, for joins too
    ("ALTER TABLE classes ADD COLUMN joins_open INTEGER NOT NULL DEFAULT 1",
     "CREATE TABLE attempts (what TEXT NOT NULL, client TEXT NOT NULL, at {real} NOT NULL)",
     "CREATE INDEX attempts_by_client ON attempts (what, client, at)",
     "CREATE INDEX posts_by_learner ON posts (class_code, learner, created)",
     "DROP TABLE wrong_codes"),
)
VERSION = len(MIGRATIONS)
_LONGEST_WINDOW = max(seconds for _, seconds in (*WRONG_CODES.values(), *JOINS.values()))


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def default_url():
    """The store the server uses: HAPPINESS_DATABASE_URL, else SQLite in HAPPINESS_DATA_DIR, else in the
    user's data folder (or the temp folder, where that can't be written)."""
    url = os.environ.get("HAPPINESS_DATABASE_URL")
    if url:
        return url
    folder = os.environ.get("HAPPINESS_DATA_DIR")
    if not folder:
        home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        folder = home / "happiness-net-playground"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-test-{os.getpid()}"
            probe.write_text("")
            probe.unlink()
        except OSError:
            folder = Path(tempfile.gettempdir()) / f"happiness-net-playground-{os.getuid()}"
    return f"sqlite:///{Path(folder) / 'classes.sqlite3'}"


def down_kind(err):
    """Return "unreachable", "full" or "read-only" for an error that means the store can't do its work just
    now, or None for any other error (a bug, or a duplicate name: the caller's to handle)."""
    if isinstance(err, sqlite3.IntegrityError) or type(err).__name__ == "UniqueViolation":
        return None
    if isinstance(err, sqlite3.Error):
        name = getattr(err, "sqlite_errorname", "")
        if name == "SQLITE_FULL" or "disk is full" in str(err):
            return "full"
        if name.startswith("SQLITE_READONLY") or "readonly" in str(err):
            return "read-only"
        return "unreachable"
    if isinstance(err, OSError):
        if err.errno == errno.ENOSPC:
            return "full"
        if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "read-only"
        return "unreachable"
    module = type(err).__module__ or ""
    if module.startswith("psycopg"):
        if type(err).__name__ == "DiskFull":
            return "full"
        if type(err).__name__ == "ReadOnlySqlTransaction":
            return "read-only"
        if type(err).__name__ in ("IntegrityError", "ProgrammingError", "DataError"):
            return None
        return "unreachable"
    return None


class Store:
    """One database of classes. Safe to share between threads and between processes."""

    def __init__(self, url=None, upto=VERSION):
        self.url = url or default_url()
        self.postgres = self.url.startswith(("postgresql://", "postgres://"))
        if not self.postgres:
            if not self.url.startswith("sqlite:///"):
                raise ValueError("a store's URL starts with sqlite:/// or postgresql://")
            self.path = Path(self.url.removeprefix("sqlite:///"))
        self._migrate(upto)

    # --- connections -----------------------------------------------------------------------------
    @contextmanager
    def _tx(self, write=True):
        """One transaction on a connection of its own: committed on leaving, rolled back on an error. An
        error that means the store can't do its work raises StoreDown, logged once per cause."""
        try:
            with self._connected(write) as db:
                yield db
        except Exception as err:
            kind = down_kind(err)
            if kind is None:
                raise
            if kind == "unreachable" and not self.postgres:
                kind = self._sqlite_kind(err)
            self._went_down(kind, err)
            raise StoreDown(kind, err) from err
        self._answered()

    @contextmanager
    def _connected(self, write):
        if self.postgres:
            import psycopg  # only where PostgreSQL is used

            options = f"-c statement_timeout={POSTGRES_STATEMENT_MS} -c lock_timeout={POSTGRES_STATEMENT_MS}"
            with psycopg.connect(self.url, connect_timeout=POSTGRES_CONNECT_SECONDS, options=options) as conn:
                yield _Postgres(conn)  # commits on success, else rolls back
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _Sqlite(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _sqlite_kind(self, err):
        """SQLite says "unable to open" for a folder it may not write, and "disk I/O error" for a full disk."""
        folder = self.path.parent
        if not os.access(folder, os.W_OK):
            return "read-only"
        try:
            if getattr(err, "sqlite_errorname", "").startswith("SQLITE_IOERR") and shutil.disk_usage(folder).free < 2**20:
                return "full"
        except OSError:
            pass  # the folder can't even be looked at: unreachable, as it was
        return "unreachable"

    def _went_down(self, kind, err):
        """Log a failure once per cause, for all of this process's Stores of this URL, until it answers."""
        cause = f"{kind}: {type(err).__name__}: {str(err).strip()[:300]}"
        with _down_lock:
            if _down.get(self.url) == cause:
                return
            _down[self.url] = cause
        LOG.warning("The class board's store (%s) failed: %s", self.where(), cause)

    def _answered(self):
        if self.url not in _down:
            return
        with _down_lock:
            was = _down.pop(self.url, None)
        if was is not None:
            LOG.warning("The class board's store (%s) answers again.", self.where())

    def where(self):
        """The store's address, with any password left out (for the log)."""
        if not self.postgres:
            return str(self.path)
        head, _, tail = self.url.partition("@")
        return (head.split("//")[0] + "//…@" + tail) if tail else self.url

    def _migrate(self, upto):
        serial = "BIGSERIAL PRIMARY KEY" if self.postgres else "INTEGER PRIMARY KEY AUTOINCREMENT"
        real = "DOUBLE PRECISION" if self.postgres else "REAL"  # PostgreSQL's REAL has only 24 bits
        with self._tx() as db:
            if self.postgres:
                db.run("SELECT pg_advisory_xact_lock(4242)")  # one process migrates at a time
            db.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.one("SELECT version FROM schema_version")
            version = row[0] if row else 0
            if row is None:
                db.run("INSERT INTO schema_version (version) VALUES (0)")
            for number in range(version + 1, upto + 1):
                for statement in MIGRATIONS[number - 1]:
                    db.run(statement.replace("{serial}", serial).replace("{real}", real))
                db.run("UPDATE schema_version SET version = ?", (number,))

    def version(self):
        with self._tx(write=False) as db:
            return db.one("SELECT version FROM schema_version")[0]

    # --- a class, for its teacher ----------------------------------------------------------------------
    def start_class(self, title="A class", now=None):
        """Start a class: return (its code for learners, the teacher's secret for the teacher's link)."""
        now = _now(now)
        title = _text(title or "A class", MAX_TITLE, "the class's title")
        secret = secrets.token_urlsafe(24)
        with self._tx() as db:
            db.run("DELETE FROM classes WHERE expires < ?", (now,))
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if db.one("SELECT 1 FROM classes WHERE code = ?", (code,)) is None:
                    break
            db.run("INSERT INTO classes (code, teacher_hash, title, created, expires) VALUES (?, ?, ?, ?, ?)",
                   (code, _hash(secret), title, now, now + CLASS_DAYS * 86400))
        return code, secret

    def teacher_class(self, secret, now=None):
        """Return the ClassInfo the teacher's secret opens, or None."""
        if not isinstance(secret, str) or not 10 <= len(secret) <= 100:
            return None
        with self._tx(write=False) as db:
            row = db.one(f"SELECT {_CLASS} FROM classes WHERE teacher_hash = ? AND expires >= ?", (_hash(secret), _now(now)))
        return None if row is None else _info(row)

    def _teacher(self, db, secret, now=None):
        if not isinstance(secret, str):
            raise ClassError("this teacher link is not valid")
        row = db.one("SELECT code FROM classes WHERE teacher_hash = ? AND expires >= ?", (_hash(secret), _now(now)))
        if row is None:
            raise ClassError("this teacher link opens no class (it may have expired, or been renewed)")
        return row[0]

    def _set(self, secret, column, value):
        with self._tx() as db:
            code = self._teacher(db, secret)
            db.run(f"UPDATE classes SET {column} = ? WHERE code = ?", (value, code))

    def set_learners_see(self, secret, allowed):
        self._set(secret, "learners_see", int(bool(allowed)))

    def set_joins_open(self, secret, allowed):
        """Let new learners join, or not (those in the class stay, and can post)."""
        self._set(secret, "joins_open", int(bool(allowed)))

    def close(self, secret):
        """Close the class: learners can no longer join or post; the board stays for the teacher."""
        self._set(secret, "open", 0)

    def reopen(self, secret):
        self._set(secret, "open", 1)

    def extend(self, secret, now=None):
        """Keep the class CLASS_DAYS days from now (never less than it had): return its new expiry."""
        now = _now(now)
        with self._tx() as db:
            code = self._teacher(db, secret, now)
            expires = max(now + CLASS_DAYS * 86400, db.one("SELECT expires FROM classes WHERE code = ?", (code,))[0])
            db.run("UPDATE classes SET expires = ? WHERE code = ?", (expires, code))
        return expires

    def renew(self, secret):
        """Give the class a new teacher's secret and return it: the old one opens nothing from now on."""
        new = secrets.token_urlsafe(24)
        with self._tx() as db:
            code = self._teacher(db, secret)
            db.run("UPDATE classes SET teacher_hash = ? WHERE code = ?", (_hash(new), code))
        return new

    def set_hidden(self, secret, post_ids, hidden=True):
        """Hide posts from the class's view of the board (they stay on the teacher's), or show them again."""
        with self._tx() as db:
            code = self._teacher(db, secret)
            for post_id in _ids(post_ids):
                db.run("UPDATE posts SET hidden = ? WHERE id = ? AND class_code = ?", (int(bool(hidden)), post_id, code))

    def remove(self, secret, post_ids):
        with self._tx() as db:
            code = self._teacher(db, secret)
            for post_id in _ids(post_ids):
                db.run("DELETE FROM posts WHERE id = ? AND class_code = ?", (post_id, code))

    def remove_learner(self, secret, name):
        """Take a learner out of the class, with every run they posted: their token opens nothing any more,
        and their name is free again."""
        with self._tx() as db:
            code = self._teacher(db, secret)
            db.run("DELETE FROM posts WHERE class_code = ? AND learner = ?", (code, name))
            db.run("DELETE FROM learners WHERE class_code = ? AND name = ?", (code, name))

    # --- learners --------------------------------------------------------------------------------------
    def join(self, code, name, browser="", address="", now=None):
        """A learner joins with the class code and a display name: return their token, or raise ClassError.

        browser and address name who is asking (a browser's own id, the client's network address; either may
        be empty): wrong codes, and joins, are limited for each (WRONG_CODES, JOINS).
        """
        now = _now(now)
        name = _text(name, MAX_NAME, "your name")
        code = clean_code(code)
        clients = {kind: str(who)[:200] for kind, who in (("browser", browser), ("address", address)) if who}
        with self._tx() as db:
            db.run("DELETE FROM attempts WHERE at < ?", (now - _LONGEST_WINDOW,))
            for kind, who in clients.items():
                most, seconds = WRONG_CODES[kind]
                if db.one("SELECT COUNT(*) FROM attempts WHERE what = 'wrong code' AND client = ? AND at > ?",
                          (f"{kind} {who}", now - seconds))[0] >= most:
                    wait = "a minute" if seconds <= 60 else f"{seconds / 60:.0f} minutes"
                    raise ClassError(f"too many wrong class codes from this {kind}: wait {wait}, then try again")
            row = db.one("SELECT open, joins_open FROM classes WHERE code = ? AND expires >= ?", (code, now))
            if row is None:
                for kind, who in clients.items():
                    db.run("INSERT INTO attempts (what, client, at) VALUES ('wrong code', ?, ?)", (f"{kind} {who}", now))
        if row is None:  # the guess is counted (committed above) before the learner hears of it
            raise ClassError("there is no class with that code: check it with your teacher")
        if not row[0]:
            raise ClassError("this class is closed: your teacher closed it")
        if not row[1]:
            raise ClassError("this class takes no new learners just now: ask your teacher")
        try:
            return self._add_learner(code, name, clients, now)
        except Exception as err:
            if self._duplicate(err):  # two joined with one name at the same moment: the second hears so
                raise ClassError(f"someone in this class is called {name!r} already: pick another name") from None
            raise

    def _add_learner(self, code, name, clients, now):
        token = secrets.token_urlsafe(24)
        with self._tx() as db:
            if self.postgres:  # joins of one class one at a time, so that counts and names hold
                db.run("SELECT 1 FROM classes WHERE code = ? FOR UPDATE", (code,))
            for kind, who in clients.items():
                most, seconds = JOINS[kind]
                if db.one("SELECT COUNT(*) FROM attempts WHERE what = ? AND client = ? AND at > ?",
                          (f"join {code}", f"{kind} {who}", now - seconds))[0] >= most:
                    raise ClassError(f"too many joins of this class from this {kind}: ask your teacher, or "
                                     f"wait {seconds / 60:.0f} minutes")
            taken = db.all("SELECT name FROM learners WHERE class_code = ?", (code,))
            if len(taken) >= MAX_LEARNERS:
                raise ClassError(f"this class is full ({MAX_LEARNERS} learners): ask your teacher")
            look = names.look(name)
            for (other,) in taken:
                if names.look(other) == look:
                    same = "" if other == name else f" (or a name that looks the same, {other!r})"
                    raise ClassError(f"someone in this class is called {name!r} already{same}: pick another name")
            db.run("INSERT INTO learners (class_code, name, token_hash, joined) VALUES (?, ?, ?, ?)",
                   (code, name, _hash(token), now))
            for kind, who in clients.items():
                db.run("INSERT INTO attempts (what, client, at) VALUES (?, ?, ?)", (f"join {code}", f"{kind} {who}", now))
        return token

    def _duplicate(self, err):
        return isinstance(err, sqlite3.IntegrityError) or type(err).__name__ == "UniqueViolation"

    def _learner(self, db, code, token, now=None):
        if not isinstance(token, str):
            raise ClassError("you are not in this class: join it again")
        row = db.one("SELECT l.name, c.open, c.learners_see FROM learners l JOIN classes c ON c.code = l.class_code "
                     "WHERE l.class_code = ? AND l.token_hash = ? AND c.expires >= ?", (code, _hash(token), _now(now)))
        if row is None:
            raise ClassError("you are not in this class any more (it may have ended, or your teacher took you out "
                             "of it): join it again")
        return row[0], bool(row[1]), bool(row[2])

    def leave(self, code, token):
        """A learner leaves: one who posted nothing is taken out (their name and place are free again); one who
        posted stays on the board under their name."""
        with self._tx() as db:
            name, _, _ = self._learner(db, code, token)
            if db.one("SELECT 1 FROM posts WHERE class_code = ? AND learner = ?", (code, name)) is None:
                db.run("DELETE FROM learners WHERE class_code = ? AND name = ?", (code, name))

    def post(self, code, token, run, note="", now=None):
        """Post a run (a JSON-ready dict: its recipe, link, epoch, loss, outputs, curve) with a note; return its id."""
        now = _now(now)
        note = _text(note, MAX_NOTE, "the note", empty=True)
        body = json.dumps(run, separators=(",", ":"), allow_nan=False)
        if len(body) > MAX_POST_BYTES:
            raise ClassError(f"this run is too big to post ({len(body) // 1024} KB; at most {MAX_POST_BYTES // 1024})")
        with self._tx() as db:
            name, open_, _ = self._learner(db, code, token, now)
            if not open_:
                raise ClassError("this class is closed: your teacher closed it")
            mine = db.one("SELECT COUNT(*), MAX(created), SUM(CASE WHEN created > ? THEN 1 ELSE 0 END) FROM posts "
                          "WHERE class_code = ? AND learner = ?", (now - 60, code, name))
            if mine[0] >= MAX_POSTS_PER_LEARNER:
                raise ClassError(f"you have posted {MAX_POSTS_PER_LEARNER} runs, the most a learner can")
            if mine[1] is not None and now - mine[1] < MIN_SECONDS_BETWEEN_POSTS:
                raise ClassError(f"you posted a moment ago: wait {MIN_SECONDS_BETWEEN_POSTS:g} seconds between posts")
            total, recent = db.one("SELECT COUNT(*), SUM(CASE WHEN created > ? THEN 1 ELSE 0 END) FROM posts "
                                   "WHERE class_code = ?", (now - 60, code))
            if total >= MAX_POSTS_PER_CLASS:
                raise ClassError(f"this class's board is full: it holds {MAX_POSTS_PER_CLASS:,} runs, the most a "
                                 "class can keep. Your teacher can remove runs to make room")
            learners = db.one("SELECT COUNT(*) FROM learners WHERE class_code = ?", (code,))[0]
            share = MAX_POSTS_PER_CLASS_MINUTE / max(1, learners)
            if (recent or 0) >= MAX_POSTS_PER_CLASS_MINUTE and (mine[2] or 0) >= share:
                raise ClassError("the class's board is busy, and you have posted your share of this minute's runs: "
                                 "try again in a minute")
            return db.insert("INSERT INTO posts (class_code, learner, note, run, created) VALUES (?, ?, ?, ?, ?)",
                             (code, name, note, body, now))

    def record_solved(self, code, token, solved):
        """Keep the challenges the learner has solved ({key: epoch}), for the board."""
        body = json.dumps({str(k)[:40]: int(v) for k, v in dict(solved).items()}, separators=(",", ":"))
        if len(body) > 4096:
            raise ClassError("too many solved challenges to record")
        with self._tx() as db:
            name, _, _ = self._learner(db, code, token)
            db.run("UPDATE learners SET solved = ? WHERE class_code = ? AND name = ?", (body, code, name))

    # --- the board -------------------------------------------------------------------------------------
    def board(self, code, include_hidden=False):
        """Return the class's whole board: (posts, learners), oldest first. Each post is a dict with its run;
        each learner (name, {challenge: epoch})."""
        with self._tx(write=False) as db:
            rows = db.all("SELECT id, learner, note, run, created, hidden FROM posts WHERE class_code = ? "
                          + ("" if include_hidden else "AND hidden = 0 ") + "ORDER BY id", (code,))
            learners = db.all("SELECT name, solved FROM learners WHERE class_code = ? ORDER BY joined", (code,))
        return [_post(r) for r in rows], [(name, json.loads(solved)) for name, solved in learners]

    def page(self, code, include_hidden=False, offset=0, limit=40, learner=None):
        """Return a Page of the board: `limit` posts from the `offset`-th newest (of one learner's, if named).
        Its cost depends on the page, not on how many posts the class holds."""
        with self._tx(write=False) as db:
            return self._page(db, code, include_hidden, offset, limit, learner)

    def _page(self, db, code, include_hidden, offset, limit, learner):
        where = "class_code = ?" + ("" if include_hidden else " AND hidden = 0")
        args = (code,)
        counts = dict(db.all(f"SELECT learner, COUNT(*) FROM posts WHERE {where} GROUP BY learner", args))
        if learner is not None:
            where, args = where + " AND learner = ?", (*args, learner)
        rows = db.all(f"SELECT id, learner, note, run, created, hidden FROM posts WHERE {where} "
                      "ORDER BY id DESC LIMIT ? OFFSET ?", (*args, int(limit), int(offset)))
        learners = db.all("SELECT name, solved FROM learners WHERE class_code = ? ORDER BY joined", (code,))
        total = counts.get(learner, 0) if learner is not None else sum(counts.values())
        return Page([_post(r) for r in rows], total,
                    [(name, json.loads(solved), counts.get(name, 0)) for name, solved in learners])

    def teacher_page(self, secret, offset=0, limit=40, learner=None):
        """A page of the teacher's board (hidden posts too), in one transaction."""
        with self._tx(write=False) as db:
            return self._page(db, self._teacher(db, secret), True, offset, limit, learner)

    def learner_page(self, code, token, offset=0, limit=40, learner=None):
        """A page of the board as a learner sees it (hidden posts left out), if the teacher lets learners see it."""
        with self._tx(write=False) as db:
            if not self._learner(db, code, token)[2]:
                raise ClassError("your teacher has not shared the board with the class")
            return self._page(db, code, False, offset, limit, learner)

    def teacher_board(self, secret):
        with self._tx(write=False) as db:
            code = self._teacher(db, secret)
        return self.board(code, include_hidden=True)

    def learner_class(self, code, token):
        """Return (the learner's name, ClassInfo) for a learner's token, or None."""
        with self._tx(write=False) as db:
            row = db.one(f"SELECT l.name, {_CLASS_AS_C} "
                         "FROM learners l JOIN classes c ON c.code = l.class_code WHERE l.class_code = ? AND "
                         "l.token_hash = ? AND c.expires >= ?",
                         (code, _hash(token) if isinstance(token, str) else "", _now(None)))
        return None if row is None else (row[0], _info(row[1:]))

    def export(self, secret):
        """Everything of the teacher's class, as one JSON-ready dict: the class, every learner (when they
        joined, the challenges they solved) and every post, hidden ones marked."""
        with self._tx(write=False) as db:
            code = self._teacher(db, secret)
            info = _info(db.one(f"SELECT {_CLASS} FROM classes WHERE code = ?", (code,)))
            learners = db.all("SELECT name, joined, solved FROM learners WHERE class_code = ? ORDER BY joined", (code,))
            rows = db.all("SELECT id, learner, note, run, created, hidden FROM posts WHERE class_code = ? ORDER BY id",
                          (code,))
        return {"format": "happiness-net-class", "version": 2, "code": info.code, "title": info.title,
                "created": info.created, "expires": info.expires, "open": info.open,
                "learners_see": info.learners_see, "joins_open": info.joins_open,
                "learners": [{"name": n, "joined": j, "solved": json.loads(s)} for n, j, s in learners],
                "posts": [_post(r) for r in rows]}


def clean_code(code):
    """A class code as typed (spaces, dashes, lower case), as the store keeps it."""
    return "".join(str(code).split()).replace("-", "").upper()[:CODE_LENGTH + 5]


_CLASS = "code, title, created, expires, open, learners_see, joins_open"  # a ClassInfo's columns, in order
_CLASS_AS_C = ", ".join(f"c.{column}" for column in _CLASS.split(", "))  # the same, of classes joined as c


def _info(row):
    return ClassInfo(row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]), bool(row[6]))


def _post(row):
    return {"id": row[0], "learner": row[1], "note": row[2], "run": json.loads(row[3]), "created": row[4],
            "hidden": bool(row[5])}


def _ids(post_ids):
    return [int(i) for i in (post_ids if isinstance(post_ids, list | tuple | set) else [post_ids])]


def _now(now):
    return time.time() if now is None else now


def _text(value, most, what, empty=False):
    """A name, title or note as stored (classroom/names.cleaned): one line, trimmed, nothing that draws
    nothing, within its bound (ClassError otherwise)."""
    if not isinstance(value, str):
        raise ClassError(f"{what} must be text")
    cleaned = names.cleaned(value)
    if not cleaned and not empty:
        raise ClassError(f"{what} can't be empty")
    if len(cleaned) > most:
        raise ClassError(f"{what} can be at most {most} characters; this has {len(cleaned)}")
    return cleaned


class _Sqlite:
    def __init__(self, conn):
        self.conn = conn

    def run(self, sql, args=()):
        self.conn.execute(sql, args)

    def one(self, sql, args=()):
        return self.conn.execute(sql, args).fetchone()

    def all(self, sql, args=()):
        return self.conn.execute(sql, args).fetchall()

    def insert(self, sql, args=()):
        return self.conn.execute(sql, args).lastrowid


class _Postgres:
    def __init__(self, conn):
        self.conn = conn

    def run(self, sql, args=()):
        self.conn.execute(sql.replace("?", "%s"), args)

    def one(self, sql, args=()):
        return self.conn.execute(sql.replace("?", "%s"), args).fetchone()

    def all(self, sql, args=()):
        return self.conn.execute(sql.replace("?", "%s"), args).fetchall()

    def insert(self, sql, args=()):
        return self.conn.execute(sql.replace("?", "%s") + " RETURNING id", args).fetchone()[0]


_stores, _stores_lock = {}, threading.Lock()
_down, _down_lock = {}, threading.Lock()  # a store's URL -> the cause of its failure, logged once, until it answers


def shared(url=None):
    """The process's Store for url (the default store when None): made, and migrated, once."""
    url = url or default_url()
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store(url)
        return _stores[url]
