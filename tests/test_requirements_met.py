"""scripts/requirements_met.py: scripts/test installs nothing where everything is installed already."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def met(tmp_path, *lines):
    (tmp_path / "base.txt").write_text("numpy>=2.0\n")
    (tmp_path / "req.txt").write_text("\n".join(["-r base.txt", *lines]) + "\n")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "requirements_met.py"), str(tmp_path / "req.txt")])
    return done.returncode == 0


def test_installed_requirements_are_met(tmp_path):
    assert met(tmp_path, "pytest>=8  # a comment", 'nothing-here>=1 ; python_version < "3.0"')


def test_a_missing_package_or_a_version_out_of_range_is_not(tmp_path):
    assert not met(tmp_path, "no-such-package-here>=1")
    assert not met(tmp_path, "pytest<1")

