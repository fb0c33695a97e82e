"""The running NEF, built in one place: network, store, notifier, the four API services and
mobility, each handed what it needs. ``app.py`` builds one per application."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from mec_mocks.common.db import Database
from mec_mocks.nef.auth import Tokens
from mec_mocks.nef.config import NefConfig
from mec_mocks.nef.eas import EasDeployment
from mec_mocks.nef.gate import Gate
from mec_mocks.nef.mobility import Mobility
from mec_mocks.nef.monitoring import MonitoringEvent
from mec_mocks.nef.network import Network
from mec_mocks.nef.notify import Notifier
from mec_mocks.nef.qos import AsSessionWithQos
from mec_mocks.nef.store import Store
from mec_mocks.nef.traffic import TrafficInfluence


@dataclass
class Nef:
    config: NefConfig
    network: Network
    store: Store
    gate: Gate
    tokens: Tokens
    notifier: Notifier
    traffic: TrafficInfluence
    qos: AsSessionWithQos
    eas: EasDeployment
    monitoring: MonitoringEvent
    mobility: Mobility


def build(
    config: NefConfig, http: httpx.AsyncClient, db: Database | None, gate: Gate, tokens: Tokens
) -> Nef:
    network = Network(config)
    store = Store(db)
    notifier = Notifier(http, config, gate)
    base = config.base_url
    traffic = TrafficInfluence(store, network, notifier, base)
    qos = AsSessionWithQos(store, network, notifier, base, config.qos_references)
    eas = EasDeployment(store, network, notifier, base)
    monitoring = MonitoringEvent(store, network, notifier, base)
    mobility = Mobility(
        network, store, config, listeners=[traffic, qos, monitoring], expiring=[qos, monitoring]
    )
    return Nef(
        config, network, store, gate, tokens, notifier, traffic, qos, eas, monitoring, mobility
    )
