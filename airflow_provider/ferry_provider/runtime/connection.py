"""Turning an Airflow connection into a Ferry target, keeping its password out of the request."""

from __future__ import annotations

import logging
from typing import Any, Mapping
from urllib.parse import quote

from ferry_provider.contract import TARGET_MEMBERS
from ferry_provider.runtime.errors import FerryRunFatalError

#: Connection types that become a PostgreSQL target, and those that become a SQLite target.
POSTGRES_TYPES = ("postgres", "postgresql")
SQLITE_TYPES = ("sqlite",)

#: libpq connection parameters taken from a postgres connection's extra into the URI's query string.
#: Host, port, user and database come from the connection's own fields; ``password`` goes through
#: PGPASSWORD; ``sslpassword`` is a secret with no environment variable, so it is never passed.
LIBPQ_PARAMETERS = frozenset(
    {
        "application_name", "channel_binding", "client_encoding", "connect_timeout",
        "fallback_application_name", "gssencmode", "gsslib", "gssdelegation", "hostaddr", "keepalives",
        "keepalives_count", "keepalives_idle", "keepalives_interval", "krbsrvname", "load_balance_hosts",
        "options", "passfile", "require_auth", "requirepeer", "service", "ssl_max_protocol_version",
        "ssl_min_protocol_version", "sslcert", "sslcertmode", "sslcompression", "sslcrl", "sslcrldir",
        "sslkey", "sslmode", "sslnegotiation", "sslrootcert", "sslsni", "target_session_attrs",
        "tcp_user_timeout",
    }
)


def target_from_connection(
    conn: Any, target: Mapping[str, Any] | None, log: logging.Logger
) -> tuple[dict[str, Any], dict[str, str]]:
    """The target with the connection's kind and location put in, and the environment ferry needs
    (``PGPASSWORD``). ``target`` keeps its other members (table, schema, ...)."""
    conn_type = (conn.conn_type or "").lower()
    if target is not None and not isinstance(target, Mapping):
        raise FerryRunFatalError(f"target must be a dict when conn_id is given, not {type(target).__name__}")
    given = dict(target or {})
    if conn_type in POSTGRES_TYPES:
        kind, location_member = "postgres", "connection"
        location = postgres_uri(conn, log)
        env = {"PGPASSWORD": conn.password} if conn.password else {}
    elif conn_type in SQLITE_TYPES:
        kind, location_member = "sqlite", "path"
        if not conn.host:
            raise FerryRunFatalError(f"connection {conn.conn_id} (sqlite) has no host: put the database file's path there")
        location = conn.host
        env = {}
    else:
        raise FerryRunFatalError(
            f"connection {conn.conn_id} has type {conn.conn_type!r}; FerryOperator takes "
            f"{', '.join(POSTGRES_TYPES + SQLITE_TYPES)} connections"
        )
    if location_member not in TARGET_MEMBERS.get(kind, ()):
        raise FerryRunFatalError(f"this provider's contract has no {kind} target with a {location_member}")
    if given.get("kind") not in (None, kind):
        raise FerryRunFatalError(
            f"target kind {given.get('kind')!r} does not match connection {conn.conn_id}, which is {kind}"
        )
    if given.get(location_member) is not None:
        raise FerryRunFatalError(
            f"target.{location_member} and conn_id both say where the target is; give one of them"
        )
    given.pop("kind", None)
    resolved = {"kind": kind, location_member: location}
    resolved.update(given)
    return resolved, env


def postgres_uri(conn: Any, log: logging.Logger) -> str:
    """``postgresql://user@host:port/database?params`` from a postgres connection: the password
    left out, the connection's ``schema`` as the database (Airflow's meaning), the libpq parameters
    of ``extra`` in the query string."""
    uri = "postgresql://"
    if conn.login:
        uri += quote(conn.login, safe="") + "@"
    uri += ",".join(_uri_host(host.strip()) for host in (conn.host or "").split(",") if host.strip())
    if conn.port:
        uri += f":{int(conn.port)}"
    if conn.schema:
        uri += "/" + quote(conn.schema, safe="")
    params = []
    for key, value in sorted(_extra(conn).items()):
        if key not in LIBPQ_PARAMETERS:
            log.debug("connection %s: extra %s is not a libpq parameter; not passed to ferry", conn.conn_id, key)
            continue
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, (str, int, float)):
            log.warning("connection %s: extra %s is not a string or number; not passed to ferry", conn.conn_id, key)
            continue
        params.append(f"{quote(key, safe='')}={quote(str(value), safe='')}")
    if "sslpassword" in _extra(conn):
        log.warning("connection %s: extra sslpassword is not passed to ferry (it would enter the request)", conn.conn_id)
    if params:
        uri += "?" + "&".join(params)
    return uri


def _uri_host(host: str) -> str:
    if host.startswith("/"):
        return quote(host, safe="")  # a Unix socket directory
    if ":" in host and not host.startswith("["):
        return f"[{host}]"  # an IPv6 address
    return quote(host, safe="[]:.-_~")


def _extra(conn: Any) -> dict[str, Any]:
    extra = getattr(conn, "extra_dejson", None)
    return dict(extra) if isinstance(extra, Mapping) else {}
