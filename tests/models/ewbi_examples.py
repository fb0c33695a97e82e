"""Realistic EWBI bodies, one per wire model, keyed by the schema name used in openapi/ewbi.yaml."""

from __future__ import annotations

from typing import Any

CTX = "fed-ctx-0001"
APP_ID = "arvideo_app01"
PROVIDER = "acme_provider"
ARTEFACT_ID = "9b2f2a3e-4c1d-4e8f-9a6b-0c1d2e3f4a5b"
FILE_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
ZONE = "zone-madrid-1"
INSTANCE = "inst_0000001"
POOL = "pool_0000001"
WHEN = "2024-05-01T10:00:00Z"

ENDPOINT: dict[str, Any] = {
    "port": 443,
    "fqdn": "lcm.op-b.example",
    "ipv4Addresses": ["198.51.100.7"],
}
ENDPOINT_V6: dict[str, Any] = {"port": 8443, "ipv6Addresses": ["2001:db8:85a3::8a2e:370:7334"]}
ZONE_DETAILS: dict[str, Any] = {
    "zoneId": ZONE,
    "geolocation": "40.4168,-3.7038",
    "geographyDetails": "Madrid metropolitan area, urban",
}
OS_TYPE: dict[str, Any] = {
    "architecture": "x86_64",
    "distribution": "UBUNTU",
    "version": "OS_VERSION_UBUNTU_2204_LTS",
    "license": "OS_LICENSE_TYPE_FREE",
}
COMPUTE: dict[str, Any] = {
    "cpuArchType": "ISA_X86_64",
    "numCPU": 16,
    "memory": 65536,
    "diskStorage": 500,
    "gpu": [
        {
            "gpuVendorType": "GPU_PROVIDER_NVIDIA",
            "gpuModeName": "Tesla V100",
            "gpuMemory": 16384,
            "numGPU": 1,
        }
    ],
    "hugepages": [{"pageSize": "2MB", "number": 512}],
    "cpuExclusivity": False,
}
FLAVOUR: dict[str, Any] = {
    "flavourId": "small-x86",
    "cpuArchType": "ISA_X86_64",
    "supportedOSTypes": [OS_TYPE],
    "numCPU": 2,
    "memorySize": 4096,
    "storageSize": 20,
}
REPO: dict[str, Any] = {
    "repoURL": "https://charts.acme.example/arvideo",
    "userName": "acme_deployer",
}
ZONE_REGISTERED: dict[str, Any] = {
    "zoneId": ZONE,
    "reservedComputeResources": [COMPUTE],
    "computeResourceQuotaLimits": [dict(COMPUTE, numCPU=32)],
    "flavoursSupported": [FLAVOUR],
    "networkResources": {
        "egressBandWidth": 10000,
        "dedicatedNIC": 2,
        "supportSriov": True,
        "supportDPDK": False,
    },
}
COMPONENT_SPEC: dict[str, Any] = {
    "componentName": "video_encoder",
    "osType": OS_TYPE,
    "InstSetArch": "ISA_X86_64",
    "images": [FILE_ID],
    "numOfInstances": 1,
    "restartPolicy": "RESTART_POLICY_ALWAYS",
    "commandLineParams": {"command": ["/bin/encoder"], "commandArgs": ["--port", "8080"]},
    "exposedInterfaces": [
        {
            "interfaceId": "http_port_1",
            "commProtocol": "HTTP_HTTPS",
            "commPort": 8080,
            "visibilityType": "VISIBILITY_EXTERNAL",
            "network": "default_net",
            "InterfaceName": "eth0",
        }
    ],
    "computeResourceProfile": {
        "cpuArchType": "ISA_X86_64",
        "numCPU": 2,
        "memory": 4096,
        "diskStorage": 20,
    },
    "compEnvParams": [
        {"envVarName": "LISTEN_PORT", "envValueType": "USER_DEFINED", "envVarValue": "port_8080"}
    ],
    "persistentVolumes": [
        {
            "volumeSize": "10Gi",
            "volumeMountPath": "/data",
            "volumeName": "cache",
            "accessMode": "RW",
        }
    ],
}
ARTEFACT_INFO: dict[str, Any] = {
    "artefactId": ARTEFACT_ID,
    "appProviderId": PROVIDER,
    "artefactName": "arvideo_chart",
    "artefactVersionInfo": "1.2.0",
    "artefactDescription": "Helm chart of the AR video service",
    "artefactVirtType": "CONTAINER_TYPE",
    "artefactFileName": "arvideo.tgz",
    "artefactFileFormat": "TARGZ",
    "artefactDescriptorType": "HELM",
    "repoType": "PUBLICREPO",
    "artefactRepoLocation": REPO,
}
FILE_INFO: dict[str, Any] = {
    "fileId": FILE_ID,
    "appProviderId": PROVIDER,
    "fileName": "encoder_image",
    "fileDescription": "Encoder container image",
    "fileVersionInfo": "1.2.0",
    "fileType": "DOCKER",
    "checksum": "sha256:5d41402abc4b2a76b9719d911017c592",
    "imgOSType": OS_TYPE,
    "imgInsSetArch": "ISA_X86_64",
    "repoType": "PUBLICREPO",
    "fileRepoLocation": {"repoURL": "docker.io/acme/encoder:1.2.0"},
}
APP_META: dict[str, Any] = {
    "appName": "ARVideoStream",
    "version": "1.2.0",
    "appDescription": "Augmented reality video streaming",
    "mobilitySupport": False,
    "accessToken": "Tok_0123456789abcdef0123456789abcdef",
    "category": "ENTERTAINMENT",
}
QOS: dict[str, Any] = {
    "latencyConstraints": "LOW",
    "bandwidthRequired": 50,
    "multiUserClients": "APP_TYPE_MULTI_USER",
    "noOfUsersPerAppInst": 20,
    "appProvisioning": True,
}
APP_COMPONENTS: list[dict[str, Any]] = [
    {
        "serviceNameNB": "arvideo_nb_svc",
        "serviceNameEW": "arvideo_ew_svc",
        "componentName": "video_encoder",
        "artefactId": ARTEFACT_ID,
    }
]
INSTANCE_DETAILS: dict[str, Any] = {
    "appInstanceState": "READY",
    "accesspointInfo": [{"interfaceId": "http_port_1", "accessPoints": ENDPOINT}],
}

EXAMPLES: dict[str, Any] = {
    "ServiceEndpoint": ENDPOINT_V6,
    "ZoneDetails": ZONE_DETAILS,
    "ComputeResourceInfo": COMPUTE,
    "Flavour": FLAVOUR,
    "OSType": OS_TYPE,
    "ObjectRepoLocation": REPO,
    "ProblemDetails": {
        "title": "Bad request",
        "detail": "appId does not match the pattern",
        "cause": "INVALID_ARGUMENT",
        "invalidParams": [{"param": "appId", "reason": "pattern"}],
    },
    "FederationRequestData": {
        "origOPFederationId": "op-a",
        "origOPCountryCode": "ES",
        "origOPMobileNetworkCodes": {"mcc": "214", "mncs": ["01", "07"]},
        "origOPFixedNetworkCodes": ["fixed-es-1"],
        "initialDate": WHEN,
        "federationNotificationDest": "https://op-a.example/operatorplatform/fedcallbacks/v1/onPartnerStatusEvent",
        "partnerCallbackCredentials": {
            "tokenUrl": "https://op-a.example/oauth2/token",
            "clientId": "op-b-client",
            "clientSecret": "s3cret-value",
        },
    },
    "FederationResponseData": {
        "partnerOPFederationId": "op-b",
        "partnerOPCountryCode": "PT",
        "federationContextId": CTX,
        "edgeDiscoveryServiceEndPoint": ENDPOINT,
        "lcmServiceEndPoint": ENDPOINT,
        "partnerOPMobileNetworkCodes": {"mcc": "268", "mncs": ["06"]},
        "offeredAvailabilityZones": [ZONE_DETAILS],
        "platformCaps": ["homeRouting"],
    },
    "FederationInfo": {
        "edgeDiscoveryServiceEndPoint": ENDPOINT,
        "lcmServiceEndPoint": ENDPOINT,
        "allowedMobileNetworkIds": {"mcc": "214", "mncs": ["01"]},
        "allowedFixedNetworkIds": ["fixed-es-1"],
        "offeredAvailabilityZones": [ZONE_DETAILS],
    },
    "UpdateFederationRequest": {
        "objectType": "MOBILE_NETWORK_CODES",
        "operationType": "ADD_CODES",
        "addMobileNetworkIds": {"mcc": "214", "mncs": ["03"]},
        "modificationDate": WHEN,
    },
    "ZoneRegistrationRequestData": {
        "acceptedAvailabilityZones": [ZONE],
        "availZoneNotifLink": "https://op-a.example/operatorplatform/fedcallbacks/v1/onZoneResourceUpdateEvent",
    },
    "ZoneRegistrationResponseData": {"acceptedZoneResourceInfo": [ZONE_REGISTERED]},
    "ZoneRegisteredData": ZONE_REGISTERED,
    "ComponentSpec": COMPONENT_SPEC,
    "ArtefactInfo": ARTEFACT_INFO,
    "ArtefactUploadForm": dict(ARTEFACT_INFO, componentSpec=[COMPONENT_SPEC]),
    "FileInfo": FILE_INFO,
    "FileUploadForm": FILE_INFO,
    "OnboardApplicationRequest": {
        "appId": APP_ID,
        "appProviderId": PROVIDER,
        "appDeploymentZones": [{"countryCode": "PT", "zoneInfo": ZONE}],
        "appMetaData": APP_META,
        "appQoSProfile": QOS,
        "appComponentSpecs": APP_COMPONENTS,
        "appStatusCallbackLink": "https://op-a.example/operatorplatform/fedcallbacks/v1/onApplicationOnboardStatusEvent",
    },
    "ApplicationInfo": {
        "appId": APP_ID,
        "appProviderId": PROVIDER,
        "appDeploymentZones": [{"countryCode": "PT", "zoneInfo": ZONE}],
        "appMetaData": APP_META,
        "appQoSProfile": QOS,
        "appComponentSpecs": APP_COMPONENTS,
    },
    "UpdateApplicationRequest": {
        "appUpdQoSProfile": {"latencyConstraints": "ULTRALOW", "bandwidthRequired": 100},
        "appComponentSpecs": [{"componentName": "video_encoder", "artefactId": ARTEFACT_ID}],
    },
    "AdditionalZonesRequest": ["zone-lisbon-2"],
    "ZoneForbidRequest": [
        {"zoneId": ZONE, "forbid": True},
        {"zoneId": "zone-lisbon-2", "forbid": False},
    ],
    "InstallAppRequest": {
        "appId": APP_ID,
        "appVersion": "1.2.0",
        "appProviderId": PROVIDER,
        "zoneInfo": {
            "zoneId": ZONE,
            "flavourId": "small-x86",
            "resourceConsumption": "RESERVED_RES_PREFER",
            "resPool": POOL,
        },
        "appInstCallbackLink": "https://op-a.example/operatorplatform/fedcallbacks/v1/onInstanceStatusEvent",
    },
    "InstallAppResponse": {"zoneId": ZONE, "appInstIdentifier": INSTANCE},
    "AppInstanceDetails": INSTANCE_DETAILS,
    "AllAppInstances": [
        {
            "zoneId": ZONE,
            "appInstanceInfo": [{"appInstIdentifier": INSTANCE, "appInstanceState": "PENDING"}],
        }
    ],
    "CreateResourcePoolsRequest": {
        "resRequest": {
            "poolName": "acme_pool_01",
            "flavours": [{"flavourId": "small-x86", "numFlavour": 4, "minNumOfFlavours": 2}],
            "reserveDuration": {"numOfDays": 30},
        },
        "resourceReservationCallbackLink": "https://op-a.example/operatorplatform/fedcallbacks/v1/onResourceStatusChangeEvent",
    },
    "CreateResourcePoolsResponse": {"poolName": "acme_pool_01", "poolId": POOL},
    "ResourcePools": [
        {
            "poolName": "acme_pool_01",
            "reservedPoolId": POOL,
            "reservedFlavours": [{"flavourId": "small-x86", "count": 4}],
            "reserveDuration": {"numOfMonths": 1},
            "reservationTime": WHEN,
        }
    ],
    "UpdateISVResPoolRequest": [
        {"updateType": "ADD", "flavourId": "small-x86", "count": 6},
        {
            "updateType": "DURATION",
            "flavourId": "small-x86",
            "count": 6,
            "reserveDuration": {"numOfYears": 1},
        },
    ],
    "CandidateZonesRequest": {
        "appProviderId": PROVIDER,
        "appId": APP_ID,
        "edgeDiscoveryFilters": {
            "location": {
                "geo_location": "40.4168,-3.7038",
                "rad_location": [
                    {"carrier": "5G", "mcc": 214, "mnc": 1, "cellId": 123456, "areaCode": 77}
                ],
            }
        },
    },
    "DiscoveredEdgeNodes": [{"zoneId": ZONE, "latencyServiceEndPoints": ENDPOINT}],
    "PartnerStatusEvent": {
        "federationContextId": CTX,
        "objectType": "ZONES",
        "operationType": "STATUS",
        "zoneStatus": [{"zoneId": ZONE, "status": "AVAILABLE"}],
        "modificationDate": WHEN,
    },
    "ZoneResourceUpdateEvent": {
        "federationContextId": CTX,
        "zoneId": ZONE,
        "zoneResUpdInfo": [
            {
                "availableCompResources": [COMPUTE],
                "availableNetResources": {"egressBandWidth": 8000, "supportSriov": True},
            }
        ],
    },
    "ApplicationOnboardStatusEvent": {
        "federationContextId": CTX,
        "appId": APP_ID,
        "statusInfo": [{"zoneId": ZONE, "onboardStatusInfo": "ONBOARDED"}],
    },
    "InstanceStatusEvent": {
        "federationContextId": CTX,
        "appId": APP_ID,
        "appInstIdentifier": INSTANCE,
        "zoneId": ZONE,
        "appInstanceInfo": INSTANCE_DETAILS,
        "modificationDate": WHEN,
    },
    "ResourceStatusChangeEvent": {
        "federationContextId": CTX,
        "appProviderId": PROVIDER,
        "zoneId": ZONE,
        "poolId": POOL,
        "grantedFlavours": [{"flavourId": "small-x86", "numFlavour": 4}],
    },
    "CreateAppPkg": {
        "appPkgName": "arvideo",
        "appPkgVersion": "1.2.0",
        "appProvider": "acme",
        "appPkgPath": "https://packages.acme.example/arvideo-1.2.0.zip",
        "checksum": {
            "algorithm": "SHA-256",
            "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        },
        "userDefinedData": {"tier": "gold"},
    },
    "VariantOnboardingResult": {
        "appPkgId": "pkg-7f3c",
        "onboardingState": "ONBOARDED",
        "operationId": "op-2b1e",
        "targetNetworkId": "26806",
    },
    "VariantOperationAccepted": {"operationId": "op-2b1e", "state": "PENDING"},
}
