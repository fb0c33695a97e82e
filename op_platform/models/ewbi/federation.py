"""Federation management bodies: CreateFederation, GetFederationDetails, UpdateFederation."""

from __future__ import annotations

from pydantic import Field

from op_platform.models.fields import NonEmptyList
from op_platform.models.validation import DateTimeText

from .base import EwbiModel, needs_any
from .common import FixedNetworkIds, MobileNetworkIds, ServiceEndpoint, ZoneDetails
from .enums import NetworkCodeObjectType, NetworkCodeOperationType, PlatformCap
from .ids import CountryCode, FederationContextId, FederationIdentifier, Uri


class CallbackCredentials(EwbiModel):
    """Client credentials the partner uses to get a token before calling our callbacks."""

    tokenUrl: Uri
    clientId: str
    clientSecret: str = Field(repr=False)


class FederationRequestData(EwbiModel):
    """CreateFederation body.

    The callback link may come as ``federationNotificationDest`` (GSMA) or ``partnerStatusLink``
    (the spelling of several implementations); one of them is required.
    :attr:`notification_link` returns whichever was given.
    """

    origOPFederationId: FederationIdentifier
    origOPCountryCode: CountryCode | None = None
    origOPMobileNetworkCodes: MobileNetworkIds | None = None
    origOPFixedNetworkCodes: FixedNetworkIds | None = None
    initialDate: DateTimeText
    federationNotificationDest: Uri | None = None
    partnerStatusLink: Uri | None = None
    partnerCallbackCredentials: CallbackCredentials | None = None

    one_of = (
        needs_any(("federationNotificationDest", "partnerStatusLink"), "FederationRequestData"),
    )

    @property
    def notification_link(self) -> str:
        """The partner status callback link, whichever field carried it."""
        if self.federationNotificationDest is not None:
            return self.federationNotificationDest
        return self.partnerStatusLink or ""

    def notification_field(self) -> str:
        """The name of the field that carried the link (given, even empty)."""
        given = self.federationNotificationDest is not None
        return "federationNotificationDest" if given else "partnerStatusLink"


class FederationResponseData(EwbiModel):
    """CreateFederation answer (200). The server always fills ``federationContextId``."""

    partnerOPFederationId: FederationIdentifier
    partnerOPCountryCode: CountryCode | None = None
    federationContextId: FederationContextId | None = None
    edgeDiscoveryServiceEndPoint: ServiceEndpoint
    lcmServiceEndPoint: ServiceEndpoint
    partnerOPMobileNetworkCodes: MobileNetworkIds | None = None
    partnerOPFixedNetworkCodes: FixedNetworkIds | None = None
    offeredAvailabilityZones: NonEmptyList[ZoneDetails]
    platformCaps: list[PlatformCap] | None = None


class FederationInfo(EwbiModel):
    """GetFederationDetails and UpdateFederation answer (200)."""

    edgeDiscoveryServiceEndPoint: ServiceEndpoint
    lcmServiceEndPoint: ServiceEndpoint
    allowedMobileNetworkIds: MobileNetworkIds | None = None
    allowedFixedNetworkIds: FixedNetworkIds | None = None
    offeredAvailabilityZones: NonEmptyList[ZoneDetails] | None = None


class UpdateFederationRequest(EwbiModel):
    """UpdateFederation body: add, remove or replace the originating OP's network codes."""

    objectType: NetworkCodeObjectType
    operationType: NetworkCodeOperationType
    addMobileNetworkIds: MobileNetworkIds | None = None
    removeMobileNetworkIds: MobileNetworkIds | None = None
    addFixedNetworkIds: FixedNetworkIds | None = None
    removeFixedNetworkIds: FixedNetworkIds | None = None
    modificationDate: DateTimeText
