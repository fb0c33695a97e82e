"""Route table of the NBI (CAMARA Edge Application Management r1.1).

Every route is named after its operationId; the bearer-token middleware asks for the CAMARA scope
of that operation (:data:`SCOPES`, as openapi/nbi.yaml says).
"""

from __future__ import annotations

from op_platform.api.bearer_auth import scoped_setup
from op_platform.api.nbi import handlers as h
from op_platform.api.routing import Route

PREFIX = "edge-application-management:"
SCOPES = {
    "submitApp": PREFIX + "apps:write",
    "getApps": PREFIX + "apps:read",
    "getApp": PREFIX + "apps:read",
    "deleteApp": PREFIX + "apps:delete",
    "createAppInstance": PREFIX + "instances:write",
    "getAppInstance": PREFIX + "instances:read",
    "deleteAppInstance": PREFIX + "instances:delete",
    "createAppDeployment": PREFIX + "deployments:write",
    "getAppDeployments": PREFIX + "deployments:read",
    "updateAppDeployment": PREFIX + "deployments:update",
    "deleteAppDeployment": PREFIX + "deployments:delete",
    "getClusters": PREFIX + "clusters:read",
    "getEdgeCloudZones": PREFIX + "edge-cloud-zones:read",
}
ALL_SCOPES = " ".join(sorted(set(SCOPES.values())))

ROUTES = (
    Route("POST", "/apps", h.submit_app, "submitApp"),
    Route("GET", "/apps", h.get_apps, "getApps"),
    Route("GET", "/apps/{appId}", h.get_app, "getApp"),
    Route("DELETE", "/apps/{appId}", h.delete_app, "deleteApp"),
    Route("POST", "/appinstances", h.create_app_instance, "createAppInstance"),
    Route("GET", "/appinstances", h.get_app_instance, "getAppInstance"),
    Route("DELETE", "/appinstances/{appInstanceId}", h.delete_app_instance, "deleteAppInstance"),
    Route("POST", "/deployments", h.create_app_deployment, "createAppDeployment"),
    Route("GET", "/deployments", h.get_app_deployments, "getAppDeployments"),
    Route(
        "PATCH", "/deployments/{appDeploymentId}", h.update_app_deployment, "updateAppDeployment"
    ),
    Route(
        "DELETE", "/deployments/{appDeploymentId}", h.delete_app_deployment, "deleteAppDeployment"
    ),
    Route("GET", "/clusters", h.get_clusters, "getClusters"),
    Route("GET", "/edge-cloud-zones", h.get_edge_cloud_zones, "getEdgeCloudZones"),
)

setup = scoped_setup(SCOPES, ROUTES)
