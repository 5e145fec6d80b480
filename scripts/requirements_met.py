"""Exit 0 if every requirement in the given requirements files (and the files they -r include) is installed
at an allowed version, else 1: scripts/test then installs what is missing."""

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement


def lines(path):
    for line in Path(path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            yield from lines(Path(path).parent / line[3:].strip())
        elif line:
            yield line


def met(path):
    for line in lines(path):
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            return False
        if not requirement.specifier.contains(version, prereleases=True):
            return False
    return True


if __name__ == "__main__":
    sys.exit(0 if all(met(path) for path in sys.argv[1:]) else 1)
