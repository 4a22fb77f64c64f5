"""AWS Signature Version 4, for real: build a plausible HTTP request for an action, sign it with
botocore's signer at a fixed time, and verify it the way AWS does (recompute with the stored secret).

AWS's documented derivation (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
canonical request -> string to sign (algorithm, X-Amz-Date, credential scope, hash of the canonical
request) -> signing key HMAC chain ("AWS4" + secret, date, region, service, "aws4_request") ->
signature = hex(HMAC(signing key, string to sign)).
"""
from __future__ import annotations

import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from typing import Any
from urllib.parse import quote

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import BotoCoreError
from botocore.loaders import Loader

REGION = "us-east-1"
ALGORITHM = "AWS4-HMAC-SHA256"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
TAMPER_PARAMETER = "tampered=true"


@dataclass(slots=True)
class Signed:
    """What the caller computed and sent (the secret itself is never kept)."""

    request: AWSRequest
    service: str
    region: str
    timestamp: str                      # X-Amz-Date, e.g. 20261128T090000Z
    credential_scope: str
    canonical_request: str
    string_to_sign: str
    signed_headers: str
    signature: str

    @property
    def authorization(self) -> str:
        return str(self.request.headers.get("Authorization", ""))


@dataclass(slots=True)
class Verification:
    """AWS's side: the signature it recomputed from the request it received, and whether they agree."""

    ok: bool
    reason: str                         # empty when ok
    provided_signature: str = ""
    expected_signature: str = ""
    canonical_request: str = ""
    string_to_sign: str = ""
    credential_scope: str = ""
    key_id: str = ""
    signed_headers: list[str] = field(default_factory=list)


@cache
def _service_metadata(service: str) -> dict[str, Any]:
    """The botocore service model's metadata (api version, protocol, target prefix), or {} when unknown."""
    try:
        metadata: dict[str, Any] = Loader().load_service_model(service, "service-2").get("metadata", {})
        return metadata
    except (BotoCoreError, OSError, ValueError):
        return {}


def build_request(action: str, resource: str) -> AWSRequest:
    """A plausible HTTP request for `service:Action` on `resource`.

    S3 actions address the bucket's virtual host (or s3.amazonaws.com without a bucket); query-protocol services get a
    form body `Action=NAME&Version=...`; JSON-protocol services a JSON body with `X-Amz-Target`.
    """
    service, name = _service_of(action), action.partition(":")[2] or "Unknown"
    if service == "s3":
        bucket, _, key = resource.removeprefix("arn:aws:s3:::").partition("/")
        host = f"{quote(bucket, safe='')}.s3.amazonaws.com" if resource.startswith("arn:aws:s3:::") and bucket \
            else "s3.amazonaws.com"
        return AWSRequest(method=_s3_method(name), url=f"https://{host}/{quote(key, safe='/~')}", data=b"")
    meta = _service_metadata(service)
    host = "iam.amazonaws.com" if service == "iam" else f"{meta.get('endpointPrefix', service)}.{REGION}.amazonaws.com"
    if meta.get("protocol") == "json" and meta.get("targetPrefix"):
        headers = {"X-Amz-Target": f"{meta['targetPrefix']}.{name}",
                   "Content-Type": f"application/x-amz-json-{meta.get('jsonVersion', '1.0')}"}
        return AWSRequest(method="POST", url=f"https://{host}/", headers=headers, data=json.dumps({}).encode())
    body = f"Action={quote(name)}"
    if meta.get("apiVersion"):
        body += f"&Version={meta['apiVersion']}"
    return AWSRequest(method="POST", url=f"https://{host}/",
                      headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
                      data=body.encode())


def _service_of(action: str) -> str:
    """The action's service prefix, reduced to the characters a host name and a credential scope allow."""
    return re.sub(r"[^a-z0-9-]", "-", action.partition(":")[0].lower()) or "unknown"


def _s3_method(name: str) -> str:
    for prefix, method in (("Get", "GET"), ("List", "GET"), ("Head", "HEAD"), ("Put", "PUT"),
                           ("Delete", "DELETE")):
        if name.startswith(prefix):
            return method
    return "POST"


def signing_name(action: str) -> str:
    """The service name in the credential scope (botocore's signingName, else the action's prefix)."""
    service = _service_of(action)
    if service == "s3":
        return "s3"
    meta = _service_metadata(service)
    return meta.get("signingName") or meta.get("endpointPrefix") or service


class _ClockedSigner:
    """botocore's SigV4 signer with the clock fixed to a given time (deterministic signatures)."""

    def __init__(self, key_id: str, secret: str, service: str, region: str):
        cls = S3SigV4Auth if service == "s3" else SigV4Auth
        self.auth = cls(Credentials(key_id, secret), service, region)

    def sign(self, request: AWSRequest, timestamp: str) -> tuple[str, str, str]:
        """Sign in place as `SigV4Auth.add_auth` does, at `timestamp`.

        Returns (canonical request, string to sign, signature).
        """
        request.context["timestamp"] = timestamp
        self.auth._modify_request_before_signing(request)
        canonical = self.auth.canonical_request(request)
        to_sign = self.auth.string_to_sign(request, canonical)
        signature = self.auth.signature(to_sign, request)
        self.auth._inject_signature_to_request(request, signature)
        return canonical, to_sign, signature

    def recompute(self, request: AWSRequest, timestamp: str) -> tuple[str, str, str]:
        """Recompute over a received request without changing it: (canonical, string to sign, signature)."""
        request.context["timestamp"] = timestamp
        canonical = self.auth.canonical_request(request)
        to_sign = self.auth.string_to_sign(request, canonical)
        return canonical, to_sign, self.auth.signature(to_sign, request)


def sign(request: AWSRequest, key_id: str, secret: str, when: datetime, service: str,
         region: str = REGION) -> Signed:
    """Sign `request` in place with SigV4 at time `when` (X-Amz-Date), as an SDK would."""
    timestamp = when.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)
    canonical, to_sign, signature = _ClockedSigner(key_id, secret, service, region).sign(request, timestamp)
    scope = f"{timestamp[:8]}/{region}/{service}/aws4_request"
    return Signed(request, service, region, timestamp, scope, canonical, to_sign,
                  canonical.split("\n")[-2], signature)


def tamper(request: AWSRequest) -> str:
    """Change a signed part of the request after signing (adds a query parameter); returns what changed."""
    separator = "&" if "?" in request.url else "?"
    request.url = f"{request.url}{separator}{TAMPER_PARAMETER}"
    return f"after signing, `{TAMPER_PARAMETER}` was added to the URL's query string"


def parse_authorization(header: str) -> dict[str, str] | None:
    """Split `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`; None when malformed."""
    algorithm, _, rest = header.partition(" ")
    if algorithm != ALGORITHM:
        return None
    parts = {}
    for item in rest.split(","):
        name, sep, value = item.strip().partition("=")
        if not sep:
            return None
        parts[name] = value
    if not {"Credential", "SignedHeaders", "Signature"} <= parts.keys():
        return None
    return parts


def verify(request: AWSRequest, secret: str) -> Verification:
    """Verify a received request as AWS does: read the Authorization header, rebuild the canonical
    request from the signed headers, derive the signing key from the stored `secret`, and compare."""
    parts = parse_authorization(request.headers.get("Authorization", ""))
    if parts is None:
        return Verification(False, "the Authorization header is missing or is not a SigV4 header")
    scope_parts = parts["Credential"].split("/")
    if len(scope_parts) != 5 or scope_parts[4] != "aws4_request":
        return Verification(False, f"the credential scope `{parts['Credential']}` is malformed")
    key_id, date, region, service, _ = scope_parts
    timestamp = request.headers.get("X-Amz-Date", "")
    if timestamp[:8] != date:
        return Verification(False, f"the credential scope date `{date}` does not match X-Amz-Date `{timestamp}`")
    signed_headers = parts["SignedHeaders"].split(";")
    received = AWSRequest(method=request.method, url=request.url, data=request.data,
                          headers={k: v for k, v in request.headers.items() if k.lower() in signed_headers})
    canonical, to_sign, expected = _ClockedSigner(key_id, secret, service, region).recompute(received, timestamp)
    provided = parts["Signature"]
    ok = hmac.compare_digest(provided, expected)
    return Verification(ok, "" if ok else "the signatures differ", provided, expected, canonical, to_sign,
                        "/".join(scope_parts[1:]), key_id, signed_headers)


def signing_key_derivation(date: str, region: str, service: str) -> list[str]:
    """The HMAC chain that turns a secret into the signing key, in words (the secret is not shown)."""
    return [
        'kSecret  = "AWS4" + secret access key (never sent, never shown)',
        f'kDate    = HMAC-SHA256(kSecret, "{date}")',
        f'kRegion  = HMAC-SHA256(kDate, "{region}")',
        f'kService = HMAC-SHA256(kRegion, "{service}")',
        'kSigning = HMAC-SHA256(kService, "aws4_request")',
        "signature = hex(HMAC-SHA256(kSigning, string to sign))",
    ]
