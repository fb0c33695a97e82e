"""NEF mock: the 3GPP northbound APIs an Operator Platform uses as an AF (TS 29.522 Traffic
Influence and EAS Deployment, TS 29.122 AS Session with QoS and Monitoring Event) over a
simulated network of edge sites (DNAIs), cells and moving UEs, with notifications.

In-process use::

    from mec_mocks.nef import NefConfig, Site, create_app
    app = create_app(NefConfig(clients={"af-1": "secret"},
                               sites=[Site(zone="zone-a", dnai="dnai-a", lat=48.85, lon=2.35)]))
"""

from mec_mocks.nef.app import create_app
from mec_mocks.nef.config import NefConfig, Site

__all__ = ["NefConfig", "Site", "create_app"]
