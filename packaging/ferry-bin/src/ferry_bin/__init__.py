"""The ``ferry`` binary, shipped inside this package.

``binary_path()`` is the path of the executable; the ``ferry`` command that pip installs runs it.
Integrations (the Airflow provider, the GitHub Action) call ``binary_path()`` instead of searching
``PATH``, so the binary they run is the one this package pinned. Nothing here downloads anything.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["binary_path"]

_BINARY = Path(__file__).resolve().parent / "bin" / "ferry"


def binary_path() -> str:
    """Return the absolute path of the bundled ``ferry`` executable.

    Raises ``FileNotFoundError`` when the file is missing or not executable (a damaged install:
    reinstall ``ferry-bin``).
    """
    if not _BINARY.is_file() or not os.access(_BINARY, os.X_OK):
        raise FileNotFoundError(
            f"the ferry binary of ferry-bin is missing or not executable: {_BINARY}; reinstall ferry-bin"
        )
    return str(_BINARY)


def __getattr__(name: str) -> str:
    # The version is the wheel's (the binary's own); read lazily so that importing stays cheap.
    if name == "__version__":
        from importlib.metadata import version

        return version("ferry-bin")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
