"""Artefact and image-file bodies: UploadArtefact/GetArtefact, UploadFile/ViewFile.

Uploads are ``multipart/form-data``. The form models below hold the non-binary parts; the
multipart parser passes each part's text, and object-valued parts (``componentSpec``,
``artefactRepoLocation``, ``imgOSType``, ``fileRepoLocation``) may arrive as JSON text. The binary
part (``artefactFile`` / ``file``) is handled by the parser, not by these models.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AliasChoices, Field, StringConstraints, field_validator

from op_platform.models.fields import NonEmptyList

from .base import EwbiModel, json_text_to_value
from .common import ObjectRepoLocation, OSType
from .components import ComponentSpec
from .enums import (
    ArtefactDescriptorType,
    ArtefactFileFormat,
    ArtefactVirtType,
    CPUArchType,
    RepoType,
    VirtImageType,
)
from .ids import AppProviderId, ArtefactId, FileId, Name32, Version

ARTEFACT_FILE_PART = "artefactFile"
FILE_PART = "file"

ArtefactFileName = Annotated[str, StringConstraints(min_length=8, max_length=32)]
ArtefactDescription = Annotated[str, StringConstraints(max_length=256)]
FileDescription = Annotated[str, StringConstraints(min_length=8, max_length=128)]


class ArtefactInfo(EwbiModel):
    """GetArtefact answer (200): the artefact's metadata."""

    artefactId: ArtefactId
    appProviderId: AppProviderId
    artefactName: Name32
    artefactVersionInfo: Version
    artefactDescription: ArtefactDescription | None = None
    artefactVirtType: ArtefactVirtType
    artefactFileName: ArtefactFileName | None = None
    artefactFileFormat: ArtefactFileFormat | None = None
    artefactDescriptorType: ArtefactDescriptorType
    repoType: RepoType
    artefactRepoLocation: ObjectRepoLocation | None = None

    @field_validator("artefactRepoLocation", mode="before")
    @classmethod
    def _decode_repo(cls, value: Any) -> Any:
        return json_text_to_value(value)


class ArtefactUploadForm(ArtefactInfo):
    """UploadArtefact form fields (everything but the ``artefactFile`` binary part)."""

    componentSpec: NonEmptyList[ComponentSpec]

    @field_validator("componentSpec", mode="before")
    @classmethod
    def _decode_specs(cls, value: Any) -> Any:
        value = json_text_to_value(value)
        # A form may repeat the part once per component, each one a JSON object.
        if isinstance(value, list):
            return [json_text_to_value(item) for item in value]
        if isinstance(value, dict):
            return [value]
        return value


class FileInfo(EwbiModel):
    """ViewFile answer (200): image file metadata.

    The repository location is written ``fileRepoLocation``; ``fileRepolocation`` (the spelling of
    the GSMA ViewFile answer) is read too.
    """

    fileId: FileId
    appProviderId: AppProviderId
    fileName: Name32
    fileDescription: FileDescription | None = None
    fileVersionInfo: Version
    fileType: VirtImageType
    checksum: str | None = None
    imgOSType: OSType
    imgInsSetArch: CPUArchType
    repoType: RepoType
    fileRepoLocation: ObjectRepoLocation | None = Field(
        default=None, validation_alias=AliasChoices("fileRepoLocation", "fileRepolocation")
    )

    @field_validator("imgOSType", "fileRepoLocation", mode="before")
    @classmethod
    def _decode_objects(cls, value: Any) -> Any:
        return json_text_to_value(value)


class FileUploadForm(FileInfo):
    """UploadFile form fields (everything but the ``file`` binary part)."""
