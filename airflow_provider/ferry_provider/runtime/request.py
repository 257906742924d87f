"""Building the JSON request that goes to ``ferry run`` on stdin."""

from __future__ import annotations

import copy
import json
from typing import Any, Mapping

from ferry_provider.contract import CONTRACT_VERSION, REQUEST_MEMBERS
from ferry_provider.runtime.errors import FerryRunFatalError


def build_request(members: Mapping[str, Any], raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """``raw`` (the operator's ``request=``) with every member of ``members`` that is not None put
    over it, and ``contract_version`` when ``raw`` has none.

    Nothing is validated here: ``ferry run`` validates the whole request and reports every problem
    with its JSON path (exit code 3).
    """
    if raw is not None and not isinstance(raw, Mapping):
        raise FerryRunFatalError(f"request must be a dict, not {type(raw).__name__}")
    request: dict[str, Any] = {"contract_version": CONTRACT_VERSION}
    request.update(copy.deepcopy(dict(raw or {})))
    for name in REQUEST_MEMBERS:
        value = members.get(name)
        if value is not None:
            request[name] = copy.deepcopy(value)
    return request


def encode_request(request: Mapping[str, Any]) -> bytes:
    """The request as UTF-8 JSON. A value JSON cannot hold fails the task, naming its member."""
    try:
        return json.dumps(request, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        member = _first_unencodable(request)
        where = f" in {member}" if member else ""
        raise FerryRunFatalError(f"the request cannot be written as JSON{where}: {error}") from None


def _first_unencodable(value: Any, path: str = "$") -> str | None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return path
            found = _first_unencodable(item, f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _first_unencodable(item, f"{path}[{index}]")
            if found:
                return found
        return None
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if value == value and value not in (float("inf"), float("-inf")) else path
    return path
