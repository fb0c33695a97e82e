"""Headless Chromium driven over the Chrome DevTools Protocol: one websocket (aiohttp's client),
Debian's ``chromium`` package and nothing else (no browser download, no driver binary).

``async with launch(folder) as page:`` starts a fresh browser (its own profile in ``folder``),
opens one tab and closes everything on exit. The page collects uncaught JavaScript exceptions
in ``page.errors``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import math
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "apt-get install -y --no-install-recommends chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
)
START_TIMEOUT = 30.0


class BrowserError(Exception):
    pass


class Page:
    """One tab, attached in flat mode: every command carries its session id."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.session: str | None = None
        self.errors: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            future = self.waiting.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                future.set_result(data)
            elif data.get("method") == "Runtime.exceptionThrown":
                details = data["params"]["exceptionDetails"]
                self.errors.append(str(details.get("exception", {}).get("description") or details))
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(BrowserError("the browser closed the connection"))

    async def send(
        self, method: str, params: dict[str, Any] | None = None, *, page: bool = True
    ) -> Any:
        number = next(self.ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if page and self.session is not None:
            message["sessionId"] = self.session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[number] = future
        await self.ws.send_str(json.dumps(message))
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def open(self, width: int, height: int) -> None:
        target = await self.send("Target.createTarget", {"url": "about:blank"}, page=False)
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, page=False
        )
        self.session = attached["sessionId"]
        for domain in ("Page.enable", "Runtime.enable"):
            await self.send(domain)
        await self.resize(width, height)

    async def resize(self, width: int, height: int) -> None:
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    async def evaluate(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} raised {result['exceptionDetails']}")
        return result["result"].get("value")

    async def goto(self, url: str) -> None:
        answer = await self.send("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise BrowserError(f"cannot open {url}: {answer['errorText']}")
        await self.wait_for("document.readyState === 'complete'", what=f"{url} to load")

    async def wait_for(self, expression: str, *, within: float = 30.0, what: str = "") -> Any:
        """The expression's value once it is truthy, evaluated every 0.2 s for ``within`` s;
        while the page is navigating, an evaluation that fails counts as not yet."""
        deadline = time.monotonic() + within
        last = ""
        while True:
            try:
                value = await self.evaluate(expression)
            except BrowserError as exc:
                value, last = None, str(exc)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {what or expression} {last}".strip())
            await asyncio.sleep(0.2)

    async def type_into(self, selector: str, text: str) -> None:
        """Focus a field and type ``text`` as a person would (insertText)."""
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        await self.send("Input.insertText", {"text": text})

    async def screenshot(self, path: Path) -> Path:
        """A PNG of the whole page (not just the window)."""
        size = (await self.send("Page.getLayoutMetrics"))["cssContentSize"]
        await self.resize(math.ceil(size["width"]), math.ceil(size["height"]))
        shot = await self.send(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


async def _devtools_url(profile: Path, process: asyncio.subprocess.Process) -> str:
    """Chromium writes its DevTools port and path to ``DevToolsActivePort`` in its profile."""
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise BrowserError(f"chromium exited with {process.returncode}")
        lines = marker.read_text().split("\n") if marker.is_file() else []
        if len(lines) >= 2 and lines[0].isdigit() and lines[1]:
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        await asyncio.sleep(0.1)
    raise BrowserError(f"chromium did not open its DevTools port within {START_TIMEOUT} s")


@contextlib.asynccontextmanager
async def launch(folder: Path, *, width: int = 1280, height: int = 900) -> AsyncIterator[Page]:
    profile = folder / "chromium-profile"
    profile.mkdir(parents=True, exist_ok=True)
    with (folder / "chromium.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank",
            stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
        )  # fmt: skip
        try:
            url = await _devtools_url(profile, process)
            async with (
                aiohttp.ClientSession() as http,
                http.ws_connect(url, max_msg_size=0) as ws,
            ):
                page = Page(ws)
                try:
                    await page.open(width, height)
                    yield page
                finally:
                    with contextlib.suppress(BrowserError, TimeoutError, ConnectionError):
                        await page.send("Browser.close", page=False)
                    page.reader.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await page.reader
        finally:
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
