"""MEC orchestrator (MEO) mock: ETSI GS MEC 010-2 app package management + onboarding variant.

In-process use::

    from mec_mocks.meo import MeoConfig, create_app
    app = create_app(MeoConfig(network_id="46001", database="meo.db", port=9001))
"""

from mec_mocks.meo.app import create_app
from mec_mocks.meo.config import MeoConfig

__all__ = ["MeoConfig", "create_app"]
