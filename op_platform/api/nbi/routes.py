"""Route table of the NBI (CAMARA Edge Application Management r1.1).

Every route is named after its operationId and carries the CAMARA scope the bearer-token
middleware asks for on that operation (as openapi/nbi.yaml says).
"""

from __future__ import annotations

from op_platform.api.bearer_auth import scoped_setup
from op_platform.api.nbi import handlers as h
from op_platform.api.routing import Route, scopes_of

PREFIX = "edge-application-management:"

ROUTES = (
    Route("POST", "/apps", h.submit_app, "submitApp", PREFIX + "apps:write"),
    Route("GET", "/apps", h.get_apps, "getApps", PREFIX + "apps:read"),
    Route("GET", "/apps/{appId}", h.get_app, "getApp", PREFIX + "apps:read"),
    Route("DELETE", "/apps/{appId}", h.delete_app, "deleteApp", PREFIX + "apps:delete"),
    Route(
        "POST",
        "/appinstances",
        h.create_app_instance,
        "createAppInstance",
        PREFIX + "instances:write",
    ),
    Route("GET", "/appinstances", h.get_app_instance, "getAppInstance", PREFIX + "instances:read"),
    Route(
        "DELETE",
        "/appinstances/{appInstanceId}",
        h.delete_app_instance,
        "deleteAppInstance",
        PREFIX + "instances:delete",
    ),
    Route(
        "POST",
        "/deployments",
        h.create_app_deployment,
        "createAppDeployment",
        PREFIX + "deployments:write",
    ),
    Route(
        "GET",
        "/deployments",
        h.get_app_deployments,
        "getAppDeployments",
        PREFIX + "deployments:read",
    ),
    Route(
        "PATCH",
        "/deployments/{appDeploymentId}",
        h.update_app_deployment,
        "updateAppDeployment",
        PREFIX + "deployments:update",
    ),
    Route(
        "DELETE",
        "/deployments/{appDeploymentId}",
        h.delete_app_deployment,
        "deleteAppDeployment",
        PREFIX + "deployments:delete",
    ),
    Route("GET", "/clusters", h.get_clusters, "getClusters", PREFIX + "clusters:read"),
    Route(
        "GET",
        "/edge-cloud-zones",
        h.get_edge_cloud_zones,
        "getEdgeCloudZones",
        PREFIX + "edge-cloud-zones:read",
    ),
)
ALL_SCOPES = scopes_of(ROUTES)

setup = scoped_setup(ROUTES)
