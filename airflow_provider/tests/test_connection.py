"""Airflow connections as targets: postgres and sqlite, the password only ever in PGPASSWORD."""

from __future__ import annotations

import json
import logging
import sqlite3
from types import SimpleNamespace

import pytest
from conftest import result_event

from ferry_provider.operators.ferry import FerryOperator
from ferry_provider.runtime.connection import postgres_uri, target_from_connection
from ferry_provider.runtime.errors import FerryRunFatalError

log = logging.getLogger("test")


def _conn(**fields):
    base = dict(conn_id="warehouse", conn_type="postgres", host=None, port=None, login=None, password=None,
                schema=None, extra_dejson={})
    base.update(fields)
    return SimpleNamespace(**base)


def test_a_postgres_connection_loads_into_the_real_server(ferry_bin, postgres, orders_csv, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_FERRY_WAREHOUSE", postgres.connection_json(sslmode="disable", application_name="ferry-airflow-test", cursor="dictcursor"))
    for variable in ("PGPASSWORD", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
        monkeypatch.delenv(variable, raising=False)
    postgres.psql("drop table if exists public.conn_orders")
    result = FerryOperator(
        task_id="load", ferry_bin=ferry_bin, conn_id="ferry_warehouse",
        source={"kind": "file", "path": str(orders_csv)}, target={"schema": "public", "table": "conn_orders"},
    ).execute({})
    assert result["target"]["kind"] == "postgres"
    assert result["target"]["connection"] == (
        f"postgresql://{postgres.user}@{postgres.host}:{postgres.port}/{postgres.database}"
        "?application_name=ferry-airflow-test&sslmode=disable"
    )
    assert postgres.psql("select string_agg(zip, ',' order by id) from public.conn_orders") == "02134,10001,94105"


def test_the_password_reaches_ferry_only_through_pgpassword(fake_ferry, monkeypatch, capfd):
    password = "s3cret-Pa55word"
    monkeypatch.setenv("AIRFLOW_CONN_SECRET_WAREHOUSE", json.dumps(
        {"conn_type": "postgres", "host": "db.internal", "port": 5432, "login": "loader", "password": password, "schema": "shop"}))
    binary = fake_ferry.script({"stdout_json": result_event()}, {"exit": 0})
    FerryOperator(task_id="load", ferry_bin=binary, conn_id="secret_warehouse",
                  source={"kind": "file", "path": "a.csv"}, target={"table": "orders"}).execute({})
    record = fake_ferry.recorded()
    assert record["env"]["PGPASSWORD"] == password
    assert password not in record["stdin"] and password not in " ".join(record["argv"])
    assert json.loads(record["stdin"])["target"] == {
        "kind": "postgres", "connection": "postgresql://loader@db.internal:5432/shop", "table": "orders"}
    task_log = "".join(capfd.readouterr())
    assert "completed: 3 rows written" in task_log  # the task log was captured
    assert password not in task_log


def test_a_sqlite_connection_names_the_database_file(ferry_bin, orders_csv, tmp_path, monkeypatch):
    database = tmp_path / "warehouse.db"
    monkeypatch.setenv("AIRFLOW_CONN_LOCAL_DB", json.dumps({"conn_type": "sqlite", "host": str(database)}))
    result = FerryOperator(task_id="load", ferry_bin=ferry_bin, conn_id="local_db",
                           source={"kind": "file", "path": str(orders_csv)}, target={"table": "orders"}).execute({})
    assert result["target"] == {"kind": "sqlite", "path": str(database), "table": "orders"}
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from orders").fetchone() == (3,)


def test_another_connection_type_fails_without_starting_ferry(fake_ferry, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_MY", json.dumps({"conn_type": "mysql", "host": "db"}))
    binary = fake_ferry.script({"exit": 0})
    with pytest.raises(FerryRunFatalError, match="has type 'mysql'; FerryOperator takes postgres, postgresql, sqlite"):
        FerryOperator(task_id="load", ferry_bin=binary, conn_id="my", source={"kind": "file", "path": "a.csv"}).execute({})
    assert not fake_ferry.record.exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"connection": "postgresql://other/db", "table": "t"}, "target.connection and conn_id both say where"),
        ({"kind": "sqlite", "table": "t"}, "target kind 'sqlite' does not match connection warehouse, which is postgres"),
    ],
)
def test_a_target_that_contradicts_the_connection_is_refused(target, message):
    with pytest.raises(FerryRunFatalError, match=message):
        target_from_connection(_conn(host="db"), target, log)


def test_uri_parts_are_escaped_and_hosts_of_every_shape_are_kept():
    conn = _conn(host="/var/run/postgresql", login="ana@corp", schema="sales db", port=6432,
                 extra_dejson={"sslmode": "verify-full", "sslrootcert": "/etc/ssl/ca.pem", "keepalives": True})
    assert postgres_uri(conn, log) == (
        "postgresql://ana%40corp@%2Fvar%2Frun%2Fpostgresql:6432/sales%20db"
        "?keepalives=1&sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fca.pem"
    )
    assert postgres_uri(_conn(host="::1", schema="shop"), log) == "postgresql://[::1]/shop"
    assert postgres_uri(_conn(host="a.internal,b.internal", port=5433), log) == "postgresql://a.internal,b.internal:5433"
    assert postgres_uri(_conn(), log) == "postgresql://"


def test_extras_that_are_not_libpq_parameters_or_are_secrets_are_left_out(caplog):
    conn = _conn(host="db", extra_dejson={"cursor": "realdictcursor", "sslpassword": "keypass", "options": "-c statement_timeout=0"})
    with caplog.at_level(logging.DEBUG):
        uri = postgres_uri(conn, log)
    assert uri == "postgresql://db?options=-c%20statement_timeout%3D0"
    assert any("sslpassword is not passed" in r.getMessage() for r in caplog.records)
    assert all("keypass" not in r.getMessage() for r in caplog.records)
