"""The OP as an AF of its operator's NEF (SBI-NR): traffic steering and EAS registration of
every edge instance on this OP's zones, the NEF's notifications received, and the device
locations the NEF reports. Calls leave through the outbox (a NEF that is down delays them)."""
