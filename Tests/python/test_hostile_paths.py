"""Hostile paths, tried by the real `ferry` binary running as an unprivileged user.

Every case runs inside a fresh temporary directory (the jail) as a dedicated system user,
`ferry-hostile` (made with `useradd --system --no-create-home` when missing, and used through
`setpriv --reuid --regid --clear-groups`), or as the current user when the tests do not run as
root. So a mistake in Ferry — writing through `../../etc/passwd`, following a link out of the
jail — is stopped by the kernel instead of damaging the machine, and the test sees it: before and
after every run it snapshots the files outside the jail (a file the user may not even read, a
read-only sibling directory, a sibling directory the user could write, /etc/passwd) and the jail
itself, and asserts that nothing outside changed and no partial output was left inside.

Cases: output paths that climb out of the jail (`../../etc/passwd`, a read-only sibling, a file
only root may touch), outputs through symbolic links into another directory, outputs that are an
input (directly, through a link, through `..`, through a hard link), NUL in any path, very long
paths, FIFOs, directories where files are expected, unwritable directories and an unreadable
source.
"""

import hashlib
import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HOSTILE_USER = "ferry-hostile"
TIMEOUT = 60
ORDERS = "id,name\n1,a\n2,b\nx,c\n"
VICTIM = "id,name\nv,victim\n"  # a CSV an append could extend, outside the jail
CLIMB = "../" * 12  # more than enough to reach / from any temporary directory
# Under root, TMPDIR may be a directory the unprivileged user cannot enter; /tmp always can be.
TEMP_BASE = "/tmp" if os.geteuid() == 0 else None


@dataclass
class Identity:
    """Who the hostile cases run as, and the command prefix that makes it so."""

    uid: int
    gid: int
    wrapper: list


def hostile_identity() -> Identity:
    if os.geteuid() != 0:
        return Identity(os.geteuid(), os.getegid(), [])
    try:
        pwd.getpwnam(HOSTILE_USER)
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", HOSTILE_USER],
                              capture_output=True, text=True)
        # Exit 9: another test process made it in the meantime.
        assert made.returncode in (0, 9), f"useradd {HOSTILE_USER} failed: {made.stderr}"
    entry = pwd.getpwnam(HOSTILE_USER)
    assert entry.pw_uid != 0, f"{HOSTILE_USER} has uid 0"
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to run the hostile cases unprivileged"
    return Identity(entry.pw_uid, entry.pw_gid,
                    [setpriv, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", "--"])


@pytest.fixture(scope="module")
def identity() -> Identity:
    who = hostile_identity()
    # The same wrapper the cases use: the child must not be root.
    seen = subprocess.run([*who.wrapper, "id", "-u"], capture_output=True, text=True, timeout=TIMEOUT)
    assert seen.returncode == 0, seen.stderr
    assert seen.stdout.strip() != "0", "refusing to run hostile paths as root"
    assert int(seen.stdout) == who.uid
    return who


@pytest.fixture(scope="module")
def ferry_binary(ferry, identity) -> str:
    """A copy of the binary where the unprivileged user can execute it (the build directory may
    not be reachable by that user)."""
    directory = Path(tempfile.mkdtemp(prefix="ferry-hostile-bin-", dir=TEMP_BASE))
    directory.chmod(0o755)
    copy = directory / "ferry"
    shutil.copy2(ferry.path, copy)
    copy.chmod(0o755)
    yield str(copy)
    shutil.rmtree(directory)


def fingerprint(path: Path) -> tuple:
    """What may not change about a path: type, owner, mode, size, content, link target."""
    st = path.lstat()
    content = None
    if stat.S_ISREG(st.st_mode):
        content = hashlib.sha256(path.read_bytes()).hexdigest() if os.access(path, os.R_OK) else st.st_mtime_ns
    link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    return (stat.S_IFMT(st.st_mode), st.st_uid, stat.S_IMODE(st.st_mode), st.st_size, st.st_ino, content, link)


def tree(root: Path, skip: Path | None = None) -> dict:
    out = {str(root): fingerprint(root)}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        if skip is not None and Path(dirpath) == skip.parent:
            dirnames[:] = [d for d in dirnames if Path(dirpath, d) != skip]
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            out[str(path)] = fingerprint(path)
    return out


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    events: list = field(default_factory=list)

    def describe(self) -> str:
        return f"exit {self.returncode}\nstdout:\n{self.stdout[-3000:]}\nstderr:\n{self.stderr[-3000:]}"

    @property
    def result(self) -> dict:
        assert self.events, "no result event\n" + self.describe()
        return self.events[-1]


class Sandbox:
    """root/ (owned by the test) holds the jail, where ferry runs as the unprivileged user, and
    what must survive: `sibling/` (read-only to that user), `user-sibling/` (writable by that
    user, outside the jail) and `root-only.csv` (mode 600, not the user's)."""

    def __init__(self, identity: Identity, binary: str):
        self.identity = identity
        self.binary = binary
        self.root = Path(tempfile.mkdtemp(prefix="ferry-hostile-", dir=TEMP_BASE))
        self.root.chmod(0o755)
        self.jail = self.root / "jail"
        self.jail.mkdir()
        self.sibling = self.root / "sibling"
        self.sibling.mkdir()
        (self.sibling / "sentinel.csv").write_text("sentinel\n")
        (self.sibling / "sentinel.csv").chmod(0o444)
        self.sibling.chmod(0o555)
        self.user_sibling = self.root / "user-sibling"
        self.user_sibling.mkdir()
        (self.user_sibling / "victim.csv").write_text(VICTIM)
        self.root_only = self.root / "root-only.csv"
        self.root_only.write_text("only the test's user may touch this\n")
        self.root_only.chmod(0o600)
        self.give(self.jail)
        self.give(self.user_sibling)
        self.give(self.user_sibling / "victim.csv")
        self.write("orders.csv", ORDERS)
        if os.geteuid() != 0:
            # The runner owns everything here: take away what root's ownership would.
            self.root_only.chmod(0o400)
            self.root.chmod(0o555)
        reachable = subprocess.run([*identity.wrapper, "test", "-w", str(self.jail)], timeout=TIMEOUT)
        assert reachable.returncode == 0, f"the unprivileged user cannot write {self.jail}"
        self.outside = self.snapshot_outside()

    def give(self, path: Path):
        """Hands `path` to the unprivileged user."""
        if os.geteuid() == 0:
            os.lchown(path, self.identity.uid, self.identity.gid)

    def write(self, name: str, text: str) -> Path:
        path = self.jail / name
        path.write_text(text)
        self.give(path)
        return path

    def snapshot_outside(self) -> dict:
        snap = tree(self.root, skip=self.jail)
        snap["/etc/passwd"] = fingerprint(Path("/etc/passwd"))
        return snap

    def jail_files(self) -> dict:
        return {k: v for k, v in tree(self.jail).items() if k != str(self.jail)}

    def ferry(self, *args: str, stdin: str = "") -> Run:
        """Runs ferry as the unprivileged user in the jail; afterwards nothing outside it may differ."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.jail), "LANG": "C.UTF-8"}
        proc = subprocess.run([*self.identity.wrapper, self.binary, *args], cwd=self.jail, input=stdin, capture_output=True,
                              text=True, timeout=TIMEOUT, env=env)
        run = Run(proc.returncode, proc.stdout, proc.stderr)
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                run.events.append(json.loads(line))
        assert run.returncode >= 0, f"ferry died of signal {-run.returncode}\n" + run.describe()
        assert run.returncode != 70 and "Fatal error" not in run.stderr, "ferry crashed\n" + run.describe()
        after = self.snapshot_outside()
        changed = {k for k in set(after) | set(self.outside) if after.get(k) != self.outside.get(k)}
        assert not changed, f"ferry {' '.join(args)} changed things outside its directory: {sorted(changed)}\n" + run.describe()
        return run

    def remove(self):
        self.root.chmod(0o700)
        for dirpath, dirnames, _ in os.walk(self.root):
            for d in dirnames:
                p = Path(dirpath, d)
                if not p.is_symlink():
                    p.chmod(0o700)
        shutil.rmtree(self.root)


@pytest.fixture
def box(identity, ferry_binary):
    sandbox = Sandbox(identity, ferry_binary)
    yield sandbox
    sandbox.remove()


def expect_failure(run: Run, exit_code: int, code: str, mentions: str | None = None) -> None:
    assert run.returncode == exit_code, run.describe()
    result = run.result
    assert result["type"] == "run_failed", run.describe()
    assert result["error"]["code"] == code, run.describe()
    if mentions is not None:
        assert mentions in json.dumps(result["error"]), run.describe()


def expect_refused(run: Run, json_path: str) -> None:
    """A request error: exit 3, `invalid_request`, the member's JSON path among the issues."""
    expect_failure(run, 3, "invalid_request")
    issues = json.dumps(run.result["error"].get("issues", []))
    assert json_path in issues, run.describe()


def expect_same_file(run: Run, json_path: str) -> None:
    """Refused because the output is an input: the message says so."""
    expect_refused(run, json_path)
    assert "is the same file as" in json.dumps(run.result["error"]), run.describe()


def make_database(box: Sandbox) -> None:
    """shop.db with a table `t` (made by ferry as the unprivileged user), for exports."""
    run = box.ferry("load", "orders.csv", "--to", "shop.db", "--table", "t", "--column", "id:text", "-q")
    assert run.returncode == 0, run.describe()


def test_the_hostile_cases_do_not_run_as_root(identity):
    """The guard itself: the wrapper yields a non-root uid, and under root it is the system user."""
    seen = subprocess.run([*identity.wrapper, "id", "-u"], capture_output=True, text=True, timeout=TIMEOUT)
    assert int(seen.stdout) != 0
    if os.geteuid() == 0:
        assert int(seen.stdout) == pwd.getpwnam(HOSTILE_USER).pw_uid


# ---------------------------------------------------------------- paths out of the jail

REJECTING = ("load", "orders.csv", "--column", "id:bigint", "--max-rejects", "5", "--json")


@pytest.mark.parametrize("reject", [
    CLIMB + "etc/passwd",
    "../sibling/sentinel.csv",
    "../sibling/new.jsonl",
    "../root-only.csv",
])
def test_a_reject_file_out_of_reach_fails_the_load_and_writes_nothing(box, reject):
    before = box.jail_files()
    run = box.ferry(*REJECTING, "--reject-path", reject)
    expect_failure(run, 5, "target_write", "reject file")
    # The load's transaction is rolled back: not even the database is left.
    assert box.jail_files() == before, "a partial output was left"


@pytest.mark.parametrize("target", [
    CLIMB + "etc/ferry-export.csv",
    "../sibling/out.csv",
    "../sibling/sentinel.csv",
    "../root-only.csv",
])
def test_an_export_out_of_reach_fails_and_writes_nothing(box, target):
    make_database(box)
    before = box.jail_files()
    run = box.ferry("load", "sqlite:shop.db", "--source-table", "t", "--to", target, "--mode", "replace", "--json")
    assert run.returncode in (4, 5), run.describe()
    assert run.result["type"] == "run_failed" and run.result["error"]["category"] == "target", run.describe()
    assert box.jail_files() == before


@pytest.mark.parametrize("target", [CLIMB + "etc/ferry.db", "../sibling/shop.db", "../root-only.csv", "../sibling/sentinel.csv"])
def test_a_sqlite_target_out_of_reach_fails_and_writes_nothing(box, target):
    before = box.jail_files()
    run = box.ferry("load", "orders.csv", "--to", f"sqlite:{target}", "--mode", "replace", "--json")
    assert run.returncode in (4, 5), run.describe()
    assert run.result["error"]["category"] == "target", run.describe()
    assert box.jail_files() == before


@pytest.mark.parametrize("path", [CLIMB + "etc/ferry-lineage.jsonl", "../sibling/lineage.jsonl", "../root-only.csv"])
def test_a_lineage_file_out_of_reach_is_a_warning_and_writes_nothing_there(box, path):
    request = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "lineage": {"transport": {"type": "file", "path": path}}}
    run = box.ferry("run", stdin=json.dumps(request))
    assert run.returncode == 0, run.describe()
    assert any(e.get("code") == "lineage_not_delivered" for e in run.events), run.describe()


# ---------------------------------------------------------------- symbolic links out of the jail

@pytest.mark.parametrize("mode", ["replace", "append", "truncate"])
def test_an_export_through_a_link_out_of_the_jail_never_writes_the_file_behind_it(box, mode):
    """jail/out.csv → ../user-sibling/victim.csv, a file the user could write: the export replaces
    the link (or refuses), never the file behind it."""
    make_database(box)
    link = box.jail / "out.csv"
    link.symlink_to("../user-sibling/victim.csv")
    box.give(link)
    run = box.ferry("load", "sqlite:shop.db", "--source-table", "t", "--to", "out.csv", "--mode", mode, "--json")
    assert run.returncode == 0, run.describe()
    assert (box.user_sibling / "victim.csv").read_text() == VICTIM
    assert not link.is_symlink() and link.is_file(), "the export went through the link instead of replacing it"


def test_a_reject_file_through_a_link_out_of_the_jail_never_writes_the_file_behind_it(box):
    link = box.jail / "rejects.jsonl"
    link.symlink_to("../user-sibling/victim.csv")
    box.give(link)
    run = box.ferry(*REJECTING, "--reject-path", "rejects.jsonl")
    assert run.returncode == 0, run.describe()
    assert (box.user_sibling / "victim.csv").read_text() == VICTIM
    assert not link.is_symlink() and '"line":4' in link.read_text()


def test_a_sqlite_target_through_a_link_to_a_root_file_fails(box):
    link = box.jail / "shop.db"
    link.symlink_to(box.root_only)
    box.give(link)
    run = box.ferry("load", "orders.csv", "--to", "sqlite:shop.db", "--json")
    assert run.returncode in (4, 5), run.describe()
    assert run.result["error"]["category"] == "target", run.describe()


# ---------------------------------------------------------------- outputs that are inputs

def test_a_reject_file_that_is_the_source_is_refused_every_way_it_can_be_named(box):
    """Directly, through a symbolic link, through `..` and through a hard link (same device and inode)."""
    (box.jail / "sub").mkdir()
    box.give(box.jail / "sub")
    link = box.jail / "link.jsonl"
    link.symlink_to("orders.csv")
    box.give(link)
    os.link(box.jail / "orders.csv", box.jail / "hard.jsonl")
    before = box.jail_files()
    for name in ("orders.csv", "link.jsonl", "./sub/../orders.csv", "hard.jsonl", str(box.jail / "orders.csv")):
        expect_same_file(box.ferry(*REJECTING, "--reject-path", name), "$.options.reject_path")
        assert box.jail_files() == before, name


def test_a_reject_file_that_is_the_sqlite_target_is_refused_and_the_database_kept(box):
    make_database(box)
    os.link(box.jail / "shop.db", box.jail / "shop-hard.db")
    before = box.jail_files()
    for name in ("shop.db", "shop-hard.db"):
        run = box.ferry(*REJECTING, "--to", "shop.db", "--table", "t", "--mode", "replace", "--reject-path", name)
        expect_same_file(run, "$.options.reject_path")
        assert box.jail_files() == before


def test_an_export_or_lineage_file_that_is_an_input_is_refused(box):
    make_database(box)
    request = {"contract_version": 1, "source": {"kind": "sqlite", "path": "shop.db", "table": "t"},
               "target": {"kind": "file", "path": "req.json", "format": "csv"}}
    box.write("req.json", json.dumps(request))
    os.link(box.jail / "req.json", box.jail / "req-hard.csv")
    before = box.jail_files()
    expect_same_file(box.ferry("run", "--request", "req.json"), "$.target.path")
    request["target"]["path"] = "req-hard.csv"
    expect_same_file(box.ferry("run", "--request", "req.json"), "$.target.path")
    request["target"]["path"] = "shop.db"
    expect_same_file(box.ferry("run", stdin=json.dumps(request)), "$.target.path")
    lineage = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "lineage": {"transport": {"type": "file", "path": "orders.csv"}}}
    expect_same_file(box.ferry("run", stdin=json.dumps(lineage)), "$.lineage.transport.path")
    # The lineage file is a hard link of the request file.
    box.write("lineage-req.json", json.dumps({**lineage, "lineage": {"transport": {"type": "file", "path": "lineage-hard.jsonl"}}}))
    os.link(box.jail / "lineage-req.json", box.jail / "lineage-hard.jsonl")
    before = box.jail_files()
    expect_same_file(box.ferry("run", "--request", "lineage-req.json"), "$.lineage.transport.path")
    assert box.jail_files() == before


def test_two_outputs_that_are_one_file_are_refused(box):
    """The reject file and the lineage file, or an export and the reject file, named alike."""
    make_database(box)
    before = box.jail_files()
    request = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "options": {"reject_path": "out.jsonl"}, "lineage": {"transport": {"type": "file", "path": "./out.jsonl"}}}
    run = box.ferry("run", stdin=json.dumps(request))
    expect_same_file(run, "$.")
    export = {"contract_version": 1, "source": {"kind": "sqlite", "path": "shop.db", "table": "t"},
              "target": {"kind": "file", "path": "out.jsonl"}, "options": {"reject_path": "out.jsonl"}}
    run = box.ferry("run", stdin=json.dumps(export))
    expect_same_file(run, "$.")
    assert box.jail_files() == before


# ---------------------------------------------------------------- NUL, length, FIFOs, directories, permissions

NUL_REQUESTS = [
    ({"source": {"kind": "file", "path": "orders\u0000.csv"}}, "$.source.path"),
    ({"source": {"kind": "file", "path": "orders.csv"}, "target": {"kind": "sqlite", "path": "sh\u0000op.db", "table": "t"}}, "$.target.path"),
    ({"source": {"kind": "file", "path": "orders.csv"}, "options": {"reject_path": "rej\u0000ects.jsonl"}}, "$.options.reject_path"),
    ({"source": {"kind": "file", "path": "orders.csv"}, "lineage": {"transport": {"type": "file", "path": "l\u0000.jsonl"}}},
     "$.lineage.transport.path"),
    ({"source": {"kind": "sqlite", "path": "shop.db", "table": "t"}, "target": {"kind": "file", "path": "ex\u0000port.csv"}}, "$.target.path"),
]


@pytest.mark.parametrize("request_members, json_path", NUL_REQUESTS)
def test_a_nul_in_any_path_is_refused_and_nothing_is_made(box, request_members, json_path):
    make_database(box)
    before = box.jail_files()
    run = box.ferry("run", stdin=json.dumps({"contract_version": 1, **request_members}))
    expect_refused(run, json_path)
    assert box.jail_files() == before, "a file named by the part before the NUL appeared"


LONG_NAME = "n" * 300                       # longer than NAME_MAX (255)
LONG_PATH = "d/" * 2100 + "f.csv"           # longer than PATH_MAX (4096)


@pytest.mark.parametrize("long", [LONG_NAME + ".csv", LONG_PATH])
def test_very_long_paths_fail_clearly(box, long):
    make_database(box)
    before = box.jail_files()
    run = box.ferry("load", long, "--json")
    expect_failure(run, 4, "source_unreadable")
    assert run.result["error"]["driver"]["code"] == "ENAMETOOLONG", run.describe()
    run = box.ferry(*REJECTING, "--reject-path", long.replace(".csv", ".jsonl"))
    expect_failure(run, 5, "target_write", "reject file")
    assert run.result["error"]["driver"]["code"] == "ENAMETOOLONG", run.describe()
    run = box.ferry("load", "sqlite:shop.db", "--source-table", "t", "--to", long, "--json")
    assert run.returncode in (4, 5) and run.result["error"]["category"] == "target", run.describe()
    assert run.result["error"]["driver"]["code"] in ("ENAMETOOLONG", "SQLITE_CANTOPEN"), run.describe()
    run = box.ferry("load", "orders.csv", "--to", "sqlite:" + long.replace(".csv", ".db"), "--json")
    assert run.returncode in (4, 5) and run.result["error"]["category"] == "target", run.describe()
    assert run.result["error"]["driver"]["code"] in ("ENAMETOOLONG", "SQLITE_CANTOPEN"), run.describe()
    assert box.jail_files() == before
    request = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "target": {"kind": "sqlite", "path": "shop.db", "table": "lineage_case"},
               "lineage": {"transport": {"type": "file", "path": long.replace(".csv", ".jsonl")}}}
    run = box.ferry("run", stdin=json.dumps(request))
    assert run.returncode == 0 and any(e.get("code") == "lineage_not_delivered" for e in run.events), run.describe()


def test_a_fifo_as_an_output_never_hangs_the_run(box):
    """A FIFO with no reader where the reject file, the export or the lineage file goes: the run
    ends instead of blocking in open(). The reject file and the export replace the FIFO; the
    lineage file, which is appended to, gives up after the lineage timeout with a warning."""
    make_database(box)
    for name in ("rejects-fifo.jsonl", "export-fifo.csv", "lineage-fifo.jsonl"):
        os.mkfifo(box.jail / name)
        box.give(box.jail / name)
    run = box.ferry(*REJECTING, "--reject-path", "rejects-fifo.jsonl")
    assert run.returncode == 0, run.describe()
    assert (box.jail / "rejects-fifo.jsonl").is_file() and '"line":4' in (box.jail / "rejects-fifo.jsonl").read_text()
    run = box.ferry("load", "sqlite:shop.db", "--source-table", "t", "--to", "export-fifo.csv", "--mode", "replace",
                    "--json")
    assert run.returncode == 0, run.describe()
    assert (box.jail / "export-fifo.csv").is_file()
    request = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "target": {"kind": "sqlite", "path": "shop.db", "table": "fifo_case"},
               "lineage": {"transport": {"type": "file", "path": "lineage-fifo.jsonl"}}}
    run = box.ferry("run", stdin=json.dumps(request))
    assert run.returncode == 0 and any(e.get("code") == "lineage_not_delivered" for e in run.events), run.describe()


def test_directories_where_files_are_expected_fail_clearly(box):
    make_database(box)
    for name in ("dir.csv", "dir.jsonl", "dir.db"):
        (box.jail / name).mkdir()
        box.give(box.jail / name)
    before = box.jail_files()
    # A directory source loads its files of the format (Docs/many-files.md); one without any fails.
    run = box.ferry("load", "dir.csv", "--json")
    expect_failure(run, 4, "source_not_found", "the directory dir.csv holds no csv file")
    run = box.ferry(*REJECTING, "--reject-path", "dir.jsonl")
    expect_failure(run, 5, "target_write", "reject file")
    run = box.ferry("load", "sqlite:shop.db", "--source-table", "t", "--to", "dir.csv", "--mode", "replace", "--json")
    assert run.returncode in (3, 4, 5) and run.result["type"] == "run_failed", run.describe()
    run = box.ferry("load", "orders.csv", "--to", "sqlite:dir.db", "--json")
    assert run.returncode in (3, 4, 5) and run.result["type"] == "run_failed", run.describe()
    assert box.jail_files() == before
    request = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "target": {"kind": "sqlite", "path": "shop.db", "table": "dir_case"},
               "lineage": {"transport": {"type": "file", "path": "dir.jsonl"}}}
    run = box.ferry("run", stdin=json.dumps(request))
    assert run.returncode == 0 and any(e.get("code") == "lineage_not_delivered" for e in run.events), run.describe()


def test_an_unwritable_directory_and_an_unreadable_source_fail_clearly(box):
    """Both are refused by permissions root would ignore: only an unprivileged run can test them."""
    make_database(box)
    locked = box.jail / "locked"
    locked.mkdir()
    box.give(locked)
    locked.chmod(0o555)
    secret = box.write("secret.csv", ORDERS)
    secret.chmod(0o000)
    before = box.jail_files()
    run = box.ferry("load", "secret.csv", "--json")
    expect_failure(run, 4, "source_unreadable")
    assert run.result["error"].get("driver", {}).get("code") == "EACCES", run.describe()
    run = box.ferry(*REJECTING, "--reject-path", "locked/rejects.jsonl")
    expect_failure(run, 5, "target_write", "reject file")
    run = box.ferry("load", "sqlite:shop.db", "--source-table", "t", "--to", "locked/out.csv", "--json")
    assert run.returncode in (4, 5) and run.result["error"]["category"] == "target", run.describe()
    run = box.ferry("load", "orders.csv", "--to", "sqlite:locked/shop.db", "--json")
    assert run.returncode in (4, 5) and run.result["error"]["category"] == "target", run.describe()
    assert box.jail_files() == before
