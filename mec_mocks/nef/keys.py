"""Typed application keys of the NEF app."""

from __future__ import annotations

from aiohttp import web

from mec_mocks.nef.config import NefConfig
from mec_mocks.nef.system import Nef

CONFIG = web.AppKey("nef_config", NefConfig)
NEF = web.AppKey("nef", Nef)
