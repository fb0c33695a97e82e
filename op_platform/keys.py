"""Every application key in one place. Handlers reach the running OP through
``request.config_dict[PLATFORM]`` (see :func:`op_platform.api.context.platform`)."""

from __future__ import annotations

from aiohttp import web

from op_platform.platform import Platform

PLATFORM = web.AppKey("platform", Platform)
INTERFACE = web.AppKey("interface", str)
UNBUILT = web.AppKey("unbuilt", list)  # operationIds of the spec that answer 501
