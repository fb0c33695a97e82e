"""Route table of the nbi interface (CAMARA Edge Application Management r1.1).

Every route is named after its operationId; the bearer-token middleware asks for the CAMARA scope
of that operation (:data:`SCOPES`, as openapi/nbi.yaml says).
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.nbi import apps, hooks, instances, zones
from op_platform.security.middleware import require_scopes, route_name

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


def scope_of(request: web.Request) -> str | None:
    """The operation's scope; an unknown path or method needs only a valid token (404/405)."""
    return SCOPES.get(route_name(request))


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    assert hooks.local_instances is not None  # registers the NBI's outbox hooks and listeners
    app.middlewares.append(require_scopes(scope_of))
    router = app.router
    router.add_post("/apps", apps.submit_app, name="submitApp")
    router.add_get("/apps", apps.get_apps, name="getApps")
    router.add_get("/apps/{appId}", apps.get_app, name="getApp")
    router.add_delete("/apps/{appId}", apps.delete_app, name="deleteApp")
    router.add_post("/appinstances", instances.create_app_instance, name="createAppInstance")
    router.add_get("/appinstances", instances.get_app_instance, name="getAppInstance")
    router.add_delete(
        "/appinstances/{appInstanceId}", instances.delete_app_instance, name="deleteAppInstance"
    )
    router.add_post("/deployments", instances.create_app_deployment, name="createAppDeployment")
    router.add_get("/deployments", instances.get_app_deployments, name="getAppDeployments")
    router.add_patch(
        "/deployments/{appDeploymentId}",
        instances.update_app_deployment,
        name="updateAppDeployment",
    )
    router.add_delete(
        "/deployments/{appDeploymentId}",
        instances.delete_app_deployment,
        name="deleteAppDeployment",
    )
    router.add_get("/clusters", zones.get_clusters, name="getClusters")
    router.add_get("/edge-cloud-zones", zones.get_edge_cloud_zones, name="getEdgeCloudZones")
