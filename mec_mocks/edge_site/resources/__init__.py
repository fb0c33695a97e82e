"""Redfish resources of the site, built from the model by small functions (one module per area).

Every builder takes the running :class:`~mec_mocks.edge_site.gateway.Gateway` and the route's
match info and returns the resource as a dict; unknown ids raise ``NotFound``."""
