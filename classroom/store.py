"""The class board's store: classes, learners, their posted runs and solved challenges, in a real database.

SQLite by default (a file in a data folder, made on first use, nothing to install); PostgreSQL when a
URL says so (psycopg 3), for several machines. Both run the same SQL (placeholders written `?`), each
operation in one short transaction on a connection of its own. Every rule a class keeps lives here:

- secrets: a teacher's link carries a secret made by `secrets`; only its SHA-256 is stored. A learner
  gets a token the same way. A learner's token can post (and read the board, if the teacher allows).
- codes: 10 characters from 31 (about 8 x 10^14 codes), and wrong guesses are limited per client.
- bounds: names, notes and posts have a most size; posts a most rate, per learner and per class.
- expiry: a class lasts CLASS_DAYS days; an expired class is gone for every call.
- schema: numbered migrations; opening a store brings an older database up to date and keeps its classes.

A confirmed write is committed (SQLite: WAL with synchronous=FULL), so a server killed at any moment
keeps every post it confirmed, and no partial one.
"""

import hashlib
import json
import os
import secrets
import sqlite3
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[:31]  # no 0/O, 1/I: read out to a class
CODE_LENGTH = 10
MAX_NAME, MAX_NOTE, MAX_TITLE = 40, 200, 60
MAX_POST_BYTES = 64 * 1024
CLASS_DAYS = float(os.environ.get("HAPPINESS_CLASS_DAYS", "30"))
MAX_LEARNERS = 200                  # a class
MAX_POSTS_PER_LEARNER = 50
MIN_SECONDS_BETWEEN_POSTS = 3.0     # a learner
MAX_POSTS_PER_CLASS_MINUTE = 300
MAX_POSTS_PER_CLASS = 3000
MAX_WRONG_CODES = 8                 # a client, in WRONG_CODE_WINDOW seconds
WRONG_CODE_WINDOW = 60.0
BUSY_SECONDS = 15.0                 # SQLite waits this long for another process's write


class ClassError(ValueError):
    """A plain sentence for the learner or teacher: what went wrong and what to do."""


@dataclass(frozen=True)
class ClassInfo:
    code: str
    title: str
    created: float
    expires: float
    open: bool
    learners_see: bool


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
)
VERSION = len(MIGRATIONS)


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


class Store:
    """One database of classes. Safe to share between threads and between processes."""

    def __init__(self, url=None, upto=VERSION):
        self.url = url or default_url()
        self.postgres = self.url.startswith(("postgresql://", "postgres://"))
        if not self.postgres:
            if not self.url.startswith("sqlite:///"):
                raise ValueError("a store's URL starts with sqlite:/// or postgresql://")
            self.path = Path(self.url.removeprefix("sqlite:///"))
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate(upto)

    # --- connections -----------------------------------------------------------------------------
    @contextmanager
    def _tx(self, write=True):
        """One transaction on a connection of its own: committed on leaving, rolled back on an error."""
        if self.postgres:
            import psycopg  # only where PostgreSQL is used

            with psycopg.connect(self.url, connect_timeout=10) as conn:  # commits on success, else rolls back
                yield _Postgres(conn)
            return
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

    # --- a class -------------------------------------------------------------------------------------
    def start_class(self, title="A class", now=None):
        """Start a class: return (its code for learners, the teacher's secret for the teacher's link)."""
        now = time.time() if now is None else now
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
            row = db.one("SELECT code, title, created, expires, open, learners_see FROM classes "
                         "WHERE teacher_hash = ? AND expires >= ?", (_hash(secret), _now(now)))
        return None if row is None else ClassInfo(row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]))

    def _teacher(self, db, secret, now=None):
        if not isinstance(secret, str):
            raise ClassError("this teacher link is not valid")
        row = db.one("SELECT code FROM classes WHERE teacher_hash = ? AND expires >= ?", (_hash(secret), _now(now)))
        if row is None:
            raise ClassError("this teacher link opens no class (it may have expired)")
        return row[0]

    def set_learners_see(self, secret, allowed):
        with self._tx() as db:
            code = self._teacher(db, secret)
            db.run("UPDATE classes SET learners_see = ? WHERE code = ?", (int(bool(allowed)), code))

    def close(self, secret):
        """Close the class: learners can no longer join or post; the board stays for the teacher."""
        with self._tx() as db:
            code = self._teacher(db, secret)
            db.run("UPDATE classes SET open = 0 WHERE code = ?", (code,))

    def set_hidden(self, secret, post_id, hidden=True):
        with self._tx() as db:
            code = self._teacher(db, secret)
            db.run("UPDATE posts SET hidden = ? WHERE id = ? AND class_code = ?", (int(bool(hidden)), post_id, code))

    def remove(self, secret, post_id):
        with self._tx() as db:
            code = self._teacher(db, secret)
            db.run("DELETE FROM posts WHERE id = ? AND class_code = ?", (post_id, code))

    # --- learners --------------------------------------------------------------------------------------
    def join(self, code, name, client, now=None):
        """A learner joins with the class code and a display name: return their token, or raise ClassError.

        client names who is guessing (a session, an address): wrong codes are limited per client.
        """
        now = _now(now)
        name = _text(name, MAX_NAME, "your name")
        code = "".join(str(code).split()).replace("-", "").upper()[:CODE_LENGTH + 5]
        with self._tx() as db:
            db.run("DELETE FROM wrong_codes WHERE at < ?", (now - WRONG_CODE_WINDOW,))
            tries = db.one("SELECT COUNT(*) FROM wrong_codes WHERE client = ?", (str(client)[:200],))[0]
            if tries >= MAX_WRONG_CODES:
                raise ClassError("too many wrong class codes: wait a minute, then try again")
            row = db.one("SELECT open FROM classes WHERE code = ? AND expires >= ?", (code, now))
            if row is None:
                db.run("INSERT INTO wrong_codes (client, at) VALUES (?, ?)", (str(client)[:200], now))
                wrong = True
            else:
                wrong = False
        if wrong:  # the guess is counted (committed above) before the learner hears of it
            raise ClassError("there is no class with that code: check it with your teacher")
        if not row[0]:
            raise ClassError("this class is closed: your teacher closed it")
        try:
            return self._add_learner(code, name, now)
        except Exception as err:
            if self._duplicate(err):  # two joined with one name at the same moment: the second hears so
                raise ClassError(f"someone in this class is called {name!r} already: pick another name") from None
            raise

    def _add_learner(self, code, name, now):
        token = secrets.token_urlsafe(24)
        with self._tx() as db:
            if db.one("SELECT COUNT(*) FROM learners WHERE class_code = ?", (code,))[0] >= MAX_LEARNERS:
                raise ClassError(f"this class is full ({MAX_LEARNERS} learners)")
            if db.one("SELECT 1 FROM learners WHERE class_code = ? AND lower(name) = lower(?)", (code, name)):
                raise ClassError(f"someone in this class is called {name!r} already: pick another name")
            db.run("INSERT INTO learners (class_code, name, token_hash, joined) VALUES (?, ?, ?, ?)",
                   (code, name, _hash(token), now))
        return token

    def _duplicate(self, err):
        return isinstance(err, sqlite3.IntegrityError) or type(err).__name__ == "UniqueViolation"

    def _learner(self, db, code, token, now=None):
        if not isinstance(token, str):
            raise ClassError("you are not in this class: join it again")
        row = db.one("SELECT l.name, c.open, c.learners_see FROM learners l JOIN classes c ON c.code = l.class_code "
                     "WHERE l.class_code = ? AND l.token_hash = ? AND c.expires >= ?", (code, _hash(token), _now(now)))
        if row is None:
            raise ClassError("you are not in this class any more (it may have expired): join it again")
        return row[0], bool(row[1]), bool(row[2])

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
            mine = db.one("SELECT COUNT(*), MAX(created) FROM posts WHERE class_code = ? AND learner = ?", (code, name))
            if mine[0] >= MAX_POSTS_PER_LEARNER:
                raise ClassError(f"you have posted {MAX_POSTS_PER_LEARNER} runs, the most a learner can")
            if mine[1] is not None and now - mine[1] < MIN_SECONDS_BETWEEN_POSTS:
                raise ClassError(f"you posted a moment ago: wait {MIN_SECONDS_BETWEEN_POSTS:g} seconds between posts")
            total, recent = db.one("SELECT COUNT(*), SUM(CASE WHEN created > ? THEN 1 ELSE 0 END) FROM posts "
                                   "WHERE class_code = ?", (now - 60, code))
            if total >= MAX_POSTS_PER_CLASS or (recent or 0) >= MAX_POSTS_PER_CLASS_MINUTE:
                raise ClassError("the class's board is taking no more posts just now: try again in a minute")
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
        """Return the class's board: (posts, learners). Each post is a dict with its run; each learner
        (name, {challenge: epoch})."""
        with self._tx(write=False) as db:
            rows = db.all("SELECT id, learner, note, run, created, hidden FROM posts WHERE class_code = ? "
                          + ("" if include_hidden else "AND hidden = 0 ") + "ORDER BY id", (code,))
            learners = db.all("SELECT name, solved FROM learners WHERE class_code = ? ORDER BY joined", (code,))
        posts = [{"id": r[0], "learner": r[1], "note": r[2], "run": json.loads(r[3]), "created": r[4],
                  "hidden": bool(r[5])} for r in rows]
        return posts, [(name, json.loads(solved)) for name, solved in learners]

    def teacher_board(self, secret):
        with self._tx(write=False) as db:
            code = self._teacher(db, secret)
        return self.board(code, include_hidden=True)

    def learner_board(self, code, token):
        """The board as a learner sees it (hidden posts left out), if the teacher lets learners see it."""
        with self._tx(write=False) as db:
            _, _, allowed = self._learner(db, code, token)
        if not allowed:
            raise ClassError("your teacher has not shared the board with the class")
        return self.board(code)

    def learner_class(self, code, token):
        """Return (the learner's name, ClassInfo) for a learner's token, or None."""
        with self._tx(write=False) as db:
            row = db.one("SELECT l.name, c.code, c.title, c.created, c.expires, c.open, c.learners_see FROM learners l "
                         "JOIN classes c ON c.code = l.class_code WHERE l.class_code = ? AND l.token_hash = ? "
                         "AND c.expires >= ?", (code, _hash(token) if isinstance(token, str) else "", _now(None)))
        return None if row is None else (row[0], ClassInfo(row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6])))

    def export(self, secret):
        """Everything of the teacher's class, as one JSON-ready dict."""
        info = self.teacher_class(secret)
        if info is None:
            raise ClassError("this teacher link opens no class (it may have expired)")
        posts, learners = self.board(info.code, include_hidden=True)
        return {"format": "happiness-net-class", "version": 1, "code": info.code, "title": info.title,
                "created": info.created, "expires": info.expires, "open": info.open,
                "learners": [{"name": n, "solved": s} for n, s in learners], "posts": posts}


def _now(now):
    return time.time() if now is None else now


def _text(value, most, what, empty=False):
    """A name or note as stored: one line, trimmed, within its bound (ClassError otherwise)."""
    if not isinstance(value, str):
        raise ClassError(f"{what} must be text")
    cleaned = " ".join("".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in value).split())
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


def shared(url=None):
    """The process's Store for url (the default store when None): made, and migrated, once."""
    url = url or default_url()
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store(url)
        return _stores[url]
