"""Edge site mock: one site's Redfish Gateway over N small edge servers (DESIGN.md section 8),
with a thermal model, simulated time and injectable faults.

In-process use::

    from mec_mocks.edge_site import EdgeSiteConfig, create_app
    app = create_app(EdgeSiteConfig(profile="outdoor", nodes=8, tls=False, time_scale=0))
"""

from mec_mocks.edge_site.app import create_app
from mec_mocks.edge_site.config import EdgeSiteConfig, NodeSizing

__all__ = ["EdgeSiteConfig", "NodeSizing", "create_app"]
