"""A small driver of headless chromium over the DevTools protocol, on a pipe (no network).

``--remote-debugging-pipe`` makes chromium read JSON commands on file descriptor 3 and answer
on 4, each message ended by a NUL byte: enough to load a page at a given window width, read
layout facts (``document.documentElement.scrollWidth``), click a link, fill and submit a form
and take a full-page screenshot, without a websocket library or a downloaded browser.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT = 120.0
#: Headless, no sandbox (containers), nothing fetched or synced in the background.
HEADLESS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless chromium with one page (tab); ``with Browser(profile) as b: ...``."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Chromium expects its end of the pipes at 3 (commands) and 4 (answers).
        high_r, high_w = os.dup(to_chrome_r), os.dup(from_chrome_w)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def in_child() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [str(CHROMIUM), *HEADLESS, "--remote-debugging-pipe", f"--user-data-dir={profile}"],
            preexec_fn=in_child,  # only dup2 before exec
            close_fds=False,  # fds 3 and 4 (dup2 leaves them open across exec); Python's own
            # descriptors are not inheritable and close at exec anyway
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(high_r)
        os.close(high_w)
        self._ids = itertools.count(1)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        target = self._command("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self._command("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        self.send("Page.enable")

    # -- protocol ------------------------------------------------------------------------

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise BrowserError("chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _command(self, method: str, params: dict | None = None, session: str | None = None) -> Any:
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._read(deadline)
            if answer.get("id") == number:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            if "method" in answer:
                self._events.append(answer)

    def send(self, method: str, params: dict | None = None) -> Any:
        return self._command(method, params, self.session)

    def wait_event(self, name: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == name:
                    del self._events[i]
                    return event
            message = self._read(deadline)
            if "method" in message:
                self._events.append(message)

    # -- pages ---------------------------------------------------------------------------

    def open(self, url: str, width: int = 1400, height: int = 1000) -> None:
        """Load ``url`` in a window ``width`` px wide (as a desktop browser, not a phone)."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self._events.clear()
        if "loaderId" in self.send("Page.navigate", {"url": url}):  # not a move within the page
            self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools runs it, not the page)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    def follow(self, expression: str) -> None:
        """Run ``expression`` (a click, a form submission) and wait for the next page."""
        self._events.clear()
        self.evaluate(expression)
        self.wait_event("Page.loadEventFired")

    @property
    def url(self) -> str:
        return self.evaluate("location.href")

    def overflow(self) -> int:
        """How many pixels the page is wider than the window (0: nothing to scroll sideways)."""
        return self.evaluate(
            "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
        )

    def screenshot(self, path: Path, whole_page: bool = True) -> Path:
        """The whole page (or only what the window shows) as a PNG."""
        params: dict[str, Any] = {"format": "png"}
        if whole_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
            params.update(captureBeyondViewport=True, clip=clip)
        shot = self.send("Page.captureScreenshot", params)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        try:
            self._command("Browser.close")
        except BrowserError:
            pass
        finally:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
            os.close(self._to_chrome)
            os.close(self._from_chrome)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
