"""The HTML report (`ferry load --report FILE.html`, Docs/checks.md) rendered by a real browser.

A CSV with planted problems is loaded with a checks file; Debian's headless Chromium renders the
report (`--dump-dom` and `--screenshot`), and the test reads from the browser's DOM every check
with its status and counts (compared with the run's result event and with what the data holds)
and the failing samples with their lines, and decodes the screenshot (stdlib zlib, no imaging
library) to prove it is a real PNG of the window's size with a rendered page on it, not a blank.

Chromium comes from `scripts/install-deps.sh --tests`; without it the test is skipped with the
reason, and under CI (CI=true) it fails. CI runs as root, where Chromium needs --no-sandbox.
"""

import json
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

import test_checks

# The planted-problem CSV and checks of test_checks.py (a NULL, a repeated id, out-of-range amounts,
# a missing business day, a bad email, an unknown status), with the unique check an error: the
# report then shows passed, warned and failed checks.
DATA = test_checks.DATA
CHECKS = test_checks.CHECKS_YAML.format(unique_severity="error")

# name: (status, evaluated, failing, sample lines, sample values), as the data holds them.
EXPECTED = {**test_checks.EXPECTED, "id_unique": ("failed", *test_checks.EXPECTED["id_unique"][1:])}

TIMEOUT_SECONDS = 120


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed; under CI scripts/install-deps.sh --tests installs it")
    pytest.skip("chromium is not installed (scripts/install-deps.sh --tests installs it)")


def browse(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs headless Chromium on `page` with a profile of its own; --no-sandbox for root (CI)."""
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        f"--user-data-dir={tmp / 'chromium-profile'}", *args, page.resolve().as_uri(),
    ]
    env = {**os.environ, "HOME": str(tmp)}
    proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env)
    assert proc.returncode == 0, f"{command} exited {proc.returncode}\n{proc.stderr[-3000:]}"
    return proc


class ReportDOM(HTMLParser):
    """The checks table's rows (cells by their data-label) and the column cards' names."""

    def __init__(self):
        super().__init__()
        self.checks: dict[str, dict[str, str]] = {}
        self.columns: list[str] = []
        self.tags: set[str] = set()
        self.external: list[str] = []
        self._row: str | None = None
        self._cell: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        for key in ("src", "href"):
            if a.get(key):
                self.external.append(a[key])
        if tag == "tr" and "data-check" in a:
            self._row = a["data-check"]
            self.checks[self._row] = {}
        elif tag == "td" and self._row is not None:
            self._cell = a.get("data-label", "")
            self._text = []
        elif tag == "article" and "data-column" in a:
            self.columns.append(a["data-column"])

    def handle_endtag(self, tag):
        if tag == "td" and self._row is not None and self._cell is not None:
            self.checks[self._row][self._cell] = "".join(self._text).strip()
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._text.append(data)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit, non-interlaced RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0], f"bad CRC in {kind}"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None, "no IHDR chunk"
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, f"unexpected PNG layout {header}"
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    assert len(raw) == height * (stride + 1), "image data does not fill the image"
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        else:
            assert kind == 0, f"unknown PNG filter {kind}"
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def assert_rendered(png: Path, width: int, height: int) -> None:
    """A PNG of `width`×`height` whose pixels show a page: many colours, ink on a light ground."""
    w, h, rows = png_pixels(png.read_bytes())
    assert (w, h) == (width, height)
    bpp = len(rows[0]) // w
    colours, dark, total = set(), 0, 0
    for row in rows[::3]:
        for i in range(0, len(row), bpp * 2):
            r, g, b = row[i], row[i + 1], row[i + 2]
            colours.add((r, g, b))
            dark += (r + g + b) < 384
            total += 1
    assert len(colours) > 20, f"only {len(colours)} colours: a blank or flat screenshot"
    assert 0.005 < dark / total < 0.5, f"dark share {dark / total:.3f}: no text, or not a page"


@pytest.fixture
def report(ferry, tmp_path) -> tuple[Path, dict]:
    (tmp_path / "orders.csv").write_text(DATA)
    (tmp_path / "checks.yaml").write_text(CHECKS)
    run = ferry("load", "orders.csv", "--to", "sqlite:shop.db", "--checks", "checks.yaml", "--max-rejects", "5",
                "--report", "report.html", "--json", cwd=tmp_path)
    assert run.returncode == 7, run.describe()  # id_unique is an error check
    page = tmp_path / "report.html"
    assert page.is_file(), run.describe()
    return page, run.result


def test_report_dom_shows_every_check_with_status_and_counts(report, tmp_path):
    page, result = report
    dom = ReportDOM()
    dom.feed(browse(page, tmp_path, "--dump-dom").stdout)
    assert "script" not in dom.tags and dom.external == [], "the report must be self-contained"
    assert sorted(dom.checks) == sorted(EXPECTED)
    by_name = {c["name"]: c for c in result["checks"]}
    for name, (status, evaluated, failing, lines, values) in EXPECTED.items():
        row = dom.checks[name]
        assert (row["Status"], int(row["Evaluated"]), int(row["Failing"])) == (status, evaluated, failing), (name, row)
        assert (row["Status"], int(row["Evaluated"]), int(row["Failing"])) == (
            by_name[name]["status"], by_name[name]["evaluated"], by_name[name]["failing"]), (name, row)
        # Failing samples with their lines.
        shown = [f"{'line ' + str(line) if line else '–'}: {'NULL' if value is None else value}" for line, value in zip(lines, values)]
        assert row["Samples"].splitlines() == shown, (name, row)
    # A card per column, with its chart.
    assert dom.columns == ["id", "day", "email", "amount", "status"]
    assert "svg" in dom.tags and "rect" in dom.tags


def test_report_screenshot_is_a_rendered_page(report, tmp_path):
    page, _ = report
    laptop = tmp_path / "laptop.png"
    browse(page, tmp_path, f"--screenshot={laptop}", "--window-size=1280,900")
    assert_rendered(laptop, 1280, 900)
    phone = tmp_path / "phone.png"
    browse(page, tmp_path, f"--screenshot={phone}", "--window-size=390,844")
    assert_rendered(phone, 390, 844)
    if os.environ.get("FERRY_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(laptop, Path(__file__).resolve().parents[2] / "Docs" / "images" / "report.png")


def test_json_report_carries_the_column_profiles(ferry, tmp_path):
    (tmp_path / "orders.csv").write_text(DATA)
    (tmp_path / "checks.yaml").write_text(CHECKS)
    run = ferry("load", "orders.csv", "--to", "sqlite:shop.db", "--checks", "checks.yaml", "--max-rejects", "5",
                "--report", "report.json", "--json", cwd=tmp_path)
    assert run.returncode == 7, run.describe()
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["rows_profiled"] == 8  # every row read, the rejected one included
    columns = {c["name"]: c for c in report["columns"]}
    assert columns["status"]["top_values"] == [{"value": "open", "count": 5}, {"value": "closed", "count": 2},
                                               {"value": "paused", "count": 1}]
    # 6 of the 7 emails are well formed: under the 90 % a format needs to be listed.
    assert columns["email"]["nulls"] == 1 and columns["email"]["formats"] == []
    assert columns["id"]["unique"] is False and columns["id"]["distinct"] == 7
    assert sum(columns["amount"]["histogram"]["counts"]) == 8
    assert (columns["amount"]["min"], columns["amount"]["max"]) == ("-5", "1000")
    outliers = columns["amount"]["outliers"]
    assert outliers["count"] == 1 and outliers["examples"] == [{"line": 6, "value": 1000}]
