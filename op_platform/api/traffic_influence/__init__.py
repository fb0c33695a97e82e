"""The CAMARA Traffic Influence interface (NBI): steering backed by the NEF."""
