"""`ferry dbt` and the generated dbt package, against real dbt-core + dbt-postgres and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
import uuid

GUARD = "ferry_assert_loaded"


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ferry_dbt_build_loads_the_seed_builds_the_guarded_model_and_passes(project):
    finished = project.ferry_dbt("--json", "--", "build")
    assert finished.returncode == 0, finished.describe()
    # Ferry's events on stdout (the load ends completed), dbt's output on stderr.
    events = finished.events
    assert events and events[-1]["type"] == "run_completed", finished.describe()
    assert events[-1]["rows_written"] == 10000
    assert "Completed successfully" in finished.stderr
    assert f"--exclude ferry_example.orders" in finished.stderr
    # One ledger row, replace mode, with the CSV's SHA-256; the model was built from the loaded rows.
    [row] = project.ledger()
    assert row["target_table"] == f"{project.schema}.orders"
    assert (row["status"], row["mode"], row["rows_written"]) == ("completed", "replace", "10000")
    assert row["source_sha256"] == sha256(project.directory / "seeds" / "orders.csv")
    assert project.sql(f"select sum(orders) from {project.schema}.orders_by_month") == [["10000"]]
    # column_types reached the request: numeric(12,2) became decimal(12,2).
    assert project.sql(
        f"select data_type, numeric_precision, numeric_scale from information_schema.columns "
        f"where table_schema = '{project.schema}' and table_name = 'orders' and column_name = 'amount'"
    ) == [["numeric", "12", "2"]]


def test_a_view_and_a_table_model_on_the_seed_build_twice(project):
    """Views are dbt's default materialization: a view over a Ferry seed must not stop the next load."""
    (project.directory / "models" / "active_orders.sql").write_text(
        "{{ config(materialized='view') }}\nselect id, amount from {{ ref('orders') }} where active\n"
    )
    for run in (1, 2):
        finished = project.ferry_dbt("--json", "--", "build")
        assert finished.returncode == 0, f"run {run}: " + finished.describe()
    # The second run found the seed unchanged; --reload loads it again under the view and the table model.
    assert "seed orders is unchanged since run" in finished.stderr, finished.describe()
    reloaded = project.ferry_dbt("--json", "--reload", "--", "build")
    assert reloaded.returncode == 0, reloaded.describe()
    rows = project.ledger()
    assert [row["status"] for row in rows] == ["completed", "completed"]
    assert project.sql(f"select count(*) > 0 from {project.schema}.active_orders") == [["t"]]
    assert project.sql(f"select sum(orders) from {project.schema}.orders_by_month") == [["10000"]]


def append_order(project, order_id: int) -> None:
    with (project.directory / "seeds" / "orders.csv").open("a", encoding="utf-8") as f:
        f.write(f"{order_id},0becd7b0-3898-4190-89eb-dacc0cb1e29c,late,1,1.00,true,2024-01-01,2024-01-01T00:00:00.000+00:00,,Ada\n")


def set_ferry_meta(project, meta: str) -> None:
    project_file = project.directory / "dbt_project.yml"
    text = project_file.read_text()
    assert '+tags: ["ferry"]' in text
    project_file.write_text(text.replace('+tags: ["ferry"]', '+tags: ["ferry"]\n      +meta:\n        ferry: ' + meta))


def test_an_unchanged_seed_is_skipped_a_changed_one_reloaded_and_reload_forces_it(project):
    first = project.ferry_dbt("--", "seed")
    assert first.returncode == 0, first.describe()
    assert "seeds: 1 loaded, 0 skipped as unchanged" in first.stderr, first.describe()
    [row] = project.ledger()
    # The ledger records the table's oid and the loaded column types.
    assert project.sql(f"select target_oid = '{project.schema}.orders'::regclass::oid::bigint, column_types::jsonb @> "
                       f"'[{{\"name\": \"amount\", \"type\": \"decimal(12,2)\"}}]' from {project.schema}.ferry_loads") == [["t", "t"]]
    second = project.ferry_dbt("--", "seed")
    assert second.returncode == 0, second.describe()
    assert f"seed orders is unchanged since run {row['run_id']}" in second.stderr, second.describe()
    assert "seeds: 0 loaded, 1 skipped as unchanged" in second.stderr
    assert len(project.ledger()) == 1
    append_order(project, 10001)
    changed = project.ferry_dbt("--", "seed")
    assert changed.returncode == 0, changed.describe()
    assert "the CSV changed since run" in changed.stderr
    forced = project.ferry_dbt("--reload", "--", "seed")
    assert forced.returncode == 0, forced.describe()
    assert "loading seed orders (replace): --reload" in forced.stderr
    assert [r["rows_written"] for r in project.ledger()] == ["10000", "10001", "10001"]
    # Changing column_types reloads an unchanged CSV.
    project_file = project.directory / "dbt_project.yml"
    project_file.write_text(project_file.read_text().replace("amount: numeric(12,2)", "amount: numeric(14,3)"))
    retyped = project.ferry_dbt("--", "seed")
    assert retyped.returncode == 0, retyped.describe()
    assert "column_types.amount is decimal(14,3) now, decimal(12,2) in run" in retyped.stderr, retyped.describe()
    assert len(project.ledger()) == 4


def test_a_table_replaced_by_dbt_seed_full_refresh_fails_the_guard_and_the_next_ferry_dbt_reloads_it(project):
    assert project.ferry_dbt("--", "build").returncode == 0
    # A plain dbt seed recreates the table behind Ferry's back: same CSV, same ledger row, another oid.
    plain = project.dbt("seed", "--full-refresh", "--select", "orders")
    assert plain.returncode == 0, plain.describe()
    stale = project.ferry_dbt("--no-load", "--", "run")
    assert stale.returncode == 1, stale.describe()
    assert (f"ferry_assert_loaded: seed 'orders' ({project.schema}.orders) is not the table Ferry loaded" in stale.stdout
            and "replaced since" in stale.stdout), stale.describe()
    again = project.ferry_dbt("--", "run")
    assert again.returncode == 0, again.describe()
    assert "loading seed orders (replace): its table was replaced since run" in again.stderr, again.describe()
    assert len(project.ledger()) == 2


def test_a_seed_with_mode_append_appends_a_changed_csv_and_skips_an_unchanged_one(project):
    set_ferry_meta(project, "{mode: append}")
    plan = project.dbt("run-operation", "ferry.ferry_load_plan", "--quiet")
    [line] = [json.loads(x) for x in plan.stdout.splitlines() if x.startswith('{"ferry_plan"')]
    assert line["request"]["mode"] == "append" and "key" not in line["request"]
    assert project.ferry_dbt("--", "seed").returncode == 0
    unchanged = project.ferry_dbt("--", "seed")
    assert unchanged.returncode == 0 and "skipped as unchanged" in unchanged.stderr, unchanged.describe()
    append_order(project, 10001)
    appended = project.ferry_dbt("--", "build")
    assert appended.returncode == 0, appended.describe()
    assert project.sql(f"select count(*) from {project.schema}.orders") == [["20001"]]
    assert [(r["mode"], r["rows_written"]) for r in project.ledger()] == [("append", "10000"), ("append", "10001")]


def test_a_seed_with_mode_upsert_merges_on_its_key(project):
    set_ferry_meta(project, "{mode: upsert, key: [id]}")
    assert project.ferry_dbt("--", "seed").returncode == 0
    append_order(project, 10001)
    merged = project.ferry_dbt("--", "build")
    assert merged.returncode == 0, merged.describe()
    assert project.sql(f"select count(*) from {project.schema}.orders") == [["10001"]]
    assert [r["mode"] for r in project.ledger()] == ["upsert", "upsert"]


def test_an_invalid_mode_or_a_missing_key_fails_before_anything_loads_naming_the_seed_and_the_setting(project):
    set_ferry_meta(project, "{mode: merge}")
    invalid = project.ferry_dbt("--", "build")
    assert invalid.returncode == 3, invalid.describe()
    assert "seed 'orders' (seeds/orders.csv): meta.ferry.mode is 'merge'; use one of: replace, append, upsert" in invalid.stderr, invalid.describe()
    assert "+meta: {ferry: {...}}` in dbt_project.yml" in invalid.stderr
    assert not project.table_exists("orders")
    project_file = project.directory / "dbt_project.yml"
    project_file.write_text(project_file.read_text().replace("{mode: merge}", "{mode: upsert}"))
    keyless = project.ferry_dbt("--", "build")
    assert keyless.returncode == 3, keyless.describe()
    assert "meta.ferry.mode is upsert, which needs key" in keyless.stderr, keyless.describe()
    assert not project.table_exists("orders")


def test_the_mode_can_come_from_the_seeds_properties_yaml(project):
    (project.directory / "seeds" / "properties.yml").write_text(
        "version: 2\nseeds:\n  - name: orders\n    config:\n      meta:\n        ferry:\n          mode: upsert\n"
    )
    missing = project.ferry_dbt("--", "seed")
    assert missing.returncode == 3, missing.describe()
    assert "seeds/properties.yml" in missing.stderr and "which needs key" in missing.stderr, missing.describe()
    (project.directory / "seeds" / "properties.yml").write_text(
        "version: 2\nseeds:\n  - name: orders\n    config:\n      meta:\n        ferry:\n          mode: upsert\n          key: [id]\n"
    )
    finished = project.ferry_dbt("--", "seed")
    assert finished.returncode == 0, finished.describe()
    assert [r["mode"] for r in project.ledger()] == ["upsert"]


def test_a_plain_dbt_run_on_a_fresh_schema_fails_in_the_guard_and_says_to_run_ferry_dbt(project):
    finished = project.dbt("run")
    assert finished.returncode == 1, finished.describe()
    assert f"{GUARD}: seed 'orders' ({project.schema}.orders) has not been loaded by Ferry" in finished.stdout
    assert "ferry dbt -- build" in finished.stdout
    assert not project.table_exists("orders_by_month")


def test_changing_the_csv_without_reloading_fails_the_guard_on_the_checksum(project):
    assert project.ferry_dbt("--", "build").returncode == 0
    csv = project.directory / "seeds" / "orders.csv"
    loaded = sha256(csv)
    with csv.open("a", encoding="utf-8") as f:
        f.write("10001,0becd7b0-3898-4190-89eb-dacc0cb1e29c,late,1,1.00,true,2024-01-01,2024-01-01T00:00:00.000+00:00,,Ada\n")
    finished = project.ferry_dbt("--no-load", "--", "run")
    assert finished.returncode == 1, finished.describe()
    assert f"{GUARD}: seeds/orders.csv has changed since Ferry loaded seed 'orders'" in finished.stdout
    assert f"SHA-256 loaded {loaded[:12]}" in finished.stdout and f"now {sha256(csv)[:12]}" in finished.stdout
    # --no-load loaded nothing; a plain `ferry dbt` reloads the new file and the guard passes.
    assert len(project.ledger()) == 1
    reloaded = project.ferry_dbt("--", "run")
    assert reloaded.returncode == 0, reloaded.describe()
    assert [row["rows_written"] for row in project.ledger()] == ["10000", "10001"]


def test_outside_ferry_dbt_the_checksum_cannot_be_checked_and_the_guard_says_how_to_proceed(project):
    assert project.ferry_dbt("--", "build").returncode == 0
    strict = project.dbt("run")
    assert strict.returncode == 1, strict.describe()
    assert "cannot check that seeds/orders.csv is the file Ferry loaded" in strict.stdout
    assert "ferry dbt --no-load" in strict.stdout
    relaxed = project.dbt("run", "--vars", "{ferry_require_checksum: false}")
    assert relaxed.returncode == 0, relaxed.describe()


def test_a_plain_dbt_seed_skips_the_ferry_seeds_through_the_default_selector(project):
    finished = project.dbt("seed")
    assert finished.returncode == 0, finished.describe()
    assert "orders" not in finished.stdout.split("Found", 1)[-1].split("Done", 1)[0] or "Nothing to do" in finished.stdout
    assert not project.table_exists("orders")


def test_the_plan_renders_requests_without_the_password_and_ferry_never_prints_it(project):
    password = project.server["password"]
    plan = project.dbt("run-operation", "ferry.ferry_load_plan", "--quiet")
    assert plan.returncode == 0, plan.describe()
    [line] = [json.loads(line) for line in plan.stdout.splitlines() if line.startswith('{"ferry_plan"')]
    assert line["seed"] == "seed.ferry_example.orders" and line["fqn"] == "ferry_example.orders"
    request = line["request"]
    assert request["mode"] == "replace" and request["source"] == {"kind": "file", "path": "seeds/orders.csv", "format": "csv"}
    target = request["target"]
    assert (target["kind"], target["schema"], target["table"]) == ("postgres", project.schema, "orders")
    assert "password" not in target["connection"] and password not in plan.output
    assert {"name": "amount", "type": "decimal(12,2)"} in request["columns"]
    # ferry dbt takes the password from the variable the profile names, and shows it nowhere.
    finished = project.ferry_dbt("--json", "--log-level", "debug", "--", "build")
    assert finished.returncode == 0, finished.describe()
    assert password not in finished.output


def test_a_failed_load_stops_before_dbt_runs_and_the_guard_then_reports_it(project):
    csv = project.directory / "seeds" / "orders.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(lines[5].split(",")[0], "not-a-number", 1)
    csv.write_text("".join(lines), encoding="utf-8")
    # amount is declared numeric(12,2); an id that is not a number is inferred as text, so break the declared column.
    broken = project.directory / "dbt_project.yml"
    broken.write_text(broken.read_text().replace("created_at: timestamptz", "created_at: timestamptz\n        id: bigint"))
    finished = project.ferry_dbt("--", "build")
    assert finished.returncode == 6, finished.describe()
    assert "loading seed orders failed; dbt was not run" in finished.stderr
    assert "Running with dbt" not in finished.output
    [row] = project.ledger()
    assert (row["status"], row["error_code"]) == ("failed", "rejects_exceeded")
    guarded = project.ferry_dbt("--no-load", "--", "run")
    assert guarded.returncode == 1, guarded.describe()
    assert f"{GUARD}: the latest Ferry load of seed 'orders' ({project.schema}.orders) failed (error rejects_exceeded" in guarded.stdout


def test_dbt_exit_code_is_passed_on(project):
    assert project.ferry_dbt("--", "build").returncode == 0
    (project.directory / "models" / "broken.sql").write_text("select * from a_table_that_does_not_exist\n")
    finished = project.ferry_dbt("--", "run")
    assert finished.returncode == 1, finished.describe()
    assert "a_table_that_does_not_exist" in finished.stdout


def test_max_age_fails_a_load_that_is_too_old(project):
    assert project.ferry_dbt("--", "build").returncode == 0
    (project.directory / "models" / "fresh_orders.sql").write_text(
        "{{ config(pre_hook=\"{{ ferry.ferry_assert_loaded('orders', max_age={'count': 30, 'period': 'minute'}) }}\") }}\n"
        "select count(*) as n from {{ ref('orders') }}\n"
    )
    assert project.ferry_dbt("--no-load", "--", "run", "--select", "fresh_orders").returncode == 0
    project.sql(f"update {project.schema}.ferry_loads set ended_at = ended_at - interval '2 hours'")
    finished = project.ferry_dbt("--no-load", "--", "run", "--select", "fresh_orders")
    assert finished.returncode == 1, finished.describe()
    assert "longer ago than max_age (1800 s)" in finished.stdout


def test_a_guard_on_a_relation_that_is_not_a_seed_checks_only_the_ledger(project):
    assert project.ferry_dbt("--", "build").returncode == 0
    table = f"extra_{uuid.uuid4().hex[:6]}"
    (project.directory / "models" / "from_relation.sql").write_text(
        "{{ config(pre_hook=\"{{ ferry.ferry_assert_loaded(api.Relation.create(schema=target.schema, identifier='" + table + "')) }}\") }}\n"
        "select 1 as one\n"
    )
    missing = project.dbt("run", "--select", "from_relation")
    assert missing.returncode == 1 and f"'{project.schema}.{table}' has not been loaded by Ferry" in missing.stdout
    loaded = project.run(project.ferry_bin, "load", "seeds/orders.csv", "--to", "postgres:", "--schema", project.schema,
                         "--table", table, "--mode", "replace", env={"PGPASSWORD": project.server["password"]})
    assert loaded.returncode == 0, loaded.describe()
    finished = project.dbt("run", "--select", "from_relation")
    assert finished.returncode == 0, finished.describe()


def test_a_database_dbt_cannot_reach_is_target_unavailable_with_dbts_own_line(project):
    finished = project.ferry_dbt("--", "build", env={"PGPORT": "1"})
    assert finished.returncode == 5, finished.describe()
    assert "unable to reach the database" in finished.stderr, finished.describe()
    assert "Connection refused" in finished.stderr or "connection to server" in finished.stderr, finished.describe()
    assert "dbt deps" not in finished.stderr


def test_a_project_without_the_package_fails_before_loading_with_exit_code_3(project):
    (project.directory / "dbt_packages" / "ferry").unlink()
    finished = project.ferry_dbt("--", "build")
    assert finished.returncode == 3, finished.describe()
    # dbt's own first error line, which says what to run.
    assert 'Run "dbt deps"' in finished.stderr.split("[invalid_request]")[0].rsplit("ferry: error: ", 1)[-1], finished.describe()
    assert not project.table_exists("orders")


def test_lineage_of_the_load_names_the_parent_run_from_openlineage_variables(project, tmp_path):
    events_file = tmp_path / "lineage.jsonl"
    config = tmp_path / "openlineage.yml"
    config.write_text(f"transport:\n  type: file\n  log_file_path: {events_file}\n")
    parent = "01930000-0000-7000-8000-000000000001"
    finished = project.ferry_dbt("--", "build", env={
        "OPENLINEAGE_DISABLED": "false", "OPENLINEAGE_CONFIG": str(config),
        "OPENLINEAGE_PARENT_ID": f"airflow/analytics_dag.dbt_build/{parent}",
    })
    assert finished.returncode == 0, finished.describe()
    events = [json.loads(line) for line in events_file.read_text().splitlines()]
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
    assert events[0]["job"]["name"] == "ferry_example.orders"
    assert events[0]["run"]["facets"]["parent"]["run"]["runId"] == parent
    assert events[1]["outputs"][0]["name"].endswith(f"{project.schema}.orders")
    # Tests/python/test_lineage.py validates what is kept here against the OpenLineage schemas.
    capture = os.environ.get("FERRY_LINEAGE_CAPTURE")
    if capture:
        os.makedirs(capture, exist_ok=True)
        shutil.copyfile(events_file, os.path.join(capture, f"ferry-dbt-{uuid.uuid4().hex}.jsonl"))


def test_a_missing_dbt_executable_fails_with_exit_code_3_and_says_what_to_install(project):
    finished = project.ferry_dbt("--dbt", str(project.directory / "no-such-dbt"), "--", "build")
    assert finished.returncode == 3, finished.describe()
    assert "cannot start" in finished.stderr and "install dbt-core with an adapter" in finished.stderr


def test_a_seed_named_on_the_command_line_is_loaded_even_untagged_and_an_unknown_one_is_refused(project):
    unknown = project.ferry_dbt("--seed", "nope")
    assert unknown.returncode == 3, unknown.describe()
    assert "the project has no seed named 'nope'" in unknown.stderr
    project_file = project.directory / "dbt_project.yml"
    project_file.write_text(project_file.read_text().replace('+tags: ["ferry"]', "+tags: []"))
    finished = project.ferry_dbt("--seed", "orders")
    assert finished.returncode == 0, finished.describe()
    assert [row["rows_written"] for row in project.ledger()] == ["10000"]


def test_sigterm_reaches_dbt_which_stops_and_ferry_ends_with_its_code(project):
    assert project.ferry_dbt("--", "build").returncode == 0
    (project.directory / "models" / "slow.sql").write_text("select 1 as slept from (select pg_sleep(120)) as s\n")
    started = time.monotonic()
    proc = subprocess.Popen([project.ferry_bin, "dbt", "--", "run", "--select", "slow"], cwd=project.directory,
                            env=project.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Wait until dbt runs the model (its query is in pg_stat_activity), then stop ferry.
        while not project.sql("select count(*) from pg_stat_activity where query like '%pg_sleep(120)%' "
                              "and pid <> pg_backend_pid()")[0][0] != "0":
            assert proc.poll() is None and time.monotonic() - started < 90, "dbt never started the slow model"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    # dbt ended on the forwarded SIGTERM (with its own code, or killed by it): communicate() did not
    # wait out the model's 120 s. Had dbt inherited ferry's blocked SIGTERM, it would still be sleeping.
    assert proc.returncode != 0, stdout + stderr
    assert "Completed successfully" not in stdout


def test_a_seed_command_with_only_ferry_seeds_does_not_start_dbt_a_second_time(project):
    """`dbt seed --exclude <every seed>` would select nothing: dbt prints "Nothing to do", runs no
    hook and exits 0, so `ferry dbt -- seed` ends after the load with the same exit code."""
    finished = project.ferry_dbt("--", "seed", "--full-refresh")
    assert finished.returncode == 0, finished.describe()
    assert "seeds: 1 loaded, 0 skipped as unchanged" in finished.stderr, finished.describe()
    assert "not starting dbt seed again" in finished.stderr, finished.describe()
    # dbt's own "Nothing to do. Try checking your model configs ..." never appears: dbt did not run.
    assert "--exclude" not in finished.stderr and "Try checking your model configs" not in finished.output, finished.describe()
    assert "planning took" in finished.stderr, finished.describe()
    assert project.sql(f"select count(*) from {project.schema}.orders") == [["10000"]]
    # run_results.json is the plan's (a run-operation), as documented in Docs/dbt.md.
    results = json.loads((project.directory / "target" / "run_results.json").read_text())
    assert results["args"]["which"] == "run-operation", results["args"]


def test_a_seed_command_still_runs_dbt_when_it_has_a_plain_seed_or_warnings_are_errors(project):
    # dbt's --warn-error makes its "Nothing to do" an error: dbt runs, and its exit code is passed on.
    strict = project.ferry_dbt("--", "seed", env={"DBT_WARN_ERROR": "true"})
    assert "not starting dbt seed again" not in strict.stderr, strict.describe()
    assert "--exclude ferry_example.orders" in strict.stderr, strict.describe()
    plain = project.dbt("seed", "--exclude", "ferry_example.orders", env={"DBT_WARN_ERROR": "true"})
    assert strict.returncode == plain.returncode, strict.describe() + plain.describe()
    # A seed Ferry does not load: dbt seed runs (without the Ferry seed) and loads it.
    (project.directory / "seeds" / "regions.csv").write_text("id,name\n1,north\n2,south\n")
    finished = project.ferry_dbt("--", "seed")
    assert finished.returncode == 0, finished.describe()
    assert "not starting dbt seed again" not in finished.stderr, finished.describe()
    assert "--exclude ferry_example.orders" in finished.stderr, finished.describe()
    assert project.sql(f"select count(*) from {project.schema}.regions") == [["2"]]
