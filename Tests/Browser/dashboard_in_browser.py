#!/usr/bin/python3
"""The dashboard (SPEC §12) in a real browser.

Headless Chromium, driven by Selenium through Debian's chromedriver, against the real okrd and
the real `okrctl dashboard`, both started here on a scripted quarter whose numbers are worked
out by hand below. Run by `BrowserTests` in `make test`; `make screenshots` runs it to refresh
the README's pictures in docs/images.

Prints one line per check and exits 1 when any failed.
"""
import argparse
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

HOSTILE = "Onboard <img src=x onerror=alert(1)> <script>alert(2)</script>"
LONG = "Cut p99 latency " + "x" * 240  # one unbroken word: a page must still not scroll sideways

# The quarter: KR-1 from 0 to 100 observed 20, 30, 40 on Jan 15, Jan 22, Feb 1 (score 0.4 on
# Feb 15, 0.3 on Jan 25); KR-2 from 900 down to 300 observed at 600 (score (900-600)/(900-300) = 0.5).
QUARTER = [
    ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
    ["objective", "add", HOSTILE, "--cycle", "2026-Q1", "--team", "growth"],
    ["kr", "add", "Completion", "--objective", "O-1", "--metric", "m", "--baseline", "0", "--target", "100"],
    ["objective", "add", LONG, "--cycle", "2026-Q1", "--team", "platform"],
    ["kr", "add", "p99 latency", "--objective", "O-2", "--metric", "latency", "--baseline", "900", "--target", "300",
     "--unit", "ms"],
    ["observe", "m", "20", "--at", "2026-01-15"],
    ["observe", "m", "30", "--at", "2026-01-22"],
    ["observe", "m", "40", "--at", "2026-02-01"],
    ["observe", "latency", "600", "--at", "2026-02-01"],
    ["checkin", "KR-1", "--confidence", "7", "--note", "steady <b>progress</b>", "--at", "2026-02-02"],
    ["checkin", "KR-2", "--confidence", "5", "--at", "2026-02-03"],
    ["kpi", "add", "K-1", "--metric", "latency", "--name", LONG, "--at-most", "500", "--at", "2026-01-01"],
]
VIEW = "/?as-of=2026-02-15"


class Checks:
    """Counts what passed and what failed, printing each."""

    def __init__(self):
        self.failed = []

    def expect(self, condition, what):
        print(("ok    " if condition else "FAIL  ") + what, flush=True)
        if not condition:
            self.failed.append(what)
        return condition


class Okr:
    """okrd on a fresh data directory, and okrctl against it."""

    def __init__(self, bin_dir, work):
        self.bin_dir = bin_dir
        self.work = work
        self.socket = os.path.join(work, "okrd.sock")
        self.env = dict(os.environ, OKR_SOCKET=self.socket)
        self.daemon = None

    def start(self):
        log = open(os.path.join(self.work, "okrd.log"), "ab")
        self.daemon = subprocess.Popen([os.path.join(self.bin_dir, "okrd"), "--data", os.path.join(self.work, "data"),
                                        "--socket", self.socket], stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.time() + 20
        while time.time() < deadline:
            if subprocess.run(self.command("ping"), env=self.env, capture_output=True).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("okrd did not answer within 20 s")

    def stop(self):
        if self.daemon and self.daemon.poll() is None:
            self.daemon.send_signal(signal.SIGTERM)
            self.daemon.wait(20)

    def command(self, *arguments):
        return [os.path.join(self.bin_dir, "okrctl"), *arguments]

    def okrctl(self, *arguments):
        result = subprocess.run(self.command(*arguments), env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"okrctl {' '.join(arguments)}: exit {result.returncode}: {result.stderr}")
        return result.stdout


class Dashboard:
    """`okrctl dashboard --listen 127.0.0.1:0`, its URL read from its first line."""

    def __init__(self, okr):
        self.process = subprocess.Popen(okr.command("dashboard", "--listen", "127.0.0.1:0"), env=okr.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.process.stdout.readline().decode()
        if not line.startswith("okr dashboard: http://"):
            raise RuntimeError(f"unexpected first line: {line!r}")
        self.url = line.split(": ", 1)[1].strip().rstrip("/")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(20)


def browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US",
                     "--window-size=1280,800", "--hide-scrollbars", "--no-first-run"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def viewport(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def wait_for(condition, seconds):
    """Seconds until `condition()` held, or None when it did not within `seconds`."""
    start = time.time()
    while time.time() - start < seconds:
        try:
            if condition():
                return time.time() - start
        except Exception:
            pass
        time.sleep(0.05)
    return None


def cell(driver, kr, field):
    return driver.find_element(By.CSS_SELECTOR, f'tr[data-kr="{kr}"] td[data-field="{field}"]').text


def requests(driver):
    """Every URL the page asked for since the last call, from Chrome's performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def alert_shown(driver):
    try:
        driver.switch_to.alert
        return True
    except NoAlertPresentException:
        return False


def png_size(path):
    with open(path, "rb") as image:
        header = image.read(24)
    return struct.unpack(">II", header[16:24])


def check_numbers_and_hostile_text(driver, dashboard, checks):
    driver.get(dashboard.url + VIEW)
    checks.expect(cell(driver, "KR-1", "current") == "40 → 100", f"KR-1 shows 40 → 100 (got {cell(driver, 'KR-1', 'current')!r})")
    checks.expect(cell(driver, "KR-1", "score") == "0.4", "KR-1 scores 0.4: 40 of 0 → 100")
    checks.expect(cell(driver, "KR-2", "current") == "600 ms → 300 ms", f"KR-2 shows 600 ms → 300 ms (got {cell(driver, 'KR-2', 'current')!r})")
    checks.expect(cell(driver, "KR-2", "score") == "0.5", "KR-2 scores 0.5: (900 - 600) / (900 - 300)")
    title = driver.find_element(By.CSS_SELECTOR, "article#O-1 h2").text
    checks.expect(title == HOSTILE, f"the hostile title shows as text: {title!r}")
    checks.expect(not alert_shown(driver), "the hostile title opens no dialog")
    checks.expect(len(driver.find_elements(By.CSS_SELECTOR, "main img, main script")) == 0, "and adds no element")
    checks.expect(len(driver.find_elements(By.CSS_SELECTOR, 'tr[data-kr="KR-1"] svg.spark polyline')) == 1,
                  "KR-1's history is a sparkline")
    time.sleep(0.5)
    asked = requests(driver)
    # data: URLs are the browser's own (the date field's icon), not requests.
    foreign = [url for url in asked if not url.startswith(dashboard.url + "/") and not url.startswith("data:")]
    checks.expect(not foreign, f"no request leaves the page's origin: {foreign}")
    checks.expect(not [url for url in asked if url.split("?")[0].endswith("/x")], "the title's <img src=x> is never fetched")


def check_live_update(driver, okr, checks):
    driver.execute_script("window.okrNoReload = 42;")
    okr.okrctl("observe", "m", "55", "--at", "2026-02-10")
    took = wait_for(lambda: cell(driver, "KR-1", "current") == "55 → 100", 2.0)
    checks.expect(took is not None, f"an observation reaches the open page within 2 s of its acknowledgement ({took and round(took, 3)} s)")
    checks.expect(driver.execute_script("return window.okrNoReload;") == 42, "without a reload")
    return took


def check_okrd_lost_and_back(driver, okr, checks):
    okr.stop()
    banner = lambda: driver.find_element(By.ID, "okrd-lost")
    lost = wait_for(lambda: banner().is_displayed(), 5.0)
    checks.expect(lost is not None and "okrd" in banner().text, f"okrd gone shows a banner naming okrd within 5 s ({lost and round(lost, 2)} s)")
    okr.start()
    back = wait_for(lambda: not banner().is_displayed(), 5.0)
    checks.expect(back is not None, f"and the page recovers within 5 s of okrd's return ({back and round(back, 2)} s)")
    okr.okrctl("observe", "m", "60", "--at", "2026-02-12")
    took = wait_for(lambda: cell(driver, "KR-1", "current") == "60 → 100", 2.0)
    checks.expect(took is not None, "commits flow to the page again, without a reload")
    checks.expect(driver.execute_script("return window.okrNoReload;") == 42, "still the same page")


def check_date_control(driver, dashboard, checks):
    field = driver.find_element(By.CSS_SELECTOR, 'form.when input[type="date"]')
    driver.execute_script("arguments[0].value = '2026-01-25'; arguments[0].dispatchEvent(new Event('change'));", field)
    moved = wait_for(lambda: "as-of=2026-01-25" in driver.current_url and cell(driver, "KR-1", "current") == "30 → 100", 5.0)
    checks.expect(moved is not None, f"the date control shows an earlier week on change: {driver.current_url}")
    checks.expect(cell(driver, "KR-1", "score") == "0.3", "KR-1 on Jan 25: 30, score 0.3")
    again = browser()
    try:
        again.get(driver.current_url)
        checks.expect(cell(again, "KR-1", "current") == "30 → 100", "the URL it left is shareable: another browser sees the same week")
    finally:
        again.quit()


def check_without_javascript(dashboard, checks):
    driver = browser(javascript=False)
    try:
        driver.get(dashboard.url + VIEW)
        checks.expect(cell(driver, "KR-1", "current") == "60 → 100", "with JavaScript off the page shows the numbers")
        checks.expect(not driver.find_element(By.ID, "okrd-lost").is_displayed(), "and no banner")
        field = driver.find_element(By.CSS_SELECTOR, 'form.when input[type="date"]')
        field.send_keys("01252026")
        driver.find_element(By.CSS_SELECTOR, 'form.when button[type="submit"]').click()
        moved = wait_for(lambda: "as-of=2026-01-25" in driver.current_url, 5.0)
        checks.expect(moved is not None and cell(driver, "KR-1", "current") == "30 → 100",
                      f"and its date form still moves the view: {driver.current_url}")
        driver.get(dashboard.url + "/kr/KR-1?as-of=2026-02-15")
        checks.expect(len(driver.find_elements(By.CSS_SELECTOR, "main svg.chart polyline.observed")) == 1,
                      "/kr/KR-1's chart is drawn by the server")
        checks.expect(len(driver.find_elements(By.CSS_SELECTOR, "main svg.chart path.checkin")) == 1, "with its check-in marked")
    finally:
        driver.quit()


def check_layout_and_screenshots(driver, dashboard, directory, checks):
    pages = ["/", "/tree", "/kr/KR-1", "/due", "/kpis", "/reviews", "/health"]
    for width, height in [(390, 844), (1280, 800), (1920, 1080)]:
        viewport(driver, width, height)
        for path in pages:
            driver.get(dashboard.url + path + "?as-of=2026-02-15")
            wide = driver.execute_script("return document.documentElement.scrollWidth;")
            checks.expect(wide <= width, f"{path} at {width} px does not scroll sideways (content {wide} px)")
    shots = [("overview-1280.png", "/", 1280, 800), ("kr-1280.png", "/kr/KR-1", 1280, 800),
             ("health-1280.png", "/health", 1280, 800), ("overview-390.png", "/", 390, 844)]
    for name, path, width, height in shots:
        viewport(driver, width, height)
        driver.get(dashboard.url + path + "?as-of=2026-02-15")
        time.sleep(0.3)
        target = os.path.join(directory, name)
        with open(target, "wb") as image:
            image.write(driver.get_screenshot_as_png())
        checks.expect(png_size(target) == (width, height), f"screenshot {name} is {width}×{height}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the directory holding okrd, okrctl and okr-dashboard")
    parser.add_argument("--screenshots", required=True, help="where the screenshots go")
    arguments = parser.parse_args()
    os.makedirs(arguments.screenshots, exist_ok=True)
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="okr-browser-") as work:
        okr = Okr(arguments.bin, work)
        okr.start()
        dashboard = None
        driver = None
        try:
            for command in QUARTER:
                okr.okrctl(*command)
            dashboard = Dashboard(okr)
            driver = browser()
            check_numbers_and_hostile_text(driver, dashboard, checks)
            took = check_live_update(driver, okr, checks)
            check_okrd_lost_and_back(driver, okr, checks)
            check_date_control(driver, dashboard, checks)
            check_without_javascript(dashboard, checks)
            check_layout_and_screenshots(driver, dashboard, arguments.screenshots, checks)
            if took is not None:
                print(f"live update: {took * 1000:.0f} ms from acknowledgement to the number on the page")
        finally:
            if driver:
                driver.quit()
            if dashboard:
                dashboard.stop()
            okr.stop()
    if checks.failed:
        print(f"{len(checks.failed)} check(s) failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
