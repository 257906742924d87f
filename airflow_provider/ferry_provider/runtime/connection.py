"""Turning Airflow connections into a Ferry target or source, keeping their passwords out of the request."""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Mapping
from urllib.parse import quote

from ferry_provider.contract import SOURCE_MEMBERS, TARGET_MEMBERS
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
    endpoint, password = endpoint_from_connection(conn, target, "target", log)
    return endpoint, ({"PGPASSWORD": password.password} if password else {})


class PostgresPassword:
    """The password of a postgres connection, with the parts of the URI it belongs to (for a
    passfile line). Kept out of the request: ferry's libpq reads it from its environment."""

    def __init__(self, conn: Any) -> None:
        self.host = (conn.host or "").split(",")[0].strip() or "*"
        self.port = str(int(conn.port)) if conn.port else "*"
        self.database = conn.schema or "*"
        self.user = conn.login or "*"
        self.password = str(conn.password)

    def passfile_line(self) -> str:
        """One ``~/.pgpass`` line: ``host:port:database:user:password``, ``:`` and ``\\`` escaped."""

        def escaped(value: str) -> str:
            return value.replace("\\", "\\\\").replace(":", "\\:")

        def field(value: str) -> str:
            return value if value == "*" else escaped(value)

        return ":".join(field(v) for v in (self.host, self.port, self.database, self.user)) + ":" + escaped(self.password)


def endpoint_from_connection(
    conn: Any, endpoint: Mapping[str, Any] | None, role: str, log: logging.Logger
) -> tuple[dict[str, Any], PostgresPassword | None]:
    """The ``role`` endpoint (``"source"`` or ``"target"``) with the connection's kind and location
    put in, and the password ferry must get through its environment (postgres connections that have
    one). ``endpoint`` keeps its other members (table, schema, query, ...)."""
    conn_type = (conn.conn_type or "").lower()
    argument = "conn_id" if role == "target" else "source_conn_id"
    if endpoint is not None and not isinstance(endpoint, Mapping):
        raise FerryRunFatalError(f"{role} must be a dict when {argument} is given, not {type(endpoint).__name__}")
    given = dict(endpoint or {})
    password: PostgresPassword | None = None
    if conn_type in POSTGRES_TYPES:
        kind, location_member = "postgres", "connection"
        location = postgres_uri(conn, log)
        password = PostgresPassword(conn) if conn.password else None
    elif conn_type in SQLITE_TYPES:
        kind, location_member = "sqlite", "path"
        if not conn.host:
            raise FerryRunFatalError(f"connection {conn.conn_id} (sqlite) has no host: put the database file's path there")
        location = conn.host
    else:
        raise FerryRunFatalError(
            f"connection {conn.conn_id} has type {conn.conn_type!r}; FerryOperator takes "
            f"{', '.join(POSTGRES_TYPES + SQLITE_TYPES)} connections"
        )
    members = TARGET_MEMBERS if role == "target" else SOURCE_MEMBERS
    if location_member not in members.get(kind, ()):
        raise FerryRunFatalError(f"this provider's contract has no {kind} {role} with a {location_member}")
    if given.get("kind") not in (None, kind):
        raise FerryRunFatalError(
            f"{role} kind {given.get('kind')!r} does not match connection {conn.conn_id}, which is {kind}"
        )
    if given.get(location_member) is not None:
        raise FerryRunFatalError(
            f"{role}.{location_member} and {argument} both say where the {role} is; give one of them"
        )
    given.pop("kind", None)
    resolved = {"kind": kind, location_member: location}
    resolved.update(given)
    return resolved, password


def password_environment(passwords: list[PostgresPassword], private_dir: Callable[[], str]) -> dict[str, str]:
    """The environment that gives ferry the connections' passwords: ``PGPASSWORD`` when there is one
    password (or all are the same), else ``PGPASSFILE`` naming a passfile (mode 0600) written in
    ``private_dir()``, a directory only this process's user can read, removed after the run.
    libpq prefers ``PGPASSWORD`` to a passfile, so the variable is then left out."""
    distinct = {p.password for p in passwords}
    if not distinct:
        return {}
    if len(distinct) == 1:
        return {"PGPASSWORD": distinct.pop()}
    path = os.path.join(private_dir(), "pgpass")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as passfile:
        passfile.write("".join(p.passfile_line() + "\n" for p in passwords))
    return {"PGPASSFILE": path}


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
