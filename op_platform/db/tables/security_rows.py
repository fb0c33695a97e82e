"""Registered API clients and the token signing keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, nullable, timestamp_field


class ApiClientRow(SQLModel, table=True):
    """A client allowed to get tokens from this OP. The secret is kept only as a scrypt hash."""

    __tablename__ = "api_client"

    client_id: str = Field(primary_key=True, max_length=128)
    secret_hash: str = Field(max_length=256)
    scopes: str = Field(default="", sa_type=Text)
    kind: str = Field(default="partner", max_length=32)
    source: str = Field(default="config", max_length=32)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class SigningKeyRow(SQLModel, table=True):
    """An asymmetric token signing key. The newest unretired key signs; all unretired verify.

    ``retire_after`` is set when a newer key takes over: the instant by which every token this
    key signed has expired. After it the key is neither published nor accepted.
    """

    __tablename__ = "signing_key"

    kid: str = Field(primary_key=True, max_length=64)
    algorithm: str = Field(max_length=16)
    private_pem: str = Field(sa_type=Text)
    encrypted: bool = False
    public_jwk: str = Field(sa_type=Text)
    created_at: datetime = timestamp_field(index=True)
    retire_after: datetime | None = nullable(TIMESTAMP)


class TokenRevocationRow(SQLModel, table=True):
    """A revoked access token (key ``jti:<token id>``) or every token a client was issued before
    a moment (key ``client:<client id>``, after the client was removed). Kept until every token
    it covers has expired (``expires_at``)."""

    __tablename__ = "token_revocation"

    key: str = Field(primary_key=True, max_length=200)
    client_id: str = Field(max_length=128)
    # client-wide: tokens whose ``iat`` (epoch seconds) is below this are revoked
    issued_before: int | None = nullable()
    expires_at: datetime = Field(sa_type=TIMESTAMP, index=True)
    created_at: datetime = timestamp_field()
