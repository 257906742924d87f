"""What the bench scripts share: the gen_csv.py data files and timing under /usr/bin/time."""
import importlib.util
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench")
DATA = os.path.join(ROOT, "bench", "data")


def gen_module():
    """../shared/bench/gen_csv.py as a module (for TABLE_DDL)."""
    spec = importlib.util.spec_from_file_location("gen_csv", os.path.join(SHARED, "gen_csv.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def data_file(rows):
    """bench/data/orders_<rows>.csv, made by gen_csv.py --seed 42 when missing."""
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, f"orders_{rows}.csv")
    if not os.path.exists(path):
        print(f"generating {path}", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_csv.py"), "--rows", str(rows), "--seed", "42",
                        "-o", path + ".tmp"], check=True)
        os.rename(path + ".tmp", path)
    return path


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd, check=True,
                       stdout=subprocess.DEVNULL, **kw)
        secs, kb = t.read().split()[-2:]
        return float(secs), int(kb) / 1024


def ferry_bench_arguments(description):
    """(parser, args) of the scripts that time a ferry binary: --ferry, --rows, --repeat."""
    import argparse

    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ferry", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    return parser, parser.parse_args()


def standard_arguments(description=None):
    """The options most bench scripts take: --rows (sizes), --repeat, --ferry (a release binary)."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ferry", default=os.path.join(ROOT, ".build", "release", "ferry"))
    return parser.parse_args()


def postgres_url():
    """The server the PG* variables name, as a URL for `ferry load --to`."""
    env = os.environ
    return f"postgresql://{env['PGUSER']}:{env.get('PGPASSWORD', '')}@{env['PGHOST']}:{env['PGPORT']}/{env['PGDATABASE']}"
