"""The CAMARA Quality-on-Demand interface (NBI): QoS sessions backed by the NEF."""
