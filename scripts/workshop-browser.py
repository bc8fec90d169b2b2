#!/usr/bin/env python3
"""Watches Charter's workshop page in headless Chromium, as the room would.

    workshop-browser.py URL SCREENSHOT.png [--laptop LAPTOP.png] [--one-change]

Driven by Selenium and chromium-driver. It talks on standard input and
output, a line each, so that whoever drives the REPL (a test, or
scripts/screenshot-workshop.sh) types a change only when the page is ready
for it, and learns what the page did:

    prints  ready      the page is open, at 1920x1080, showing the model
    reads   a line     (the REPL has been given a change)
    prints  changed    the page updated by itself, with what moved
    reads   a line     (the REPL has opened a what-if and changed something)
    prints  what-if    the page shows the what-if banner
    reads   a line     (the REPL has dropped the what-if)
    prints  back       the banner is gone
    prints  a JSON line  what the page showed at each step

With --one-change it stops after `changed` (and the JSON line): enough for a picture.

A screenshot is taken at 1920x1080 after the change, and, with --laptop, one
at 1280x720. Every wait gives up after two minutes (a hung page, not a slow
one), with the page's text on standard error.
"""

import json
import struct
import sys
import time
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

HANG_GUARD = 120


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--window-size=1920,1080", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        try:
            open(candidate).close()
            options.binary_location = candidate
            break
        except OSError:
            pass
    service = Service(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def viewport(driver, width, height):
    """The page's own size, as a screen of that size shows it (the window's size would include its frame)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def revision(driver):
    value = driver.execute_script(
        "var live=document.getElementById('live');return live?Number(live.dataset.revision):-1;")
    return int(value)


def text(driver, selector):
    """The text of the first element `selector` finds, read in one step: the
    page swaps its content when the model changes, so an element found in
    one step may be gone in the next."""
    return driver.execute_script(
        "var e=document.querySelector(arguments[0]);return e?e.innerText:'';", selector)


def texts(driver, selector):
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll(arguments[0]),function(e){return e.innerText;});", selector)


def wait(driver, what, condition):
    try:
        WebDriverWait(driver, HANG_GUARD, poll_frequency=0.1).until(lambda d: condition(d))
    except Exception:
        sys.stderr.write("waited in vain for %s; the page shows:\n%s\n" % (what, text(driver, "body")))
        raise


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def painted_share(path):
    """The share of a PNG's pixels that are not its most common colour, and how many colours it has."""
    with open(path, "rb") as handle:
        data = handle.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG layout"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    counts = {}
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                a, b, c = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[i] = (line[i] + (left if a <= b and a <= c else up if b <= c else corner)) & 255
        for i in range(0, stride, channels * 4):  # every fourth pixel is plenty
            pixel = bytes(line[i:i + 3])
            counts[pixel] = counts.get(pixel, 0) + 1
        previous = line
    total = sum(counts.values())
    commonest = max(counts.values())
    return (total - commonest) / total, len(counts)


def main():
    url, screenshot = sys.argv[1], sys.argv[2]
    laptop = sys.argv[sys.argv.index("--laptop") + 1] if "--laptop" in sys.argv else None
    driver = browser()
    seen = {}
    try:
        viewport(driver, 1920, 1080)
        driver.get(url)
        wait(driver, "the page", lambda d: revision(d) >= 1)
        first = revision(driver)
        seen["title"] = driver.title
        seen["opened"] = text(driver, "#live")
        say("ready")

        sys.stdin.readline()
        wait(driver, "the page to change by itself", lambda d: revision(d) > first)
        wait(driver, "the change to be shown", lambda d: "rose" in text(d, ".moved-section"))
        seen["moved"] = text(driver, ".moved-section")
        seen["newFindings"] = texts(driver, ".finding.new h3")
        seen["announced"] = driver.execute_script("return document.getElementById('announce').textContent;")
        driver.execute_script("window.scrollTo(0,0)")
        driver.save_screenshot(screenshot)
        seen["painted"], seen["colours"] = painted_share(screenshot)
        say("changed")
        if "--one-change" in sys.argv:
            say(json.dumps(seen))
            return

        sys.stdin.readline()
        wait(driver, "the what-if banner", lambda d: "What-if." in text(d, "#live"))
        seen["whatIf"] = text(driver, ".banner")
        seen["whatIfMoved"] = text(driver, "#moved")
        say("what-if")

        sys.stdin.readline()
        wait(driver, "the banner to go", lambda d: "What-if." not in text(d, "#live"))
        seen["afterDrop"] = text(driver, "#moved")
        seen["errors"] = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"] \
            if hasattr(driver, "get_log") else []
        if laptop:
            viewport(driver, 1280, 720)
            driver.execute_script("window.scrollTo(0,0)")
            driver.save_screenshot(laptop)
            seen["laptopPainted"], _ = painted_share(laptop)
            seen["laptopOverflow"] = driver.execute_script(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")
        say("back")
        say(json.dumps(seen))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
