"""The DMTF message registry entries this gateway speaks: its events (ResourceEvent,
Environmental, Power, SensorEvent) and its errors (Base). Message ids carry the registry's
major.minor version as Redfish writes them (``Environmental.1.1.FanFailed``); the text and
severity are DMTF's, with ``%1``.. filled from the arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BASE = "Base.1.19"
RESOURCE_EVENT = "ResourceEvent.1.3"
ENVIRONMENTAL = "Environmental.1.1"
POWER = "Power.1.0"
SENSOR_EVENT = "SensorEvent.1.0"
PREFIXES = ("Base", "ResourceEvent", "Environmental", "Power", "SensorEvent")

CHECK = "Check the condition of the resource listed in OriginOfCondition."
_TEMP = "Temperature '%1' reading of %2 degrees (C)"
_LEVEL = "Fluid level '%1' reading of %2 percent"
_READING = "Sensor '%1' reading of %2 (%3)"


@dataclass(frozen=True)
class Entry:
    message: str
    severity: str
    resolution: str = "None."


ENTRIES: dict[str, Entry] = {
    # ResourceEvent
    f"{RESOURCE_EVENT}.ResourceChanged": Entry(
        "One or more resource properties have changed.", "OK"
    ),
    f"{RESOURCE_EVENT}.ResourceCreated": Entry("The resource was created successfully.", "OK"),
    f"{RESOURCE_EVENT}.ResourceRemoved": Entry("The resource was removed successfully.", "OK"),
    f"{RESOURCE_EVENT}.ResourceStatusChangedOK": Entry(
        "The health of resource '%1' has changed to %2.", "OK"
    ),
    f"{RESOURCE_EVENT}.ResourceStatusChangedWarning": Entry(
        "The health of resource '%1' has changed to %2.", "Warning", CHECK
    ),
    f"{RESOURCE_EVENT}.ResourceStatusChangedCritical": Entry(
        "The health of resource '%1' has changed to %2.", "Critical", CHECK
    ),
    f"{RESOURCE_EVENT}.ResourcePoweredOn": Entry("The resource '%1' has powered on.", "OK"),
    f"{RESOURCE_EVENT}.ResourcePoweredOff": Entry("The resource '%1' has powered off.", "OK"),
    # Environmental
    f"{ENVIRONMENTAL}.FanFailed": Entry("Fan '%1' has failed.", "Warning", "Replace the fan."),
    f"{ENVIRONMENTAL}.FanRestored": Entry("Fan '%1' was restored.", "OK"),
    f"{ENVIRONMENTAL}.LeakDetectedCritical": Entry(
        "Leak detector '%1' reports a critical level leak.", "Critical", CHECK
    ),
    f"{ENVIRONMENTAL}.LeakDetectedNormal": Entry(
        "Leak detector '%1' reports no leak detected.", "OK"
    ),
    f"{ENVIRONMENTAL}.TemperatureAboveUpperCautionThreshold": Entry(
        _TEMP + " is above the %3 upper caution threshold.", "Warning", CHECK
    ),
    f"{ENVIRONMENTAL}.TemperatureAboveUpperCriticalThreshold": Entry(
        _TEMP + " is above the %3 upper critical threshold.", "Critical", CHECK
    ),
    f"{ENVIRONMENTAL}.TemperatureAboveUpperFatalThreshold": Entry(
        _TEMP + " is above the %3 upper fatal threshold.", "Critical", CHECK
    ),
    f"{ENVIRONMENTAL}.TemperatureBelowUpperFatalThreshold": Entry(
        _TEMP + " is now below the %3 upper fatal threshold but remains outside of normal range.",
        "Critical",
        CHECK,
    ),
    f"{ENVIRONMENTAL}.TemperatureBelowUpperCriticalThreshold": Entry(
        _TEMP
        + " is now below the %3 upper critical threshold but remains outside of normal range.",
        "Warning",
        CHECK,
    ),
    f"{ENVIRONMENTAL}.TemperatureNormal": Entry(_TEMP + " is within normal operating range.", "OK"),
    f"{ENVIRONMENTAL}.FluidLevelBelowLowerCautionThreshold": Entry(
        _LEVEL + " is below the %3 lower caution threshold.", "Warning", CHECK
    ),
    f"{ENVIRONMENTAL}.FluidLevelBelowLowerCriticalThreshold": Entry(
        _LEVEL + " is below the %3 lower critical threshold.", "Critical", CHECK
    ),
    f"{ENVIRONMENTAL}.FluidLevelAboveLowerCriticalThreshold": Entry(
        _LEVEL
        + " is now above the %3 lower critical threshold but remains outside of normal range.",
        "Warning",
        CHECK,
    ),
    f"{ENVIRONMENTAL}.FluidLevelNormal": Entry(_LEVEL + " is within normal operating range.", "OK"),
    # Power
    f"{POWER}.PowerSupplyFailed": Entry(
        "Power supply '%1' has failed.", "Warning", "Replace the power supply."
    ),
    f"{POWER}.PowerSupplyRestored": Entry("Power supply '%1' was restored.", "OK"),
    # SensorEvent (sensors that are neither temperatures nor fluid levels)
    f"{SENSOR_EVENT}.ReadingAboveUpperCautionThreshold": Entry(
        _READING + " is above the %4 upper caution threshold.", "Warning", CHECK
    ),
    f"{SENSOR_EVENT}.ReadingAboveUpperCriticalThreshold": Entry(
        _READING + " is above the %4 upper critical threshold.", "Critical", CHECK
    ),
    f"{SENSOR_EVENT}.SensorReadingNormalRange": Entry(
        _READING + " is within normal operating range.", "OK"
    ),
    # Base (errors and answers)
    f"{BASE}.Success": Entry("The request completed successfully.", "OK"),
    f"{BASE}.Created": Entry("The resource was created successfully.", "OK"),
    f"{BASE}.GeneralError": Entry(
        "A general error has occurred.  See Resolution for information on how to resolve the "
        "error, or @Message.ExtendedInfo if Resolution is not provided.",
        "Critical",
    ),
    f"{BASE}.ResourceNotFound": Entry(
        "The requested resource of type %1 named '%2' was not found.", "Critical"
    ),
    f"{BASE}.ResourceMissingAtURI": Entry(
        "The resource at the URI '%1' was not found.", "Critical"
    ),
    f"{BASE}.OperationNotAllowed": Entry(
        "The HTTP method is not allowed on this resource.", "Critical"
    ),
    f"{BASE}.NoValidSession": Entry(
        "There is no valid session established with the implementation.", "Critical"
    ),
    f"{BASE}.ResourceAtUriUnauthorized": Entry(
        "While accessing the resource at '%1', the service received an authorization error '%2'.",
        "Critical",
    ),
    f"{BASE}.PreconditionFailed": Entry(
        "The ETag supplied did not match the current ETag of the resource.", "Critical"
    ),
    f"{BASE}.MalformedJSON": Entry(
        "The request body submitted was malformed JSON and could not be parsed by the receiving "
        "service.",
        "Critical",
    ),
    f"{BASE}.QueryParameterValueFormatError": Entry(
        "The value '%1' for the parameter %2 is of a different format than the parameter can "
        "accept.",
        "Warning",
        "Correct the value for the query parameter in the request and resubmit the request if "
        "the operation failed.",
    ),
    f"{BASE}.QueryParameterOutOfRange": Entry(
        "The value '%1' for the query parameter %2 is out of range %3.",
        "Warning",
        "Reduce the value for the query parameter to a value that is within range.",
    ),
    f"{BASE}.QueryParameterUnsupported": Entry(
        "Query parameter '%1' is not supported.",
        "Warning",
        "Correct the query parameter in the request and resubmit the request if the operation "
        "failed.",
    ),
    f"{BASE}.PropertyMissing": Entry(
        "The property '%1' is a required property and must be included in the request.",
        "Warning",
    ),
    f"{BASE}.PropertyUnknown": Entry(
        "The property '%1' is not in the list of valid properties for the resource.", "Warning"
    ),
    f"{BASE}.PropertyNotWritable": Entry(
        "The property '%1' is a read-only property and cannot be assigned a value.", "Warning"
    ),
    f"{BASE}.PropertyValueTypeError": Entry(
        "The value '%1' for the property '%2' is not a type that the property can accept.",
        "Warning",
    ),
    f"{BASE}.PropertyValueNotInList": Entry(
        "The value '%1' for the property '%2' is not in the list of acceptable values.",
        "Warning",
    ),
    f"{BASE}.PropertyValueFormatError": Entry(
        "The value '%1' for the property '%2' is not a format that the property can accept.",
        "Warning",
    ),
    f"{BASE}.ActionParameterMissing": Entry(
        "The action '%1' requires the parameter '%2' to be present in the request body.",
        "Critical",
    ),
    f"{BASE}.ActionParameterValueNotInList": Entry(
        "The value '%1' for the parameter '%2' in the action '%3' is not in the list of "
        "acceptable values.",
        "Warning",
    ),
    f"{BASE}.ActionParameterUnknown": Entry(
        "The action '%1' was submitted with the invalid parameter '%2'.", "Warning"
    ),
    f"{BASE}.ServiceTemporarilyUnavailable": Entry(
        "The service is temporarily unavailable.  Retry in %1 seconds.", "Critical"
    ),
    f"{BASE}.InternalError": Entry(
        "The request failed due to an internal service error.  The service is still operational.",
        "Critical",
    ),
}


def render(message_id: str, args: tuple[Any, ...] | list[Any]) -> str:
    """The message text of ``message_id`` with ``%1``.. replaced by ``args``."""
    text = ENTRIES[message_id].message
    for i, arg in reversed(list(enumerate(args, start=1))):
        text = text.replace(f"%{i}", str(arg))
    return text


def severity(message_id: str) -> str:
    return ENTRIES[message_id].severity


def message(message_id: str, *args: Any, related: list[str] | None = None) -> dict[str, Any]:
    """A ``Message`` object (as in ``@Message.ExtendedInfo``)."""
    entry = ENTRIES[message_id]
    body: dict[str, Any] = {
        "@odata.type": "#Message.v1_3_0.Message",
        "MessageId": message_id,
        "Message": render(message_id, args),
        "MessageArgs": [str(a) for a in args],
        "MessageSeverity": entry.severity,
        "Resolution": entry.resolution,
    }
    if related:
        body["RelatedProperties"] = related
    return body
