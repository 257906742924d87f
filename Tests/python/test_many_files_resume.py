"""Checkpoints of chunked loads (Docs/many-files.md, "Checkpoints"): a resumed load seeks to the
record boundary of the last checkpoint instead of parsing the records before it, hashes the bytes
before it again to check them against the checkpoint's digest, records the SHA-256 of the whole
file, and refuses a file that changed.

A load is killed (SIGKILL) when its third checkpoint event arrives; the checkpoint row it left
in `ferry_checkpoints` names the byte offset. Replacing bytes far before that offset (same
length, modification time restored) is refused: the prefix's digest differs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import TIMEOUT_SECONDS

ROWS = 300_000
COMMIT_EVERY = 20_000
COLUMNS = ["--column", "id:bigint!", "--column", "name:text", "--column", "note:text"]


def write_input(path: Path) -> bytes:
    """Rows with a quoted line break every 997th row, so line and record numbers differ."""
    lines = ["id,name,note\n"]
    for i in range(1, ROWS + 1):
        note = '"two\nlines"' if i % 997 == 0 else f"n{i % 13}"
        lines.append(f"{i},name {i % 977} {'x' * 40},{note}\n")
    data = "".join(lines).encode()
    path.write_bytes(data)
    return data


def load_args(source: str, database: str, *extra: str) -> list[str]:
    return ["load", source, "--json", "--mode", "append", "--batch-size", "5000", "--commit-every", str(COMMIT_EVERY),
            *COLUMNS, "--to", "sqlite:" + database, "--table", "t", *extra]


def kill_at_third_checkpoint(ferry, args: list[str], cwd: Path) -> None:
    process = subprocess.Popen([ferry.path, *args], cwd=cwd, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for line in process.stdout:
            event = json.loads(line)
            assert event["type"] != "run_completed", "the load ended before it was killed"
            if event["type"] == "checkpoint" and not event["resumed"] and event["chunks"] == 3:
                process.kill()
                break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=TIMEOUT_SECONDS)


def checkpoint_offset(database: Path) -> int:
    with sqlite3.connect(database) as db:
        (state,) = db.execute("select resume_state from ferry_checkpoints").fetchone()
    fields = dict(part.split("=", 1) for part in state.split(";"))
    return int(fields["offset"])


def check_table(database: Path) -> None:
    with sqlite3.connect(database) as db:
        counts = db.execute("select count(*), count(distinct id), sum(id), sum(note = 'two\nlines') from t").fetchone()
        assert counts == (ROWS, ROWS, ROWS * (ROWS + 1) // 2, ROWS // 997)
        assert db.execute("select count(*) from sqlite_master where name like 'ferry_chunks_%'").fetchone() == (0,)
        assert db.execute("select count(*) from ferry_checkpoints").fetchone() == (0,)


def ledger_sha256(database: Path) -> tuple[str, int]:
    with sqlite3.connect(database) as db:
        return db.execute("select source_sha256, source_bytes from ferry_loads where status = 'completed'").fetchone()


def test_a_resumed_load_seeks_to_the_checkpoint_and_records_the_whole_files_sha256(ferry, tmp_path):
    source = tmp_path / "input.csv"
    original = write_input(source)
    kill_at_third_checkpoint(ferry, load_args("input.csv", "t.db"), tmp_path)
    offset = checkpoint_offset(tmp_path / "t.db")
    resumed = ferry(*load_args("input.csv", "t.db", "--resume"), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.describe()
    point = [e for e in resumed.events if e["type"] == "checkpoint" and e["resumed"]]
    assert point and point[0]["byte_offset"] == offset, resumed.describe()
    # The staged rows count as read; the records before the offset are not parsed again.
    assert resumed.result["rows_written"] == ROWS
    check_table(tmp_path / "t.db")
    assert ledger_sha256(tmp_path / "t.db") == (hashlib.sha256(original).hexdigest(), len(original))


def test_a_file_whose_prefix_changed_far_before_the_checkpoint_is_not_resumed(ferry, tmp_path):
    """The checkpoint keeps the SHA-256 of the bytes read so far; the resumed load hashes them
    again, so a change anywhere before the boundary is refused, not only in its last 4 KiB."""
    source = tmp_path / "input.csv"
    original = write_input(source)
    kill_at_third_checkpoint(ferry, load_args("input.csv", "t.db"), tmp_path)
    offset = checkpoint_offset(tmp_path / "t.db")
    start, end = (1 << 20) + 17, offset - 8192
    assert end - start > 1 << 20, f"the checkpoint is at byte {offset}, too early for this test"
    stat = source.stat()
    with open(source, "r+b") as out:
        out.seek(start)
        out.write(b"9" * (end - start))
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source.stat().st_size == len(original)
    refused = ferry(*load_args("input.csv", "t.db", "--resume"), cwd=tmp_path)
    assert refused.returncode == 3, refused.describe()
    message = refused.result["error"]["message"]
    assert "changed since the checkpoint" in message and "SHA-256" in message and "--no-resume" in message, refused.describe()
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("select count(*) from ferry_checkpoints").fetchone() == (1,)


def test_a_resumed_load_records_the_sha256_that_sha256sum_gives(ferry, tmp_path):
    write_input(tmp_path / "input.csv")
    kill_at_third_checkpoint(ferry, load_args("input.csv", "t.db"), tmp_path)
    resumed = ferry(*load_args("input.csv", "t.db", "--resume"), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.describe()
    check_table(tmp_path / "t.db")
    sha256sum = subprocess.run(["sha256sum", "input.csv"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert ledger_sha256(tmp_path / "t.db")[0] == sha256sum.stdout.split()[0]


@pytest.mark.parametrize("change", ["size", "mtime", "bytes_before_offset"])
def test_a_file_that_changed_since_the_checkpoint_is_not_resumed(ferry, tmp_path, change):
    source = tmp_path / "input.csv"
    write_input(source)
    kill_at_third_checkpoint(ferry, load_args("input.csv", "t.db"), tmp_path)
    offset = checkpoint_offset(tmp_path / "t.db")
    stat = source.stat()
    if change == "size":
        with open(source, "ab") as out:
            out.write(b"999999999,late,row\n")
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif change == "mtime":
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    else:
        # Same size, same time, other bytes right before the boundary: a digit of the last staged id.
        with open(source, "r+b") as out:
            out.seek(offset - 2)
            byte = out.read(1)
            out.seek(offset - 2)
            out.write(b"7" if byte != b"7" else b"8")
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    refused = ferry(*load_args("input.csv", "t.db", "--resume"), cwd=tmp_path)
    assert refused.returncode == 3, refused.describe()
    assert "--no-resume" in refused.result["error"]["message"], refused.describe()
    if change == "size":
        # Starting over loads the file as it is now (once: a full debug-build load is slow).
        again = ferry(*load_args("input.csv", "t.db", "--no-resume"), cwd=tmp_path)
        assert again.returncode == 0, again.describe()


def test_a_resumed_gzip_load_skips_the_decoded_prefix_and_loads_every_row_once(ferry, tmp_path):
    data = write_input(tmp_path / "plain.csv")
    (tmp_path / "input.csv.gz").write_bytes(gzip.compress(data, compresslevel=1))
    kill_at_third_checkpoint(ferry, load_args("input.csv.gz", "t.db"), tmp_path)
    offset = checkpoint_offset(tmp_path / "t.db")
    resumed = ferry(*load_args("input.csv.gz", "t.db", "--resume"), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.describe()
    point = [e for e in resumed.events if e["type"] == "checkpoint" and e["resumed"]]
    assert point and point[0]["byte_offset"] == offset and data[offset - 1:offset] == b"\n"
    check_table(tmp_path / "t.db")
    assert ledger_sha256(tmp_path / "t.db")[0] == hashlib.sha256((tmp_path / "input.csv.gz").read_bytes()).hexdigest()


@pytest.mark.parametrize("mode", ["create", "replace"])
def test_a_chunked_create_or_replace_into_sqlite_puts_the_staging_table_in_place(ferry, tmp_path, mode):
    write_input(tmp_path / "input.csv")
    if mode == "replace":
        with sqlite3.connect(tmp_path / "t.db") as db:
            db.execute("create table t (old text)")
            db.execute("insert into t values ('gone')")
    args = load_args("input.csv", "t.db")
    args[args.index("append")] = mode
    run = ferry(*args, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert run.result["rows_written"] == ROWS
    check_table(tmp_path / "t.db")


def psql(url: str, sql: str) -> str:
    out = subprocess.run(["psql", url, "-X", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                         check=True, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    return out.stdout.strip()


@pytest.mark.parametrize("existing", [False, True])
def test_a_chunked_replace_into_postgres_renames_the_staging_table_into_place(ferry, tmp_path, pg_url, pg_schema, existing):
    """The staged rows are not copied again: the staging table becomes the target. It has no
    numbering column to drop (only an upsert's staging table numbers its rows), so the table has
    no dropped column in its catalog either."""
    write_input(tmp_path / "input.csv")
    if existing:
        psql(pg_url, f"create table {pg_schema}.t (old text); insert into {pg_schema}.t values ('gone')")
    args = ["load", "input.csv", "--json", "--mode", "replace", "--batch-size", "5000", "--commit-every", str(COMMIT_EVERY),
            *COLUMNS, "--to", pg_url, "--schema", pg_schema, "--table", "t"]
    run = ferry(*args, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert run.result["rows_written"] == ROWS
    assert psql(pg_url, f"select count(*), count(distinct id), sum(id) from {pg_schema}.t") == f"{ROWS}|{ROWS}|{ROWS * (ROWS + 1) // 2}"
    assert psql(pg_url, f"select string_agg(attname, ',' order by attnum) from pg_attribute where attrelid = '{pg_schema}.t'::regclass "
                        "and attnum > 0 and not attisdropped") == "id,name,note"
    assert psql(pg_url, f"select count(*) from pg_attribute where attrelid = '{pg_schema}.t'::regclass and attisdropped") == "0"
    assert psql(pg_url, f"select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                        f"where nspname = '{pg_schema}' and relname like 'ferry_chunks_%'") == "0"


def test_a_chunked_upsert_into_postgres_keeps_the_last_row_of_each_key(ferry, tmp_path, pg_url, pg_schema):
    """Only an upsert's staging table numbers its rows (an identity column), so the final move
    applies them in load order and the last row of a key wins, across chunks, as in one
    transaction; other modes' staging tables have just the load's columns."""
    keys = 1000
    rows = ["id,v\n"] + [f"{i % keys},{i}\n" for i in range(1, 50_001)]
    (tmp_path / "input.csv").write_text("".join(rows))
    psql(pg_url, f"create table {pg_schema}.u (id bigint primary key, v bigint); insert into {pg_schema}.u values (0, -1)")
    args = ["load", "input.csv", "--json", "--mode", "upsert", "--key", "id", "--batch-size", "1000", "--commit-every", "7000",
            "--column", "id:bigint!", "--column", "v:bigint", "--to", pg_url, "--schema", pg_schema, "--table", "u"]
    run = ferry(*args, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert len([e for e in run.events if e["type"] == "checkpoint"]) >= 7, run.describe()
    expected = sum(max(i for i in range(1, 50_001) if i % keys == k) for k in range(keys))
    assert psql(pg_url, f"select count(*), sum(v) from {pg_schema}.u") == f"{keys}|{expected}"
