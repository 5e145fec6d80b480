"""Stores made really unreachable, for the outage tests: a PostgreSQL of the test's own (that it stops and
pauses), and a folder that really can't be written, or a disk that really is full.

Each is the real thing, not a stand-in: a postmaster stopped with SIGSTOP, a read-only mount (as root, who
may write any folder) or a folder without write permission (as anyone else), a tmpfs filled to the last byte.
"""

import errno
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest


def need(ok, why):
    """Fail under CI=true, skip elsewhere, when what an outage test needs is missing."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnPostgres:
    """A PostgreSQL server of the test's own (Debian's binaries, a cluster in a temp folder, trust on
    127.0.0.1), run as the postgres user when the tests run as root."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
        need(binaries, "No PostgreSQL binaries (Debian's postgresql package) for the outage tests.")
        self.bin = Path(binaries[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="happiness-pg-outage-"))
        self.data, self.port = self.root / "data", _free_port()
        self.as_postgres = []
        if os.getuid() == 0:
            self.as_postgres = [shutil.which("setpriv") or "setpriv", "--reuid=postgres", "--regid=postgres",
                                "--clear-groups"]
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run([*self.as_postgres, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [*self.as_postgres, str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.05)  # polls the server until it takes connections

    def stop(self):
        """Stop the server (a fast shutdown; an immediate one if that hangs): connections are refused."""
        for how in (signal.SIGINT, signal.SIGQUIT):
            self.process.send_signal(how)
            try:
                self.process.wait(timeout=10)
                return
            except subprocess.TimeoutExpired:
                continue  # a backend still starting up after a pause: the immediate shutdown ends it
        self.process.kill()
        self.process.wait(timeout=10)

    @contextmanager
    def paused(self):
        """The postmaster hangs (SIGSTOP): a new connection is accepted by the kernel and never answered."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def read_only(folder):
    """Make `folder` really read-only for this process: a read-only bind mount as root, else no write bit."""
    folder = Path(folder)
    if os.getuid() != 0:  # the folder and every file in it lose their write bits
        files = [f for f in folder.iterdir() if f.is_file()]
        for path in (*files, folder):
            path.chmod(path.stat().st_mode & ~0o222)
        try:
            yield
        finally:
            for path in (folder, *files):
                path.chmod(path.stat().st_mode | 0o200)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    need(mounted.returncode == 0, f"mount --bind failed: {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True, capture_output=True)


@contextmanager
def small_disk(size_kb=512):
    """A folder on a disk of its own, `size_kb` large (a tmpfs, as root), and a way to fill it."""
    need(os.getuid() == 0, "A full disk needs root (a tmpfs of its own).")
    folder = Path(tempfile.mkdtemp(prefix="happiness-small-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)], check=True,
                   capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True, capture_output=True)
        folder.rmdir()


def fill(folder):
    """Write to `folder` until its disk is full."""
    with open(Path(folder) / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as err:  # the disk is full: what the caller wanted
            assert err.errno == errno.ENOSPC, err
