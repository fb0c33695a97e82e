"""Wire models of the NEF northbound APIs the OP uses as AF (3GPP TS 29.522 Traffic Influence
and EAS Deployment, TS 29.122 AS Session with QoS and Monitoring Event), as openapi/nef.yaml
describes them. The client is :class:`op_platform.clients.nef.NefClient`."""

from op_platform.models.nef.eas import (
    DnaiInformation,
    DnnSnssaiInformation,
    DnsServerIdentifier,
    EasDeployInfo,
    EdiDeleteCriteria,
    FqdnPatternMatchingRule,
    StringMatchingCondition,
    StringMatchingRule,
)
from op_platform.models.nef.monitoring import (
    LOCATION_REPORTING,
    GeographicalCoordinates,
    GeographicArea,
    LocationInfo,
    MonitoringEventReport,
    MonitoringEventSubscription,
    MonitoringNotification,
)
from op_platform.models.nef.nef_common import (
    AccumulatedUsage,
    EthFlowDescription,
    FlowInfo,
    IpAddr,
    NefModel,
    ProblemDetails,
    RouteInformation,
    RouteToLocation,
    Snssai,
    TestNotification,
    UsageThreshold,
)
from op_platform.models.nef.qos import (
    AsSessionWithQoSSubscription,
    AsSessionWithQoSSubscriptionPatch,
    UserPlaneEvent,
    UserPlaneEventReport,
    UserPlaneNotificationData,
)
from op_platform.models.nef.traffic import (
    EventNotification,
    SubscribedEvent,
    TrafficInfluSub,
    TrafficInfluSubPatch,
)
from op_platform.models.problems import InvalidParam

__all__ = [
    "LOCATION_REPORTING",
    "AccumulatedUsage",
    "AsSessionWithQoSSubscription",
    "AsSessionWithQoSSubscriptionPatch",
    "DnaiInformation",
    "DnnSnssaiInformation",
    "DnsServerIdentifier",
    "EasDeployInfo",
    "EdiDeleteCriteria",
    "EthFlowDescription",
    "EventNotification",
    "FlowInfo",
    "FqdnPatternMatchingRule",
    "GeographicArea",
    "GeographicalCoordinates",
    "InvalidParam",
    "IpAddr",
    "LocationInfo",
    "MonitoringEventReport",
    "MonitoringEventSubscription",
    "MonitoringNotification",
    "NefModel",
    "ProblemDetails",
    "RouteInformation",
    "RouteToLocation",
    "Snssai",
    "StringMatchingCondition",
    "StringMatchingRule",
    "SubscribedEvent",
    "TestNotification",
    "TrafficInfluSub",
    "TrafficInfluSubPatch",
    "UsageThreshold",
    "UserPlaneEvent",
    "UserPlaneEventReport",
    "UserPlaneNotificationData",
]
