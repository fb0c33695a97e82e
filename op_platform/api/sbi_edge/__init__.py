"""SBI-Edge: where the Redfish gateways of this OP's edge sites push their events."""
