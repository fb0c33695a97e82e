"""Typed application keys of the MEO app."""

from __future__ import annotations

import httpx
from aiohttp import web

from mec_mocks.common.db import Database
from mec_mocks.common.outbox import Outbox
from mec_mocks.meo.config import MeoConfig
from mec_mocks.meo.forwarding import Forwarder
from mec_mocks.meo.notify import Notifier
from mec_mocks.meo.onboarding import Onboarder
from mec_mocks.meo.service import PackageService

CONFIG = web.AppKey("meo_config", MeoConfig)
DB = web.AppKey("meo_db", Database)
HTTP = web.AppKey("meo_http", httpx.AsyncClient)
OUTBOX = web.AppKey("meo_outbox", Outbox)
NOTIFIER = web.AppKey("meo_notifier", Notifier)
FORWARDER = web.AppKey("meo_forwarder", Forwarder)
ONBOARDER = web.AppKey("meo_onboarder", Onboarder)
SERVICE = web.AppKey("meo_service", PackageService)
