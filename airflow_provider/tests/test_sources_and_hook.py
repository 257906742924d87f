"""Connections for sources (source_conn_id), FerryHook, and Ferry's error lines at ERROR."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3

import pytest
from conftest import result_event

from ferry_provider import FerryHook
from ferry_provider.operators.ferry import FerryOperator
from ferry_provider.runtime.errors import FerryRunError, FerryRunFatalError
from ferry_provider.runtime.execution import stderr_level

SOURCE_ROLE = "ferry_airflow_source"
SOURCE_PASSWORD = "src-Pa55:word\\x"  # a colon and a backslash: escaped in the passfile


@pytest.fixture
def clean_pg_env(monkeypatch):
    for variable in ("PGPASSWORD", "PGPASSFILE", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def source_role(postgres):
    """A second login role with its own password, allowed to read public tables."""
    postgres.psql(f"drop owned by {SOURCE_ROLE}" if postgres.psql(f"select 1 from pg_roles where rolname = '{SOURCE_ROLE}'") else "select 1")
    postgres.psql(f"drop role if exists {SOURCE_ROLE}")
    postgres.psql(f"create role {SOURCE_ROLE} login password '{SOURCE_PASSWORD.replace(chr(39), chr(39) * 2)}'")
    postgres.psql(f"grant usage on schema public to {SOURCE_ROLE}")
    yield SOURCE_ROLE
    postgres.psql(f"drop owned by {SOURCE_ROLE}")
    postgres.psql(f"drop role if exists {SOURCE_ROLE}")


def _connection(postgres, login: str, password: str) -> str:
    return json.dumps({"conn_type": "postgres", "host": postgres.host, "port": postgres.port, "login": login,
                       "password": password, "schema": postgres.database})


def test_a_postgres_source_connection_with_another_password_than_the_target_loads(
        ferry_bin, postgres, source_role, clean_pg_env, monkeypatch, tmp_path, capfd):
    postgres.psql("drop table if exists public.src_conn_orders; drop table if exists public.src_conn_copy")
    postgres.psql("create table public.src_conn_orders (id int, zip text); insert into public.src_conn_orders values (1, '02134'), (2, '10001')")
    postgres.psql(f"grant select on public.src_conn_orders to {source_role}")
    monkeypatch.setenv("AIRFLOW_CONN_FERRY_SRC", _connection(postgres, source_role, SOURCE_PASSWORD))
    monkeypatch.setenv("AIRFLOW_CONN_FERRY_DST", _connection(postgres, postgres.user, postgres.password))
    result = FerryOperator(
        task_id="copy", ferry_bin=ferry_bin, source_conn_id="ferry_src", conn_id="ferry_dst",
        source={"table": "src_conn_orders"}, target={"table": "src_conn_copy"}, mode="replace",
    ).execute({})
    assert result["source"] == {"kind": "postgres", "table": "src_conn_orders",
                                "connection": f"postgresql://{source_role}@{postgres.host}:{postgres.port}/{postgres.database}"}
    assert postgres.psql("select string_agg(id || ':' || zip, ',' order by id) from public.src_conn_copy") == "1:02134,2:10001"
    task_log = "".join(capfd.readouterr())
    assert SOURCE_PASSWORD not in task_log and postgres.password not in task_log


def test_two_passwords_go_through_a_private_passfile_that_is_removed(fake_ferry, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_SRC", json.dumps({"conn_type": "postgres", "host": "a.internal", "port": 5432, "login": "reader", "password": "p:1", "schema": "crm"}))
    monkeypatch.setenv("AIRFLOW_CONN_DST", json.dumps({"conn_type": "postgres", "host": "b.internal", "login": "loader", "password": "p2", "schema": "shop"}))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    binary = fake_ferry.script({"copy_env_file": "PGPASSFILE"}, {"stdout_json": result_event()}, {"exit": 0})
    FerryOperator(task_id="copy", ferry_bin=binary, source_conn_id="src", conn_id="dst",
                  source={"table": "customers"}, target={"table": "customers"}).execute({})
    record = fake_ferry.recorded()
    assert "PGPASSWORD" not in record["env"]
    assert record["copied"] == "b.internal:*:shop:loader:p2\na.internal:5432:crm:reader:p\\:1\n"
    assert record["copied_mode"] == 0o600
    assert not os.path.exists(record["env"]["PGPASSFILE"])  # removed after the run
    request = json.loads(record["stdin"])
    assert request["source"] == {"kind": "postgres", "connection": "postgresql://reader@a.internal:5432/crm", "table": "customers"}
    assert "p:1" not in record["stdin"] and "p2" not in record["stdin"]


def test_a_sqlite_source_connection_becomes_the_source_path(ferry_bin, tmp_path, monkeypatch):
    source_db = tmp_path / "crm.db"
    with sqlite3.connect(source_db) as db:
        db.execute("create table customers (id integer, name text)")
        db.execute("insert into customers values (1, 'Ada'), (2, 'Grace')")
    monkeypatch.setenv("AIRFLOW_CONN_CRM", json.dumps({"conn_type": "sqlite", "host": str(source_db)}))
    result = FerryOperator(task_id="copy", ferry_bin=ferry_bin, cwd=str(tmp_path), source_conn_id="crm",
                           source={"query": "select id, name from customers where id > 1"},
                           target={"kind": "file", "path": "out.csv"}).execute({})
    assert result["source"]["path"] == str(source_db) and result["rows_written"] == 1
    assert (tmp_path / "out.csv").read_text().splitlines() == ["id,name", "2,Grace"]


def test_a_source_connection_and_a_source_path_conflict(fake_ferry, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_CRM", json.dumps({"conn_type": "sqlite", "host": "/data/crm.db"}))
    with pytest.raises(FerryRunFatalError, match="source.path and source_conn_id both say where the source is"):
        FerryOperator(task_id="t", ferry_bin=fake_ferry.script({"exit": 0}), source_conn_id="crm",
                      source={"path": "/other.db", "table": "t"}).execute({})


def test_ferry_hook_runs_a_load_and_returns_the_result(ferry_bin, orders_csv, tmp_path):
    hook = FerryHook(ferry_bin=ferry_bin, cwd=str(tmp_path))
    result = hook.load(source={"kind": "file", "path": str(orders_csv)}, target={"kind": "sqlite", "path": "h.db", "table": "orders"})
    assert (result["status"], result["rows_written"]) == ("completed", 3)
    with pytest.raises(FerryRunFatalError, match="already exists"):
        hook.load({"source": {"kind": "file", "path": str(orders_csv)}, "target": {"kind": "sqlite", "path": "h.db", "table": "orders"}})
    with pytest.raises(FerryRunFatalError, match="got sources, which are not request members"):
        hook.load(sources={})


def test_ferrys_error_lines_are_logged_at_error_and_its_warnings_at_warning(ferry_bin, orders_csv, tmp_path, capfd):
    assert stderr_level("ferry: error: schema \"x\" does not exist [target_not_found]") == logging.ERROR
    assert stderr_level("ferry: warning: 1 row rejected") == logging.WARNING
    operator = FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)})
    operator.execute({})
    capfd.readouterr()
    with pytest.raises(FerryRunError):
        operator.execute({})  # the table exists now
    task_log = "".join(capfd.readouterr())
    # Airflow's task log shows each line's level
    assert re.search(r'\[error\s*\] ferry: error: table "orders" already exists', task_log), task_log
