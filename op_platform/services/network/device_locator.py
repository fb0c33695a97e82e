"""Where the NEF says a device is (TS 29.122 Monitoring Event, one-time location report), for
the UNI when the configuration does not place the device.

The device is named by the identifier the CAMARA rules pick
(:func:`~op_platform.services.discovery.device_location.chosen_identifier`): ``phoneNumber`` is
sent as ``msisdn`` (without ``+``), ``networkAccessIdentifier`` as ``externalId``,
``ipv4Address`` as ``ipv4Addr`` (its public address), ``ipv6Address`` as ``ipv6Addr``. The
position is the centre of the serving cell the report gives. A device the NEF does not know
(404), or does not reach (out of coverage), is not located (None); a NEF that is down or does
not answer is a 503.
"""

from __future__ import annotations

import logging
from typing import Any

from op_platform import roots
from op_platform.clients.call import PeerError
from op_platform.errors import Unavailable
from op_platform.models.nef import MonitoringEventSubscription
from op_platform.models.uni import Device
from op_platform.services.deps import Deps
from op_platform.services.discovery import client_sessions
from op_platform.services.discovery.device_location import Located, chosen_identifier, locate
from op_platform.services.discovery.edge_discovery import Position
from op_platform.services.network import receipts
from op_platform.settings import Device as ConfiguredDevice

log = logging.getLogger(__name__)


def ue_member(device: Device, name: str) -> tuple[str, str]:
    """(MonitoringEventSubscription member, value) naming the device at the NEF."""
    if name == "phoneNumber":
        return "msisdn", str(device.phoneNumber).lstrip("+")
    if name == "networkAccessIdentifier":
        return "external_id", str(device.networkAccessIdentifier)
    if name == "ipv4Address":
        assert device.ipv4Address is not None
        return "ipv4_addr", str(device.ipv4Address.publicAddress)
    return "ipv6_addr", str(device.ipv6Address)


async def nef_position(deps: Deps, device: Device) -> tuple[Position, dict[str, Any]] | None:
    """(position, the identifier used in wire form) from the NEF; None without a NEF or when
    the NEF cannot place the device."""
    settings = deps.settings
    if settings.nef_url is None:
        return None
    name = chosen_identifier(device, settings.uni.identifiers)
    member, value = ue_member(device, name)
    nef = deps.nef()
    request = MonitoringEventSubscription.model_validate(
        {
            member: value,
            "notification_destination": receipts.notification_url(
                settings, roots.NEF_LOCATION_REPORTS, f"once-{member}"
            ),
            "maximum_number_of_reports": 1,
            "accuracy": "GEO_AREA",
        }
    )
    client = nef.client(deps.client_for(nef.base_url), deps.tokens)
    try:
        report = await client.locate_once(request)
    except PeerError as exc:
        if exc.peer_status in (400, 404):
            log.info("the NEF does not know the device", extra={"status": exc.peer_status})
            return None
        if exc.peer_status >= 500:
            raise Unavailable("the network cannot locate the device now", cause="NEF") from None
        raise
    area = report.location_info.geographic_area if report.location_info else None
    if area is None or area.point is None:
        log.info(
            "the NEF has no location for the device", extra={"cause": report.loc_failure_cause}
        )
        return None
    used = device.model_dump(mode="json", include={name}, exclude_none=True)
    return (area.point.lat, area.point.lon), used


async def locate_with_nef(deps: Deps, device: Device | None) -> Located | None:
    """The device placed by the NEF, as the UNI's configured devices are (no home operator:
    a device this OP's NEF serves is at home here); None when the NEF cannot place it."""
    if device is None:
        return None
    found = await nef_position(deps, device)
    if found is None:
        return None
    (lat, lon), used = found
    ipv4 = device.ipv4Address.publicAddress if device.ipv4Address is not None else None
    conf = ConfiguredDevice(
        phone_number=device.phoneNumber,
        network_access_identifier=device.networkAccessIdentifier,
        ipv4_address=str(ipv4) if ipv4 is not None else None,
        ipv6_address=str(device.ipv6Address) if device.ipv6Address is not None else None,
        latitude=lat,
        longitude=lon,
    )
    return Located(conf, (lat, lon), used)


async def unless_configured(
    deps: Deps, device: Device | None, session_token: str | None = None
) -> Position | None:
    """The NEF's position of ``device`` (else of the device registered with ``session_token``)
    when the configuration does not place it; None otherwise. Reads the registration in a
    short transaction of its own, so none is open while the NEF is asked."""
    settings = deps.settings
    if device is None and session_token and settings.nef_url is not None:
        async with deps.database.transaction() as session:
            client = await client_sessions.authenticate(session, session_token)
            device = Device.model_validate(client.device) if client.device else None
    if device is None:
        return None
    if locate(device, settings.devices, settings.cells, settings.uni.identifiers) is not None:
        return None
    found = await locate_with_nef(deps, device)
    return found.position if found is not None else None
