"""Every application key in one place. Handlers reach the running OP through
``request.config_dict[PLATFORM]`` (see :func:`op_platform.api.context.platform`)."""

from __future__ import annotations

from aiohttp import web

from op_platform.platform import Platform
from op_platform.services.overview.snapshot import PageMemory

PLATFORM = web.AppKey("platform", Platform)
INTERFACE = web.AppKey("interface", str)
UNBUILT = web.AppKey("unbuilt", list)  # operationIds of the spec that answer 501
UI_MEMORY = web.AppKey("ui_memory", PageMemory)  # what the page at /ui keeps between refreshes
