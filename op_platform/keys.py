"""Every application key in one place. Handlers reach state through ``request.config_dict[KEY]``."""

from __future__ import annotations

import httpx
from aiohttp import web

from op_platform.clients.tokens import TokenProviders
from op_platform.db.engine import Database
from op_platform.metrics import Metrics
from op_platform.outbox.worker import OutboxWorker
from op_platform.security.service import SecurityService
from op_platform.services.ewbi.instance_jobs import InstanceJobWorker
from op_platform.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
DATABASE = web.AppKey("database", Database)
HTTP = web.AppKey("http", httpx.AsyncClient)
METRICS = web.AppKey("metrics", Metrics)
INTERFACE = web.AppKey("interface", str)
UNBUILT = web.AppKey("unbuilt", list)  # operationIds of the spec that answer 501
SECURITY = web.AppKey("security", SecurityService)
TOKENS = web.AppKey("tokens", TokenProviders)  # outbound token providers
OUTBOX = web.AppKey("outbox", OutboxWorker)
INSTANCE_JOBS = web.AppKey("instance_jobs", InstanceJobWorker)  # instance lifecycle worker
