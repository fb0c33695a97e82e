"""Typed application keys of the edge site app."""

from __future__ import annotations

from aiohttp import web

from mec_mocks.edge_site.config import EdgeSiteConfig
from mec_mocks.edge_site.expand import Resources
from mec_mocks.edge_site.gateway import Gateway

CONFIG = web.AppKey("edge_site_config", EdgeSiteConfig)
GATEWAY = web.AppKey("edge_site_gateway", Gateway)
RESOURCES = web.AppKey("edge_site_resources", Resources)
