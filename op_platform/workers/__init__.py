"""Background work of the running OP, free of aiohttp: a loop per job, started and stopped by
:class:`op_platform.platform.Platform`."""
