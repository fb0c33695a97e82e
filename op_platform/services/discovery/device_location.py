"""Which configured device a CAMARA ``Device`` names, and where it is.

CAMARA rules: the request may carry several identifiers; one of them is used, without checking
that they name the same device. Here the first supported one, in the order phoneNumber,
networkAccessIdentifier, ipv4Address, ipv6Address, is used; when none given is supported the
answer is 422 UNSUPPORTED_IDENTIFIER. The device's position is its configured latitude and
longitude, or the position of its configured cell.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from op_platform.errors import MissingIdentifier, UnsupportedIdentifier
from op_platform.models.uni import Device
from op_platform.services.discovery.edge_discovery import Position
from op_platform.settings import Cell
from op_platform.settings import Device as ConfiguredDevice

ORDER = ("phoneNumber", "networkAccessIdentifier", "ipv4Address", "ipv6Address")


@dataclass(frozen=True)
class Located:
    device: ConfiguredDevice
    position: Position
    used: dict[str, Any]  # the one identifier used, in wire form


def chosen_identifier(device: Device | None, supported: Sequence[str]) -> str:
    """The identifier of ``device`` to use; 422 MISSING_ or UNSUPPORTED_IDENTIFIER otherwise."""
    if device is None:
        raise MissingIdentifier(
            "The device cannot be identified: send a device identifier.",
            cause="MISSING_IDENTIFIER",
        )
    given = [name for name in ORDER if getattr(device, name) is not None]
    for name in given:
        if name in supported:
            return name
    raise UnsupportedIdentifier(
        f"None of the identifiers provided ({', '.join(given)}) is supported; "
        f"supported: {', '.join(supported)}.",
        cause="UNSUPPORTED_IDENTIFIER",
    )


def _same_ip(a: str | None, b: str) -> bool:
    if a is None:
        return False
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return a == b


def _matches(conf: ConfiguredDevice, name: str, device: Device) -> bool:
    if name == "phoneNumber":
        return conf.phone_number == device.phoneNumber
    if name == "networkAccessIdentifier":
        return conf.network_access_identifier == device.networkAccessIdentifier
    if name == "ipv4Address":
        assert device.ipv4Address is not None
        return _same_ip(conf.ipv4_address, str(device.ipv4Address.publicAddress))
    return _same_ip(conf.ipv6_address, str(device.ipv6Address))


def position_of(conf: ConfiguredDevice, cells: Sequence[Cell]) -> Position | None:
    if conf.latitude is not None and conf.longitude is not None:
        return conf.latitude, conf.longitude
    if conf.cell is not None:
        for cell in cells:
            if (cell.mcc, cell.mnc, cell.cell_id) == (
                conf.cell.mcc,
                conf.cell.mnc,
                conf.cell.cell_id,
            ):
                return cell.latitude, cell.longitude
    return None


def locate(
    device: Device | None,
    devices: Sequence[ConfiguredDevice],
    cells: Sequence[Cell],
    supported: Sequence[str],
) -> Located | None:
    """The configured device the request names and its position; None when none matches.

    Raises MissingIdentifier / UnsupportedIdentifier (422) per the CAMARA rules above.
    """
    name = chosen_identifier(device, supported)
    assert device is not None
    used = device.model_dump(mode="json", include={name}, exclude_none=True)
    for conf in devices:
        if _matches(conf, name, device):
            position = position_of(conf, cells)
            if position is not None:
                return Located(conf, position, used)
    return None
