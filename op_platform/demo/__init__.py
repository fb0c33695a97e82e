"""``op-platform demo``: several operators federated on loopback, each OP + MEO + MEPM."""
