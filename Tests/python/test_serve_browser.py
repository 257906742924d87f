"""ferry-serve's web dashboard in Debian's headless Chromium (chromium + chromium-driver, from
scripts/install-deps.sh --tests), driven by selenium from the serve venv (scripts/serve-venv.sh):

    FERRY_BIN=.build/debug/ferry "$(scripts/serve-venv.sh)/bin/pytest" Tests/python/test_serve_browser.py

A loader signs in with a token, uploads a CSV, sees the inferred schema, chooses Upsert with a key,
watches the run complete on its page and opens the quality report; a viewer sees no "New load".
$FERRY_SCREENSHOTS=DIR writes the laptop and phone screenshots shown in Docs/serve.md
(Docs/images/serve-*.png) there.
"""

import http.client
import os
import shutil
import sqlite3
import urllib.parse
from pathlib import Path

import pytest

from test_serve import make_server

selenium = pytest.importorskip("selenium", reason="selenium is in the serve venv: run this file with its pytest (scripts/serve-venv.sh)")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

TIMEOUT = 60
LAPTOP = (1280, 860)
PHONE = (390, 844)
CHROMIUM = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def server(ferry):
    srv = make_server(ferry, (("ann", "loader"), ("vic", "viewer"), ("olga", "admin")), concurrency=2)
    yield srv
    srv.stop()
    shutil.rmtree(srv.root, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and chromium-driver are not installed (scripts/install-deps.sh --tests)")
        pytest.skip("chromium and chromium-driver are not installed (scripts/install-deps.sh --tests)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={LAPTOP[0]},{LAPTOP[1]}"):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to run as root with its sandbox (CI runs as root)
    # The explicit driver path keeps Selenium Manager from looking for a driver to download.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    yield driver
    driver.quit()


def screenshot(driver, name, size):
    """Saves the page at `size` as serve-NAME.png under $FERRY_SCREENSHOTS (when set)."""
    directory = os.environ.get("FERRY_SCREENSHOTS")
    if not directory:
        return
    driver.set_window_size(*size)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size[0], min(max(size[1], height), 2400))
    driver.execute_script("window.scrollTo(0, 0)")
    Path(directory).mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(Path(directory) / f"serve-{name}.png"))
    driver.set_window_size(*LAPTOP)


def sign_in(driver, server, user):
    base = f"http://127.0.0.1:{server.port}"
    driver.delete_all_cookies()
    driver.get(base + "/ui/runs")
    WebDriverWait(driver, TIMEOUT).until(expected_conditions.url_contains("/ui/signin"))
    driver.find_element(By.ID, "token").send_keys(server.tokens[user])
    driver.find_element(By.CSS_SELECTOR, "form[action='/ui/signin'] button").click()
    WebDriverWait(driver, TIMEOUT).until(expected_conditions.url_contains("/ui/runs"))
    return base


def wait_for_end(driver):
    """The run page's status once the run has ended (the page reloads itself then)."""
    def ended(d):
        text = d.find_element(By.ID, "run-status").text
        return text if text in ("completed", "failed", "cancelled", "interrupted") else False
    return WebDriverWait(driver, TIMEOUT, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(ended)


def session_cookie(driver):
    return driver.get_cookie("ferry_session")


def post_form(server, path, fields, cookie, origin=None):
    """A plain form post with the browser's session cookie, outside the browser."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"ferry_session={cookie}"}
    if origin:
        headers["Origin"] = origin
    connection.request("POST", path, body=urllib.parse.urlencode(fields, doseq=True), headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


def test_loader_uploads_upserts_by_key_watches_the_run_and_opens_the_report(server, browser, tmp_path):
    base = sign_in(browser, server, "ann")
    cookie = session_cookie(browser)
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict"
    assert browser.find_elements(By.ID, "nav-new"), "a loader sees New load"

    csv = tmp_path / "orders.csv"
    csv.write_text("id,name,amount\n1,apple,1.50\n2,pear,2.25\n3,plum,0.75\n")
    browser.find_element(By.ID, "nav-new").click()
    browser.find_element(By.ID, "file").send_keys(str(csv))
    browser.find_element(By.CSS_SELECTOR, "form[action='/ui/new'] button").click()
    WebDriverWait(browser, TIMEOUT).until(expected_conditions.presence_of_element_located((By.ID, "submit-load")))
    schema = browser.find_element(By.CSS_SELECTOR, "table.schema").text
    assert "id bigint" in schema and "amount decimal" in schema, schema
    assert "apple" in browser.find_element(By.CSS_SELECTOR, "table.samples").text
    assert browser.find_element(By.ID, "table").get_attribute("value") == "orders"
    Select(browser.find_element(By.ID, "mode")).select_by_value("upsert")

    # Upsert without a key is answered on the same page, with the choices kept.
    browser.find_element(By.ID, "submit-load").click()
    WebDriverWait(browser, TIMEOUT).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "p.error")))
    assert "key columns" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    assert Select(browser.find_element(By.ID, "mode")).first_selected_option.get_attribute("value") == "upsert"
    browser.find_element(By.CSS_SELECTOR, "input[name=key][value=id]").click()
    screenshot(browser, "new-load-laptop", LAPTOP)
    screenshot(browser, "new-load-phone", PHONE)
    browser.find_element(By.ID, "submit-load").click()

    # The run page follows the run live and shows it completed.
    WebDriverWait(browser, TIMEOUT).until(expected_conditions.url_matches(r"/ui/runs/[0-9a-f-]{36}$"))
    run_id = browser.current_url.rsplit("/", 1)[1]
    assert wait_for_end(browser) == "completed"
    assert browser.find_element(By.ID, "rows-written").text == "3"
    assert browser.find_element(By.ID, "progress").get_attribute("value") == "100"
    timeline = browser.find_element(By.ID, "timeline").text
    assert timeline.index("run_started") < timeline.index("schema_resolved") < timeline.index("run_completed"), timeline
    screenshot(browser, "run-laptop", LAPTOP)
    screenshot(browser, "run-phone", PHONE)
    with sqlite3.connect(server.data / "warehouse.db") as db:
        assert db.execute("select id, name from orders order by id").fetchall() == [(1, "apple"), (2, "pear"), (3, "plum")]

    # The same run through the API, for the same user.
    status, _, api_run = server.json("GET", f"/api/v1/runs/{run_id}", token=server.tokens["ann"])
    assert status == 200 and api_run["status"] == "completed" and api_run["rows_written"] == 3

    # The quality report opens from the run page.
    browser.find_element(By.ID, "report-link").click()
    WebDriverWait(browser, TIMEOUT).until(expected_conditions.title_contains("Ferry report"))
    assert "load_orders" in browser.find_element(By.TAG_NAME, "h1").text
    browser.back()

    # A second upsert of changed rows updates by key; the list shows both runs.
    csv.write_text("id,name,amount\n2,PEAR,2.50\n4,fig,3.00\n")
    browser.get(base + "/ui/new")
    browser.find_element(By.ID, "file").send_keys(str(csv))
    browser.find_element(By.CSS_SELECTOR, "form[action='/ui/new'] button").click()
    WebDriverWait(browser, TIMEOUT).until(expected_conditions.presence_of_element_located((By.ID, "submit-load")))
    Select(browser.find_element(By.ID, "mode")).select_by_value("upsert")
    browser.find_element(By.CSS_SELECTOR, "input[name=key][value=id]").click()
    browser.find_element(By.ID, "submit-load").click()
    WebDriverWait(browser, TIMEOUT).until(expected_conditions.url_matches(r"/ui/runs/[0-9a-f-]{36}$"))
    assert wait_for_end(browser) == "completed"
    with sqlite3.connect(server.data / "warehouse.db") as db:
        assert db.execute("select id, name from orders order by id").fetchall() == [
            (1, "apple"), (2, "PEAR"), (3, "plum"), (4, "fig")]
    browser.get(base + "/ui/runs")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.runs tbody tr")
    assert len(rows) == 2 and all("completed" in row.text and "ann" in row.text for row in rows)
    screenshot(browser, "runs-laptop", LAPTOP)
    screenshot(browser, "runs-phone", PHONE)

    # Forms without the session's CSRF token, or from another site, are refused; so is a file
    # name that leaves the upload area (confinement, as in the API).
    fields = {"file": "orders.csv", "table": "t", "target": "warehouse", "mode": "append"}
    assert post_form(server, "/ui/new/run", fields, cookie["value"])[0] == 403
    csrf = browser.find_element(By.CSS_SELECTOR, "form[action='/ui/signout'] input[name=csrf]").get_attribute("value")
    assert post_form(server, "/ui/new/run", {**fields, "csrf": csrf}, cookie["value"], origin="http://evil.example")[0] == 403
    status, body = post_form(server, "/ui/new/run", {**fields, "csrf": csrf, "file": "../../../../etc/passwd"}, cookie["value"])
    assert status == 400 and "$.source.path" in body
    assert len(server.json("GET", "/api/v1/runs", token=server.tokens["ann"])[2]["runs"]) == 2


def test_viewer_sees_no_new_load_and_cannot_start_one(server, browser):
    base = sign_in(browser, server, "vic")
    assert not browser.find_elements(By.ID, "nav-new")
    assert "ann" not in browser.find_element(By.TAG_NAME, "main").text, "a viewer sees only its own runs"
    browser.get(base + "/ui/new")
    assert "Not allowed" in browser.find_element(By.TAG_NAME, "h1").text
    csrf = browser.find_element(By.CSS_SELECTOR, "form[action='/ui/signout'] input[name=csrf]").get_attribute("value")
    status, _ = post_form(server, "/ui/new/run", {"csrf": csrf, "file": "orders.csv", "table": "t", "mode": "append"},
                          session_cookie(browser)["value"])
    assert status == 403


def test_admin_sees_every_users_runs_and_sign_out_ends_the_session(server, browser):
    sign_in(browser, server, "olga")
    assert "ann" in browser.find_element(By.CSS_SELECTOR, "table.runs").text
    cookie = session_cookie(browser)["value"]
    browser.find_element(By.CSS_SELECTOR, "form[action='/ui/signout'] button").click()
    WebDriverWait(browser, TIMEOUT).until(expected_conditions.url_contains("/ui/signin"))
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    connection.request("GET", "/ui/runs", headers={"Cookie": f"ferry_session={cookie}"})
    response = connection.getresponse()
    assert response.status == 303 and response.getheader("Location") == "/ui/signin"
    connection.close()


def test_a_revoked_token_ends_its_dashboard_session(server, browser):
    token = server.cli("token", "create", "--user", "ann", "--role", "loader")
    server.tokens["ann-2"] = token
    sign_in(browser, server, "ann-2")
    cookie = session_cookie(browser)["value"]
    assert server.cli("token", "revoke", token) == "revoked"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    connection.request("GET", "/ui/runs", headers={"Cookie": f"ferry_session={cookie}"})
    assert connection.getresponse().status == 303
    connection.close()
