"""The one client for a partner OP's EWBI (this OP as the originating OP).

``calls`` builds every EWBI request from the standard's models, one builder per operation;
:class:`EwbiClient` sends a call now (``send``, typed answer) or gives what the outbox needs to
send it later (``queued``). ``offers_variant`` probes whether a partner offers the onboarding
variant.
"""

from op_platform.clients.ewbi import calls
from op_platform.clients.ewbi.ewbi_client import EwbiClient
from op_platform.clients.ewbi.probe import offers_variant

__all__ = ["EwbiClient", "calls", "offers_variant"]
