"""A load that cannot start one of its threads fails at once, cleanly, and touches nothing.

`ferry load` runs parsing, checks and writing on threads of their own. When the system has no
thread to spare (`pthread_create` fails with EAGAIN), the load must fail with a retryable
`internal` error naming the thread, leave no target behind, and end: running a producer's work
on the calling thread instead would block once its queue filled, with nothing left to drain it.

The thread limit is RLIMIT_NPROC, which counts every thread of a user: the runs go through the
dedicated unprivileged user of the hostile-path tests (root ignores the limit), so the only
threads counted are this ferry's. Which thread meets the limit depends on the run's order of
starting them; the test sweeps the limit from 1 up and asks that every run end within the timeout.
"""

import json
import os
import shutil
import subprocess
import tempfile

import pytest

from test_hostile_paths import TEMP_BASE, hostile_identity

TIMEOUT = 60
ROWS = 20000


def run_limited(ferry, identity, workdir: str, limit: int, target: str, *extra: str) -> subprocess.CompletedProcess:
    prlimit = shutil.which("prlimit")
    assert prlimit, "prlimit (util-linux) is needed to bound the threads of a run"
    return subprocess.run(
        [*identity.wrapper, prlimit, f"--nproc={limit}", ferry.path, "load", "input.csv", "--json", "--batch-size", "500",
         *extra, "--to", f"sqlite:{target}"],
        cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT)


def last_event(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_load_that_cannot_start_a_thread_fails_cleanly_instead_of_hanging(ferry):
    if os.geteuid() != 0:
        pytest.skip("needs root to run ferry as the dedicated user, whose threads are only ferry's (RLIMIT_NPROC counts all of a user's threads)")
    identity = hostile_identity()
    with tempfile.TemporaryDirectory(dir=TEMP_BASE) as workdir:
        os.chmod(workdir, 0o777)
        with open(os.path.join(workdir, "input.csv"), "w") as f:
            f.write("id,name\n")
            f.writelines(f"{i},name {i}\n" for i in range(ROWS))
        with open(os.path.join(workdir, "checks.yaml"), "w") as f:
            f.write("checks:\n  - rule: not_null\n    column: id\n")
        failed_threads = set()
        for limit in range(1, 9):
            target = os.path.join(workdir, f"out_{limit}.db")
            # A subprocess.TimeoutExpired here is the hang this test exists for.
            proc = run_limited(ferry, identity, workdir, limit, target, "--checks", "checks.yaml")
            event = last_event(proc)
            if proc.returncode == 0:
                assert event["type"] == "run_completed" and event["rows_written"] == ROWS, proc.stdout
                break
            assert proc.returncode == 1, (limit, proc.returncode, proc.stderr)
            assert event["type"] == "run_failed", proc.stdout
            error = event["error"]
            assert error["code"] == "internal" and error["retryable"] is True, error
            assert error["message"].startswith("cannot start the ferry-"), error
            failed_threads.add(error["message"].split()[3])
            assert not os.path.exists(target), f"a failed run left {target} behind"
        else:
            pytest.fail("no thread limit up to 8 let the load complete")
        # The sweep met the first thread the run starts and the checks' own thread.
        assert "ferry-infer" in failed_threads or "ferry-reader" in failed_threads, failed_threads
        assert "ferry-stages" in failed_threads, failed_threads
