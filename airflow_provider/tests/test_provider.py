"""The package as Airflow sees it, and the generated contract mirror against the real binary."""

from __future__ import annotations

import inspect
import json
import subprocess
from importlib.metadata import entry_points

import pytest

from ferry_provider import contract
from ferry_provider.operators.ferry import FerryOperator


def test_the_provider_registers_through_the_apache_airflow_provider_entry_point():
    found = [ep for ep in entry_points(group="apache_airflow_provider") if ep.value.startswith("ferry_provider.")]
    assert [ep.value for ep in found] == ["ferry_provider.provider_info:get_provider_info"]
    info = found[0].load()()
    assert info["package-name"] == "airflow-provider-ferry"
    assert info["operators"][0]["python-modules"] == ["ferry_provider.operators.ferry"]


def test_airflows_providers_manager_lists_the_provider_and_its_operator_module_imports():
    from airflow.providers_manager import ProvidersManager

    provider = ProvidersManager().providers["airflow-provider-ferry"]
    assert provider.version == contract.FERRY_VERSION
    for module in provider.data["operators"][0]["python-modules"]:
        __import__(module)


def test_every_request_member_is_a_keyword_only_argument_and_a_template_field():
    parameters = inspect.signature(FerryOperator.__init__).parameters
    for name in contract.REQUEST_MEMBERS + ("request", "conn_id", "ferry_bin", "env", "cwd"):
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, name
    for name in contract.REQUEST_MEMBERS + ("request", "conn_id", "env", "cwd"):
        assert name in FerryOperator.template_fields, name
    from ferry_provider.runtime.compat import AirflowException

    with pytest.raises((TypeError, AirflowException)):  # Airflow 2.10 raises its own error
        FerryOperator("load", {"kind": "file", "path": "x.csv"})  # type: ignore[misc]


def test_the_generated_contract_matches_the_schemas_of_the_binary_under_test(ferry_bin):
    printed = subprocess.run([ferry_bin, "contract", "--schema", "request"], capture_output=True, check=True, text=True)
    request = json.loads(printed.stdout)
    members = tuple(k for k in request["properties"] if k != "contract_version")
    assert contract.REQUEST_MEMBERS == members
    assert contract.MODES == tuple(m for m in request["properties"]["mode"]["enum"] if m is not None)
    assert contract.SOURCE_KINDS == tuple(request["$defs"]["source"]["properties"]["kind"]["enum"])
    assert contract.TARGET_KINDS == tuple(request["$defs"]["target"]["properties"]["kind"]["enum"])
    assert contract.CONTRACT_VERSION == request["properties"]["contract_version"]["const"]

    printed = subprocess.run([ferry_bin, "contract", "--schema", "event"], capture_output=True, check=True, text=True)
    event = json.loads(printed.stdout)
    assert contract.EVENT_TYPES == tuple(event["properties"]["type"]["enum"])
    assert set(contract.RESULT_EVENT_TYPES) == {"run_completed", "run_failed"}


def test_the_provider_version_is_the_version_of_the_binary_under_test(ferry_bin):
    printed = subprocess.run([ferry_bin, "version", "--json"], capture_output=True, check=True, text=True)
    version = json.loads(printed.stdout)
    assert version["ferry"] == contract.FERRY_VERSION
    assert contract.CONTRACT_VERSION in version["contract_versions"]


def test_exit_codes_that_must_not_be_retried_are_usage_invalid_request_rejects_and_checks():
    assert contract.NEVER_RETRY_EXIT_CODES == frozenset({2, 3, 6, 7})
    assert contract.EXIT_CODES[7] == "checks_failed"
    assert contract.EXIT_CODES[3] == "invalid_request"
    assert contract.SUCCESS_EXIT_CODES == frozenset({0})
