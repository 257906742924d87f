"""The ``ferry`` console command (and ``python -m ferry_bin``): replaces itself with the binary.

``os.execv`` keeps the process id, so signals (SIGTERM from an orchestrator), the exit code,
stdin, stdout and stderr all belong to ``ferry`` itself.
"""

from __future__ import annotations

import os
import sys

from ferry_bin import binary_path


def main() -> None:
    """Run the bundled ``ferry`` with this command's arguments; does not return."""
    path = binary_path()
    os.execv(path, ["ferry", *sys.argv[1:]])


if __name__ == "__main__":
    main()
