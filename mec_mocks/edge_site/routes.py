"""The Redfish route table: one row per resource URI and method. A URI with no row for a method
answers 405 (Redfish's OperationNotAllowed), an unknown URI 404."""

from __future__ import annotations

from aiohttp import web

from mec_mocks.edge_site import handlers as h
from mec_mocks.edge_site import keys
from mec_mocks.edge_site import paths as p
from mec_mocks.edge_site import writes as w
from mec_mocks.edge_site.expand import Resources
from mec_mocks.edge_site.resources import chassis as ch
from mec_mocks.edge_site.resources import cooling as co
from mec_mocks.edge_site.resources import managers as m
from mec_mocks.edge_site.resources import root, sensors
from mec_mocks.edge_site.resources import services as sv
from mec_mocks.edge_site.resources import systems as sy

SYS = p.SYSTEMS + "/{system}"
CH = p.CHASSIS + "/{chassis}"
TH = CH + "/ThermalSubsystem"
PW = CH + "/PowerSubsystem"

Get = tuple[str, h.Builder]


def members(collection: str, key: str, many: h.Builder, one: h.Builder) -> list[Get]:
    """A Redfish collection and its members (``{collection}/{key}``)."""
    return [(collection, many), (f"{collection}/{{{key}}}", one)]


GETS: list[Get] = [
    ("/redfish", root.versions),
    (p.ROOT, root.service_root),
    ("/redfish/v1", root.service_root),
    *members(p.SYSTEMS, "system", sy.systems, sy.system),
    (SYS + "/ResetActionInfo", sy.reset_action_info),
    *members(SYS + "/Processors", "processor", sy.processors, sy.processor),
    *members(SYS + "/Memory", "memory", sy.memory_collection, sy.memory),
    *members(SYS + "/Storage", "storage", sy.storage_collection, sy.storage),
    *members(p.CHASSIS, "chassis", ch.chassis_collection, ch.chassis),
    (CH + "/EnvironmentMetrics", ch.environment_metrics),
    *members(CH + "/Drives", "drive", sy.drives, sy.drive),
    *members(CH + "/Sensors", "sensor", sensors.sensors, sensors.sensor),
    (TH, co.thermal_subsystem),
    (TH + "/ThermalMetrics", co.thermal_metrics),
    *members(TH + "/Fans", "fan", co.fans, co.fan),
    *members(TH + "/CoolantConnectors", "connector", co.coolant_connectors, co.coolant_connector),
    (TH + "/LeakDetection", co.leak_detection),
    *members(CH + "/LeakDetectors", "detector", co.leak_detectors, co.leak_detector),
    (PW, ch.power_subsystem),
    *members(PW + "/PowerSupplies", "psu", ch.power_supplies, ch.power_supply),
    *members(p.MANAGERS, "manager", m.managers, m.manager),
    (p.AGGREGATION_SERVICE, m.aggregation_service),
    *members(p.AGGREGATION_SOURCES, "source", m.aggregation_sources, m.aggregation_source),
    (p.SESSION_SERVICE, sv.session_service),
    *members(p.SESSIONS, "session", sv.sessions, sv.session),
    (p.ACCOUNT_SERVICE, sv.account_service),
    *members(p.ACCOUNTS, "account", sv.accounts, sv.account),
    *members(p.ROLES, "role", sv.roles, sv.role),
    (p.EVENT_SERVICE, sv.event_service),
    *members(p.SUBSCRIPTIONS, "subscription", sv.subscriptions, sv.subscription),
]

PATCHES: list[tuple[str, h.Builder, w.Fields]] = [
    (SYS, sy.system, w.system_fields),
    (p.SESSION_SERVICE, sv.session_service, w.session_service_fields),
    (p.EVENT_SERVICE, sv.event_service, w.event_service_fields),
    (p.SUBSCRIPTIONS + "/{subscription}", sv.subscription, w.subscription_fields),
]

OTHERS: list[tuple[str, str, h.Handler]] = [
    ("GET", p.METADATA, h.metadata),
    ("GET", p.ODATA, h.odata_document),
    ("POST", p.SESSIONS, h.create_session),
    ("DELETE", p.SESSIONS + "/{session}", h.delete_session),
    ("POST", p.SUBSCRIPTIONS, h.create_subscription),
    ("DELETE", p.SUBSCRIPTIONS + "/{subscription}", h.delete_subscription),
    ("POST", SYS + "/Actions/ComputerSystem.Reset", h.reset),
    ("POST", p.SUBMIT_TEST_EVENT, h.submit_test_event),
]


def add_routes(app: web.Application) -> None:
    app[keys.RESOURCES] = Resources(GETS)
    for path, build in GETS:
        app.router.add_get(path, h.getter(build))
    for path, build, fields in PATCHES:
        app.router.add_patch(path, h.patcher(build, fields))
    for method, path, handler in OTHERS:
        app.router.add_route(method, path, handler)
