"""Client for a partner OP's EWBI (this OP as the originating OP).

:class:`EwbiClient` holds the partner, the http client and the token provider and sends any
request through the shared call helper (token fetched, cached, refreshed, retried once on 401;
failures as domain errors). Typed operations live beside it as free functions taking the client,
one module per area (``federation`` here; artefacts, applications, ... in sibling modules), so a
new area adds a module and never touches the class.
"""

from op_platform.clients.ewbi.base import EwbiClient
from op_platform.clients.ewbi.federation import (
    create_federation,
    delete_federation,
    get_federation,
    get_zone,
    offers_variant,
    subscribe_zones,
    unsubscribe_zone,
    update_federation,
)

__all__ = [
    "EwbiClient",
    "create_federation",
    "delete_federation",
    "get_federation",
    "get_zone",
    "offers_variant",
    "subscribe_zones",
    "unsubscribe_zone",
    "update_federation",
]
