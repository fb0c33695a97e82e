"""The order of a ``conformance run``, as one table: (result name, area, step).

A result named after an operationId is that operation's check; ``Op:what`` names a further
check of it; ``wait:`` steps only wait for a callback (its verdict is ``callback:<name>``).
Areas can be chosen with ``--only``; the areas each needs come along (:data:`NEEDS`). Clean-up
steps always run, so whatever the run created is removed even after failures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from op_platform.conformance import steps_apps as apps
from op_platform.conformance import steps_cleanup as cleanup
from op_platform.conformance import steps_federation as fed
from op_platform.conformance import steps_lcm as lcm
from op_platform.conformance import steps_security as security
from op_platform.conformance.session import Session

AREAS = (
    "federation",
    "zones",
    "artefacts",
    "applications",
    "instances",
    "pools",
    "discovery",
    "roaming",
    "lifecycle",
    "security",
)
NEEDS: dict[str, tuple[str, ...]] = {
    "zones": ("federation",),
    "artefacts": ("federation",),
    "applications": ("zones", "artefacts"),
    "instances": ("applications",),
    "pools": ("zones",),
    "discovery": ("applications",),
    "roaming": ("federation",),
    "lifecycle": ("applications",),
    "security": ("federation",),
}


@dataclass(frozen=True)
class Step:
    name: str
    area: str
    run: Callable[[Session], Awaitable[None]]
    always: bool = False  # clean-up: runs whatever happened before

    @property
    def operation(self) -> str | None:
        head = self.name.split(":")[0]
        return None if head in ("wait", "token", "isolation") else head


PLAN: tuple[Step, ...] = (
    Step("CreateFederation", "federation", fed.create_federation),
    Step("wait:onPartnerStatusEvent", "federation", fed.partner_status_event),
    Step("CreateFederation:idempotent", "federation", fed.create_federation_again),
    Step("GetFederationDetails", "federation", fed.get_federation),
    Step("GetFederationDetails:unknown", "federation", fed.get_unknown_federation),
    Step("UpdateFederation", "federation", fed.update_federation),
    Step("UpdateFederation:invalid-body", "federation", fed.update_federation_invalid),
    Step("ZoneSubscribe", "zones", fed.zone_subscribe),
    Step("wait:onZoneResourceUpdateEvent", "zones", fed.zone_event),
    Step("ZoneSubscribe:idempotent", "zones", fed.zone_subscribe_again),
    Step("GetZoneData", "zones", fed.get_zone_data),
    Step("GetZoneData:unknown", "zones", fed.get_unknown_zone),
    Step("UploadFile", "artefacts", apps.upload_file),
    Step("UploadFile:idempotent", "artefacts", apps.upload_file_again),
    Step("ViewFile", "artefacts", apps.view_file),
    Step("UploadArtefact", "artefacts", apps.upload_artefact),
    Step("UploadArtefact:idempotent", "artefacts", apps.upload_artefact_again),
    Step("GetArtefact", "artefacts", apps.get_artefact),
    Step("GetArtefact:unknown", "artefacts", apps.get_unknown_artefact),
    Step("OnboardApplication", "applications", apps.onboard_application),
    Step("wait:onApplicationOnboardStatusEvent", "applications", apps.onboarded),
    Step("OnboardApplication:idempotent", "applications", apps.onboard_application_again),
    Step("ViewApplication", "applications", apps.view_application),
    Step("UpdateApplication", "applications", apps.update_application),
    Step("InstallApp", "instances", lcm.install_app),
    Step("wait:onInstanceStatusEvent", "instances", lcm.instance_ready),
    Step("GetAppInstanceDetails", "instances", lcm.get_instance),
    Step("GetAllAppInstances", "instances", lcm.get_all_instances),
    Step("CreateResourcePools", "pools", lcm.create_pool),
    Step("wait:onResourceStatusChangeEvent", "pools", lcm.pool_granted),
    Step("ViewISVResPool", "pools", lcm.view_pools),
    Step("UpdateISVResPool", "pools", lcm.update_pool),
    Step("GetCandidateZones", "discovery", lcm.candidate_zones),
    Step("AuthenticateDevice", "roaming", lcm.authenticate_device),
    Step("LockUnlockApplicationZone", "lifecycle", apps.lock_unlock_zone),
    Step("OnboardExistingAppNewZones", "lifecycle", apps.additional_zones),
    Step("OnboardAppPackageVariant", "lifecycle", apps.onboard_variant),
    Step("token:none", "security", security.no_token),
    Step("token:garbled", "security", security.garbled_token),
    Step("token:expired", "security", security.expired_token),
    Step("token:wrong-scope", "security", security.wrong_scope_token),
    Step("isolation", "security", security.isolation),
    Step("RemoveApp", "instances", cleanup.remove_instance, always=True),
    Step("RemoveISVResPool", "pools", cleanup.remove_pool, always=True),
    Step("DeboardApplication", "lifecycle", cleanup.deboard, always=True),
    Step("DeleteApp", "lifecycle", cleanup.delete_app, always=True),
    Step("RemoveArtefact", "artefacts", cleanup.remove_artefact, always=True),
    Step("RemoveFile", "artefacts", cleanup.remove_file, always=True),
    Step("ZoneUnsubscribe", "zones", cleanup.unsubscribe, always=True),
    Step("DeleteFederationDetails", "federation", cleanup.delete_federation, always=True),
)


def selected(only: Iterable[str]) -> frozenset[str]:
    """The areas to run: those named and every area they need (all when none is named)."""
    wanted = set(only) or set(AREAS)
    unknown = wanted - set(AREAS)
    if unknown:
        raise ValueError(f"unknown area(s) {sorted(unknown)}; areas: {', '.join(AREAS)}")
    todo = list(wanted)
    while todo:
        for need in NEEDS.get(todo.pop(), ()):
            if need not in wanted:
                wanted.add(need)
                todo.append(need)
    return frozenset(wanted)
