"""What the fuzzer runs against: one OP wired to a MEO mock, and a NEF mock, on 127.0.0.1, with
data seeded so that success paths are reachable (a federation with a subscribed zone and an
onboarded app, a registered device, an NBI app with an instance and a deployment, a package at
the MEO), and the bearer token each interface wants.

Everything runs on a :class:`BackgroundLoop`; ``Lab.targets`` lists one :class:`Target` per
served OpenAPI file.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mec_mocks.testing import Servers, make_package_file, wait_for
from op_platform.db.tables import PartnerFederationRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.identifiers import zone_uuid
from tests.conftest import INTERFACE_SCOPES
from tests.fuzz.background import BackgroundLoop
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.databases import create_database, drop_database
from tests.helpers.instances import Setup, federation_with_app, install_body
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp, free_port, op_settings
from tests.helpers.servers import start_op as start_running_op
from tests.mec_mocks.nef.helpers import CLIENTS as NEF_CLIENTS
from tests.mec_mocks.nef.helpers import DEFAULTS as NEF_DEFAULTS
from tests.mec_mocks.nef.helpers import token as nef_token
from tests.nbi.helpers import manifest
from tests.uni.helpers import CELLS, DEVICES

OPERATOR = "op-fuzz"
ADMIN_TOKEN = "fuzz-admin-token-0123456789"
NBI_ROOT = "/edge-application-management/v0.1alpha1"
DEVICE = "device_fuzz_0001"
DEVICE_TOKEN = "device-token-0001"
PARTNER_CONTEXT = "ctx-at-the-partner"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@dataclass
class Target:
    """One served OpenAPI file: where it is served, the headers every request carries, and the
    values (by parameter or member name) that name seeded resources."""

    spec: str
    base_url: str
    headers: dict[str, str]
    known: dict[str, Any] = field(default_factory=dict)
    not_built: frozenset[str] = frozenset()
    """operationIds the OP answers 501 (documented as not built): left out of the run."""


@dataclass
class Lab:
    loop: BackgroundLoop
    tmp_path: Path
    servers: Servers | None = None
    op: RunningOp | None = None
    database_url: str | None = None
    targets: dict[str, Target] = field(default_factory=dict)

    def start(self) -> Lab:
        self.loop.run(self._start())
        return self

    def stop(self) -> None:
        self.loop.run(self._stop())

    async def _start(self) -> None:
        self.servers = Servers(self.tmp_path)
        files = await self.servers.files()
        meo = await self.servers.meo("21401", db="meo.db")
        nef = await self.servers.nef(**NEF_DEFAULTS)
        self.database_url = await create_database(self.tmp_path, "fuzz")
        port = free_port()
        settings = op_settings(
            self.database_url,
            port,
            OPERATOR,
            admin_token=ADMIN_TOKEN,
            meo_url=meo.url + "/app_pkgm/v1",
            nef_url=nef.url,
            nef={"af_id": "af-1", "client_secret": NEF_CLIENTS["af-1"]},
            nbi={"allow_http_sinks": True},
            outbox={"poll_interval": 0.2, "base_delay": 0.2, "max_delay": 1.0},
            instances={"poll_interval": 0.1, "deploy_seconds": 0.1, "terminate_seconds": 0.1},
            onboarding={"poll_interval": 0.1},
            cells=CELLS,
            devices=[d for d in DEVICES if "home_operator" not in d],
        )
        self.op = await start_running_op(settings)
        async with httpx.AsyncClient(timeout=20.0) as http:
            await self._seed(http, self.op, meo.url, files.url, nef.url)

    async def _stop(self) -> None:
        if self.op is not None:
            await self.op.stop()
        if self.servers is not None:
            await self.servers.close()
        if self.database_url is not None:
            await drop_database(self.database_url)

    async def _token(self, http: httpx.AsyncClient, op: RunningOp, name: str) -> dict[str, str]:
        token = await fetch_token(http, op.url, TEST_CLIENT, TEST_SECRET, INTERFACE_SCOPES[name])
        return bearer(token)

    async def _seed(
        self, http: httpx.AsyncClient, op: RunningOp, meo: str, files: str, nef: str
    ) -> None:
        ewbi = await federation_with_app(http, op)
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        device = {"deviceId": DEVICE, "authToken": DEVICE_TOKEN, "homeFederation": ewbi.ctx}
        answer = await http.post(op.url + "/admin/devices", json=device, headers=admin)
        assert answer.status_code == 201, answer.text
        nbi = await self._seed_nbi(http, op)
        await self._seed_origin(op)
        package = await self._seed_meo(http, meo, files)
        common = {"federationContextId": ewbi.ctx, "zoneId": "zone-1"}
        self.targets = {
            "ewbi": Target(
                "ewbi.yaml",
                op.url + "/operatorplatform/federation/v1",
                ewbi.headers,
                {
                    **common,
                    "appId": ewbi.app_id,
                    "appProviderId": ewbi.provider,
                    "appInstanceId": await self._seed_ewbi_instance(http, ewbi),
                    "deviceId": DEVICE,
                    "authToken": DEVICE_TOKEN,
                },
            ),
            "ewbi-callbacks": Target(
                "ewbi-callbacks.yaml",
                op.url + "/operatorplatform/fedcallbacks/v1",
                await self._token(http, op, "ewbi-callbacks"),
                {"federationContextId": PARTNER_CONTEXT, "zoneId": "zone-b1"},
            ),
            "nbi": Target("nbi.yaml", op.url + NBI_ROOT, await self._token(http, op, "nbi"), nbi),
            "uni": Target(
                "uni.yaml",
                op.url + "/simple-edge-discovery/v2",
                await self._token(http, op, "uni"),
                {
                    "edgeCloudZoneId": zone_uuid(OPERATOR, "zone-1"),
                    "device": {"phoneNumber": "+34600000001"},
                    "appId": nbi["appId"],
                },
            ),
            "sbi-cr": Target(
                "sbi-cr.yaml",
                op.url + "/sbi-cr/v1",
                await self._token(http, op, "sbi-cr"),
                {"appPkgId": package, "targetNetworkId": "21401"},
            ),
            "sbi-nr": Target(
                "sbi-nr.yaml", op.url + "/sbi-nr/v1", await self._token(http, op, "sbi-nr")
            ),
            "sbi-edge": Target("sbi-edge.yaml", op.url + "/sbi-edge/v1", {}),
            "qod": Target(
                "qod.yaml", op.url + "/quality-on-demand/v1", await self._token(http, op, "qod")
            ),
            "traffic-influence": Target(
                "traffic-influence.yaml",
                op.url + "/traffic-influence/v0.10",
                await self._token(http, op, "traffic-influence"),
                {"appId": nbi["appId"]},
            ),
            "admin": Target(
                "admin.yaml",
                op.url + "/admin",
                admin,
                {"ref": ewbi.ctx, "deviceId": DEVICE, "homeFederation": ewbi.ctx},
            ),
            "oauth": Target(
                "oauth.yaml",
                op.url,
                basic(TEST_CLIENT, TEST_SECRET),
                {"grant_type": "client_credentials", "scope": "fed-mgmt"},
            ),
            "meo": Target("meo.yaml", meo, {}, {"appPkgId": package}),
            "nef": Target(
                "nef.yaml",
                nef,
                bearer(await nef_token(http, nef)),
                {"afId": "af-1", "scsAsId": "af-1", "ueId": "ue-1"},
            ),
        }

    async def _seed_ewbi_instance(self, http: httpx.AsyncClient, ewbi: Setup) -> str:
        """An instance of the partner's onboarded app in zone-1 (InstallApp)."""
        body = install_body("http://127.0.0.1:9/instances")
        answer = await http.post(ewbi.url(paths.lcm(ewbi.ctx)), json=body, headers=ewbi.headers)
        assert answer.status_code == 202, answer.text
        return str(answer.json()["appInstIdentifier"])

    async def _seed_origin(self, op: RunningOp) -> None:
        """A federation this OP originated, whose partner is the test client: the callbacks it
        sends are accepted (after the NBI app, so that app is onboarded here only)."""
        async with op.app[PLATFORM].database.transaction() as session:
            session.add(
                PartnerFederationRow(
                    id=str(uuid.uuid4()),
                    partner_id=TEST_CLIENT,
                    federation_context_id=PARTNER_CONTEXT,
                    orig_op_federation_id=OPERATOR,
                    offered_zones=[
                        {
                            "zoneId": "zone-b1",
                            "geolocation": "48.85,2.35",
                            "geographyDetails": "Paris",
                            "status": "AVAILABLE",
                        }
                    ],
                    subscribed_zones=["zone-b1"],
                )
            )

    async def _seed_nbi(self, http: httpx.AsyncClient, op: RunningOp) -> dict[str, Any]:
        """An app onboarded here, an instance of it in zone-1 and a deployment in zone-2."""
        url = op.url + NBI_ROOT
        headers = await self._token(http, op, "nbi")
        answer = await http.post(url + "/apps", json=manifest(), headers=headers)
        assert answer.status_code == 201, answer.text
        app_id = answer.json()["appId"]

        async def onboarded() -> bool:
            found = await http.get(f"{url}/apps/{app_id}", headers=headers)
            status = found.json().get("appOnboardingStatus", [{}])[0].get("status")
            return bool(status == "onboarded")

        await wait_for(onboarded, what="the NBI app onboarded")
        zone_1, zone_2 = (zone_uuid(OPERATOR, z) for z in ("zone-1", "zone-2"))
        body = {"name": "fuzz_instance", "appId": app_id, "edgeCloudZoneId": zone_1}
        answer = await http.post(url + "/appinstances", json=body, headers=headers)
        assert answer.status_code == 202, answer.text
        instance_id = answer.json()["appInstanceId"]
        body = {"appDeploymentName": "fuzz_deploy", "appId": app_id, "edgeCloudZones": [zone_2]}
        answer = await http.post(url + "/deployments", json=body, headers=headers)
        assert answer.status_code == 202, answer.text
        return {
            "appId": app_id,
            "appInstanceId": instance_id,
            "appDeploymentId": answer.json()["appDeploymentId"],
            "edgeCloudZoneId": zone_1,
            "edgeCloudZones": [zone_2],
        }

    async def _seed_meo(self, http: httpx.AsyncClient, meo: str, files: str) -> str:
        """A package onboarded at the MEO."""
        package = make_package_file(self.tmp_path, name=f"Fuzz {uuid.uuid4().hex[:6]}")
        body = package.create_body(url=f"{files}/{package.path.name}")
        answer = await http.post(meo + "/app_pkgm/v1/app_packages", json=body)
        assert answer.status_code == 201, answer.text
        package_id = str(answer.json()["id"])

        async def onboarded() -> bool:
            found = await http.get(f"{meo}/app_pkgm/v1/app_packages/{package_id}")
            return bool(found.json().get("onboardingState") == "ONBOARDED")

        await wait_for(onboarded, what="the MEO package onboarded")
        return package_id
