"""The UNI: closest edge cloud zone for a device, client sessions, nearest ready instance."""
