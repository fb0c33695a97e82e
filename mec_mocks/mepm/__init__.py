"""MEPM mock: a validating, persistent sink for MEC 010-2 AppPkgNotifications.

In-process use::

    from mec_mocks.mepm import MepmConfig, create_app
    app = create_app(MepmConfig(database="mepm.db"))
"""

from mec_mocks.mepm.app import MepmConfig, create_app

__all__ = ["MepmConfig", "create_app"]
