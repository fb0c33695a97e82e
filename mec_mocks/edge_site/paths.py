"""Redfish URIs of the site's resources, in one place: the route table, the resource builders and
the events' OriginOfCondition all take them from here, so a link and its route cannot drift."""

from __future__ import annotations

ROOT = "/redfish/v1/"
SYSTEMS = "/redfish/v1/Systems"
CHASSIS = "/redfish/v1/Chassis"
MANAGERS = "/redfish/v1/Managers"
SESSION_SERVICE = "/redfish/v1/SessionService"
SESSIONS = "/redfish/v1/SessionService/Sessions"
ACCOUNT_SERVICE = "/redfish/v1/AccountService"
ACCOUNTS = "/redfish/v1/AccountService/Accounts"
ROLES = "/redfish/v1/AccountService/Roles"
EVENT_SERVICE = "/redfish/v1/EventService"
SUBSCRIPTIONS = "/redfish/v1/EventService/Subscriptions"
SUBMIT_TEST_EVENT = "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent"
AGGREGATION_SERVICE = "/redfish/v1/AggregationService"
AGGREGATION_SOURCES = "/redfish/v1/AggregationService/AggregationSources"
METADATA = "/redfish/v1/$metadata"
ODATA = "/redfish/v1/odata"

SITE_CHASSIS = "Site"
GATEWAY_MANAGER = "Gateway"


def system(node: str) -> str:
    return f"{SYSTEMS}/{node}"


def reset_action(node: str) -> str:
    return f"{system(node)}/Actions/ComputerSystem.Reset"


def reset_action_info(node: str) -> str:
    return f"{system(node)}/ResetActionInfo"


def chassis(chassis_id: str) -> str:
    return f"{CHASSIS}/{chassis_id}"


def sensor(node: str, sensor_id: str) -> str:
    return f"{chassis(node)}/Sensors/{sensor_id}"


def thermal(node: str) -> str:
    return f"{chassis(node)}/ThermalSubsystem"


def fan(node: str, fan_id: str) -> str:
    return f"{thermal(node)}/Fans/{fan_id}"


def power(node: str) -> str:
    return f"{chassis(node)}/PowerSubsystem"


def power_supply(node: str, psu_id: str) -> str:
    return f"{power(node)}/PowerSupplies/{psu_id}"


def leak_detector(node: str, detector_id: str) -> str:
    return f"{chassis(node)}/LeakDetectors/{detector_id}"


def manager(manager_id: str) -> str:
    return f"{MANAGERS}/{manager_id}"


def bmc_id(node: str) -> str:
    return f"{node}-bmc"


def session(session_id: str) -> str:
    return f"{SESSIONS}/{session_id}"


def subscription(subscription_id: str) -> str:
    return f"{SUBSCRIPTIONS}/{subscription_id}"
