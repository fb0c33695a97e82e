"""The Redfish route table: one row per resource URI and method. A URI with no row for a method
answers 405 (Redfish's OperationNotAllowed), an unknown URI 404."""

from __future__ import annotations

from aiohttp import web

from mec_mocks.edge_site import handlers as h
from mec_mocks.edge_site import paths as p
from mec_mocks.edge_site import writes as w
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

GETS: list[tuple[str, h.Builder]] = [
    ("/redfish", root.versions),
    (p.ROOT, root.service_root),
    ("/redfish/v1", root.service_root),
    (p.SYSTEMS, sy.systems),
    (SYS, sy.system),
    (SYS + "/ResetActionInfo", sy.reset_action_info),
    (SYS + "/Processors", sy.processors),
    (SYS + "/Processors/{processor}", sy.processor),
    (SYS + "/Memory", sy.memory_collection),
    (SYS + "/Memory/{memory}", sy.memory),
    (SYS + "/Storage", sy.storage_collection),
    (SYS + "/Storage/{storage}", sy.storage),
    (p.CHASSIS, ch.chassis_collection),
    (CH, ch.chassis),
    (CH + "/EnvironmentMetrics", ch.environment_metrics),
    (CH + "/Drives", sy.drives),
    (CH + "/Drives/{drive}", sy.drive),
    (CH + "/Sensors", sensors.sensors),
    (CH + "/Sensors/{sensor}", sensors.sensor),
    (TH, co.thermal_subsystem),
    (TH + "/ThermalMetrics", co.thermal_metrics),
    (TH + "/Fans", co.fans),
    (TH + "/Fans/{fan}", co.fan),
    (TH + "/CoolantConnectors", co.coolant_connectors),
    (TH + "/CoolantConnectors/{connector}", co.coolant_connector),
    (TH + "/LeakDetection", co.leak_detection),
    (CH + "/LeakDetectors", co.leak_detectors),
    (CH + "/LeakDetectors/{detector}", co.leak_detector),
    (PW, ch.power_subsystem),
    (PW + "/PowerSupplies", ch.power_supplies),
    (PW + "/PowerSupplies/{psu}", ch.power_supply),
    (p.MANAGERS, m.managers),
    (p.MANAGERS + "/{manager}", m.manager),
    (p.AGGREGATION_SERVICE, m.aggregation_service),
    (p.AGGREGATION_SOURCES, m.aggregation_sources),
    (p.AGGREGATION_SOURCES + "/{source}", m.aggregation_source),
    (p.SESSION_SERVICE, sv.session_service),
    (p.SESSIONS, sv.sessions),
    (p.SESSIONS + "/{session}", sv.session),
    (p.ACCOUNT_SERVICE, sv.account_service),
    (p.ACCOUNTS, sv.accounts),
    (p.ACCOUNTS + "/{account}", sv.account),
    (p.ROLES, sv.roles),
    (p.ROLES + "/{role}", sv.role),
    (p.EVENT_SERVICE, sv.event_service),
    (p.SUBSCRIPTIONS, sv.subscriptions),
    (p.SUBSCRIPTIONS + "/{subscription}", sv.subscription),
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
    for path, build in GETS:
        app.router.add_get(path, h.getter(build))
    for path, build, fields in PATCHES:
        app.router.add_patch(path, h.patcher(build, fields))
    for method, path, handler in OTHERS:
        app.router.add_route(method, path, handler)
