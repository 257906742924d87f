"""Finding the ``ferry`` binary. The provider never downloads it."""

from __future__ import annotations

import importlib
import os
import shutil
from typing import Mapping

from ferry_provider.runtime.errors import FerryRunFatalError

#: The package of the ``ferry-bin`` wheel, which carries the binary; ``binary_path()`` returns its path.
BUNDLED_PACKAGE = "ferry_bin"


def find_ferry_binary(explicit: str | None, environ: Mapping[str, str]) -> str:
    """The binary to run: ``explicit`` (the operator's ``ferry_bin``), then ``$FERRY_BIN``, then the
    binary of an installed ``ferry-bin`` wheel, then ``ferry`` on ``PATH``.

    A value given explicitly or in ``FERRY_BIN`` that does not name an executable is an error, not
    a reason to look further: a misspelt path must not silently run another binary.
    """
    search_path = environ.get("PATH", os.defpath)
    if explicit:
        return _resolve(explicit, "ferry_bin", search_path)
    from_env = environ.get("FERRY_BIN")
    if from_env:
        return _resolve(from_env, "FERRY_BIN", search_path)
    bundled = bundled_binary()
    if bundled is not None:
        return bundled
    found = shutil.which("ferry", path=search_path)
    if found is not None:
        return found
    raise FerryRunFatalError(
        "no ferry binary found: pass ferry_bin=, set FERRY_BIN, install the ferry-bin wheel, or put ferry "
        "on the PATH of the worker (the provider never downloads it)"
    )


def bundled_binary() -> str | None:
    """The executable that an installed ``ferry_bin`` package exposes, or None without one."""
    try:
        module = importlib.import_module(BUNDLED_PACKAGE)
    except ImportError:
        return None
    locate = getattr(module, "binary_path", None)
    if locate is None:
        return None
    try:
        path = os.fspath(locate() if callable(locate) else locate)
    except Exception:  # a broken wheel must not hide a ferry on PATH
        return None
    return path if _is_executable(path) else None


def _resolve(value: str, origin: str, search_path: str) -> str:
    if os.sep in value or (os.altsep is not None and os.altsep in value):
        if _is_executable(value):
            return value
        raise FerryRunFatalError(f"{origin} names {value}, which is not an executable file")
    found = shutil.which(value, path=search_path)
    if found is None:
        raise FerryRunFatalError(f"{origin} names {value}, which is not on PATH")
    return found


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)
