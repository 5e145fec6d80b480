"""A read-only install: the app runs where neither its own folder nor the user's home can be written.

That is a container image, a school server, or a system-wide pip install. numba then can't cache the
kernel beside its source or in the home's cache, and it must neither raise nor stop the app (nn/kernel.py
`_cache_folder`). The copy here is made read-only, its nn/__pycache__ is a file (so that no one, root
included, can make the folder numba would cache in), and HOME is a path nothing can be made under.

The app runs as a user who isn't root: when the tests run as root, as `nobody` through `setpriv`,
keeping only the right to read and search folders (so it can read the Python installed under /root),
and never the right to write where its user can't.
"""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAW_OVERVIEW = """
import os
assert os.getuid() != 0 and os.geteuid() != 0, "the app must run as a user who isn't root"
import nn.kernel
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=120).run()
assert not at.exception, [e.message for e in at.exception]
assert at.title[0].value == "Happiness Net Playground", [t.value for t in at.title]
print("cached:", nn.kernel._CACHE)
"""


def read_only_copy(tmp_path):
    copy = tmp_path / "app"
    for part in ("nn", "ui", "serving", "app_pages", "classroom", ".streamlit"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "app.py", copy / "app.py")
    for path in [copy, *copy.rglob("*")]:  # the checkout copied may itself be read-only
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    (copy / "nn" / "__pycache__").write_text("a file where numba would make its cache folder")
    for path in [copy, *copy.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return copy


def run(copy, tmpdir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(HOME="/dev/null/home", TMPDIR=str(tmpdir), PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(copy))
    command = [sys.executable, "-c", DRAW_OVERVIEW]
    if os.getuid() == 0:
        tmpdir.chmod(0o777)  # the unprivileged user's own temp folder
        command = [shutil.which("setpriv") or "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                   "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", *command]
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=300)


def test_a_read_only_install_run_by_a_user_who_isnt_root_draws_overview_and_caches_the_kernel_in_the_temp_folder(tmp_path):
    copy, tmpdir = read_only_copy(tmp_path), tmp_path / "tmp"
    tmpdir.mkdir()
    try:
        done = run(copy, tmpdir)
    finally:
        for path in [copy, *copy.rglob("*")]:  # let pytest clean up
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cached: True" in done.stdout
    assert any(tmpdir.glob("happiness-net-numba-*/**/*.nbi")), list(tmpdir.rglob("*"))


def test_where_nothing_can_be_written_the_kernel_compiles_without_a_cache(monkeypatch):
    import numba

    from nn import kernel
    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    monkeypatch.setattr(kernel, "_writable", lambda folder, own=False: False)
    assert kernel._cache_folder() is False
    monkeypatch.setattr(kernel, "_CACHE", False)

    @kernel.njit(nogil=True, cache=True)
    def twice(x):
        return 2.0 * x

    assert twice(1.5) == 3.0
    assert type(twice._cache).__name__ == "NullCache"  # numba's "no cache": nothing is read or written


def test_another_users_folder_in_the_temp_folder_is_never_used(tmp_path, monkeypatch):
    from nn import kernel
    folder = tmp_path / "theirs"
    folder.mkdir()
    monkeypatch.setattr(kernel.os, "getuid", lambda: folder.stat().st_uid + 1)
    assert not kernel._writable(str(folder), own=True)
    assert kernel._writable(str(folder))
