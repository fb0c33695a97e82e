"""EWBI procedures (GSMA OPG.04), framework-free: the same functions serve the EWBI and the NBI."""
