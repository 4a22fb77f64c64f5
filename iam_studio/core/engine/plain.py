"""The Beginner explanation: an evaluation result told in a few plain sentences.

Each sentence is read off what the engine recorded: the decision, the deciding statements, the Allows an
explicit deny overrides, the guardrails that capped an allow (`capped_by`), the caller and how its
credential was checked, and the trace's gate and statement steps. Policies are looked up by the
addresses the trace carries only to say in words what a statement covers; nothing is decided here.
`plain_sentences(result, scenario)` is what the GUI's Beginner depth and `iam-studio eval --plain` show.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..decision import Decision
from ..policy.model import Policy, Statement
from ..scenario.address import Place, PolicyAddress, find_policy
from ..scenario.kinds import ResourceKind, resource_kind
from ..scenario.model import Scenario
from ..scenario.principal import Principal, PrincipalKind
from .authenticate import MFA_PRESENT, Authentication, Refusal
from .authorize import NO_PERMISSION_ACTIONS
from .context import RequestContext
from .matchers import ActionMatcher, ResourceMatcher
from .result import Outcome, Result, Stage, StatementRef, Step
from .variables import substitute

MANY = 3                 # name at most this many policies in one sentence, then say how many more


@dataclass(frozen=True, slots=True)
class Sentence:
    """One plain sentence. `outcome` says how it reads (ALLOW/PASS lets the request on, DENY/FAIL stops it,
    INFO tells); `steps` are the ids of the trace steps it tells about (a replay follows them)."""

    text: str
    outcome: Outcome
    steps: tuple[int, ...] = ()


def plain_sentences(result: Result, scenario: Scenario) -> list[Sentence]:
    """`result` (best with its trace: `evaluate(..., explain=True)`) in sentences a beginner reads, the
    last one giving the decision."""
    return _Teller(result, scenario).tell()


def cited_statement(result: Result, scenario: Scenario) -> StatementRef | None:
    """The statement to show with the verdict: the first deciding one, else the closest miss the explanation
    names (a denied-by-default request's statement whose Action covers it but whose Resource or Condition
    does not); None when it names none."""
    if result.deciding:
        return result.deciding[0]
    for sentence in plain_sentences(result, scenario):
        if sentence.outcome is Outcome.NO_MATCH:
            for index in sentence.steps:
                if 0 <= index < len(result.trace) and result.trace[index].statement is not None:
                    return result.trace[index].statement
    return None


def _listed(items: Sequence[str], word: str = "and") -> str:
    items = list(dict.fromkeys(items))
    if len(items) > MANY:
        items = items[:MANY] + [f"{len(items) - MANY} more"]
    if len(items) <= 2:
        return f" {word} ".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _owner(node: str) -> str:
    """A node key in words: `group/Developers` → the group Developers."""
    kind, _, name = node.partition("/")
    return {"user": f"the user {name}", "group": f"the group {name}", "role": f"the role {name}"}.get(kind, name)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Teller:
    def __init__(self, result: Result, scenario: Scenario):
        self.r, self.scenario = result, scenario
        self.caller: Principal | None = result.caller
        self.ctx = RequestContext((k, v) for k, vs in result.context.items() for v in vs)
        self.steps: Sequence[Step] = result.trace
        self.gates = [s for s in self.steps if s.statement is None and s.parent is None
                      and s.stage not in (Stage.AUTHENTICATION, Stage.CONTEXT, Stage.GATHER, Stage.VERDICT)
                      and s.outcome in (Outcome.PASS, Outcome.FAIL)]
        self.verdict = next((s.id for s in reversed(self.steps) if s.stage is Stage.VERDICT), None)
        starred = next((s for s in self.steps if "authorized_resource" in s.details), None)
        self.starred = starred                  # the action takes no resource: AWS authorized it on "*"
        self.resource = str(starred.details["authorized_resource"]) if starred is not None else result.resource

    # -- who and what -------------------------------------------------------------------------------
    @property
    def who(self) -> str:
        """The caller in later sentences: alice, the role App, the root user, ..."""
        p = self.caller
        if p is None:
            return self.r.principal_arn
        if p.kind is PrincipalKind.USER:
            return p.arn.rsplit("/", 1)[-1]
        if p.kind is PrincipalKind.ROLE_SESSION:
            return f"the role {p.role_name}"
        if p.kind is PrincipalKind.ROOT:
            return "the root user"
        if p.kind is PrincipalKind.ANONYMOUS:
            return "the anonymous caller"
        return f"the AWS service {p.arn}"

    @property
    def subject(self) -> str:
        """The caller at the start of a sentence (a name is never capitalised: it is shown as typed)."""
        p = self.caller
        if p is not None and p.kind is PrincipalKind.USER:
            return f"The user {self.who}"
        return _capital(self.who)

    def _introduce(self) -> str:
        p = self.caller
        if p is None:
            who = self.r.principal_arn
        elif p.kind is PrincipalKind.USER:
            who = f"The IAM user {self.who}"
        elif p.kind is PrincipalKind.ROLE_SESSION and p.compute:
            what = {"ec2": "the EC2 instance", "lambda": "the Lambda function"}.get(p.compute_service or "",
                                                                                 "the resource")
            who = f"Code on {what} {p.compute}, running as the role {p.role_name},"
        elif p.kind is PrincipalKind.ROLE_SESSION:
            named = f" (session name {p.session_name})" if p.session_name != "session" else ""
            who = f"A session of the role {p.role_name}{named}"
        elif p.kind is PrincipalKind.ROOT:
            who = "The root user" + (f" of account {p.account}" if p.account != self.scenario.account else "")
        elif p.kind is PrincipalKind.ANONYMOUS:
            who = "An anonymous caller (someone who is not signed in to AWS)"
        else:
            who = f"The AWS service {p.arn}"
        asked = "any resource (*)" if self.r.resource == "*" else self.r.resource
        return f"{_capital(who)} asks AWS to do {self.r.action} on {asked}."

    def _resource(self) -> str:
        """The resource AWS authorizes the request on, in words."""
        return "any resource (*)" if self.resource == "*" else self.resource

    @property
    def _accounts(self) -> tuple[str | None, str | None]:
        """The caller's account and the resource's, as the request context says."""
        return self._one("aws:PrincipalAccount"), self._one("aws:ResourceAccount")

    def _one(self, key: str) -> str | None:
        values = self.ctx.get(key)
        return values[0] if values else None

    # -- the whole story ----------------------------------------------------------------------------
    def tell(self) -> list[Sentence]:
        out = [Sentence(self._introduce(), Outcome.INFO)]
        auth = self.r.authentication
        auth_steps = tuple(s.id for s in self.steps if s.stage is Stage.AUTHENTICATION)
        if auth is not None or auth_steps:
            out.append(Sentence(self._authentication(auth), Outcome.PASS if self.r.decision is not
                                Decision.NOT_AUTHENTICATED else Outcome.FAIL, auth_steps))
        if self.starred is not None:
            out.append(Sentence(f"{self.r.action} cannot be limited to one resource, so AWS checks it against any "
                                f"resource (*) rather than {self.r.resource}.", Outcome.INFO, (self.starred.id,)))
        decision = self.r.decision
        if decision is Decision.NOT_AUTHENTICATED:
            out.append(self._final("So AWS does not know for sure who is calling: it stops here without reading "
                                   "any policy, and the answer is DENY (not authenticated)."))
        elif decision is Decision.ALLOWED:
            out += self._allowed()
        elif decision is Decision.EXPLICIT_DENY:
            out += self._explicit_deny()
        else:
            out += self._implicit_deny()
        return out

    def _final(self, text: str) -> Sentence:
        outcome = Outcome.ALLOW if self.r.decision is Decision.ALLOWED else Outcome.DENY
        return Sentence(text, outcome, (self.verdict,) if self.verdict is not None else ())

    # -- authentication -----------------------------------------------------------------------------
    def _authentication(self, auth: Authentication | None) -> str:
        p = self.caller
        if auth is None or p is None:
            return "AWS accepts who is calling."
        if not auth.ok:
            return self._refused(auth, p)
        facts, kind = auth.facts, auth.credential_kind
        mfa = auth.context.get(MFA_PRESENT) == "true"
        if p.kind is PrincipalKind.SERVICE:
            return "AWS checks its own services itself, so it accepts who is calling."
        if kind is None:
            if p.kind is PrincipalKind.ANONYMOUS:
                return ("The request carries no credentials at all, so AWS treats it as anonymous: no policy of "
                        "its own can allow it, only a policy on the resource itself.")
            if p.kind is PrincipalKind.ROLE_SESSION and p.compute:
                if p.compute_service == "lambda":
                    return (f"Lambda gives the function temporary credentials for its execution role "
                            f"{p.role_name}, and the code signs the request with them: no long-term key is stored "
                            "anywhere.")
                return (f"The instance gets temporary credentials for the role {p.role_name} from its instance "
                        "profile (EC2 hands them to the instance and renews them before they expire), and the code "
                        "signs the request with them: no long-term access key is stored on the instance.")
            if p.kind is PrincipalKind.ROLE_SESSION:
                return ("A role has no password and no long-term keys: its sessions use temporary credentials. "
                        "No credential is given here, so the request is taken as already signed in with them "
                        "(without MFA).")
            return f"No credential is given, so the request is taken as already signed in as {self.who}."
        if kind == "access_key":
            return (f"It is signed with {self.who}'s access key {facts.get('key_id', '')}, a long-term key that is "
                    "active. AWS works out the signature again with its own copy of the secret and gets the same "
                    f"one, so it knows the request really comes from {self.who}.")
        if kind == "console":
            return (f"{self.subject} signs in to the console with a password"
                    + (" and an MFA code." if mfa else ", without MFA."))
        until = f", still valid until {facts['expires']}" if "expires" in facts else ", still valid"
        return f"It uses temporary credentials{until}, obtained {'with' if mfa else 'without'} MFA."

    def _refused(self, auth: Authentication, p: Principal) -> str:
        facts, why = auth.facts, auth.refusal
        key = facts.get("key_id", "")
        owner = facts.get("key_owner", "")
        if why is Refusal.INACTIVE_KEY:
            return (f"It is signed with {owner}'s access key {key}, but that key is switched off (its status is "
                    f"{facts.get('key_status', 'not Active')}). AWS accepts only active keys.")
        if why is Refusal.UNKNOWN_KEY:
            return f"It is signed with an access key, {key}, that AWS does not have, so AWS cannot tell who signed it."
        if why is Refusal.OTHER_USERS_KEY:
            return (f"It is signed with the access key {key}, which belongs to {owner}, not to {self.who}: a key "
                    f"only ever proves that its owner, {owner}, is calling.")
        if why is Refusal.SIGNATURE:
            causes = []
            if facts.get("wrong_secret") == "true":
                causes.append("with a secret that is not the one AWS keeps for it")
            if facts.get("tampered") == "true":
                causes.append("the request was changed on the way, after it was signed")
            but = f", but {' and '.join(causes)}" if causes else ""
            return (f"It is signed with {owner}'s access key {key}{but}. AWS works out the signature again with its "
                    f"own copy of the secret, and the two do not match, so it cannot trust that the request comes "
                    f"from {self.who}.")
        if why is Refusal.EXPIRED:
            return (f"It uses temporary credentials that expired at {facts.get('expires', '')}, before the request "
                    f"was made ({facts.get('request_time', '')}). AWS refuses expired credentials.")
        if why is Refusal.NO_MFA_DEVICE:
            return f"It claims {self.who} used MFA, but {self.who} has no MFA device."
        if why is Refusal.MFA_REQUIRED:
            return (f"{self.subject} has an MFA device, so signing in to the console needs its code as well "
                    "as the password, and no MFA was given.")
        if why is Refusal.NO_PASSWORD:
            return f"{self.subject} has no console password, so {self.who} cannot sign in to the console."
        if why is Refusal.ROLE_CONSOLE:
            return ("A role has no password, so it cannot sign in to the console: a person signs in as a user, "
                    "then switches to the role.")
        if why is Refusal.SESSION_WITH_KEY:
            return ("A role session signs with temporary credentials, never with a long-term access key, so AWS "
                    "refuses the key.")
        if why is Refusal.UNDECLARED_USER:
            return f"{p.arn} is not a user of this account, so it has no password to sign in with."
        if why is Refusal.ANONYMOUS_WITH_CREDENTIAL:
            return "An anonymous request carries no credentials, yet this one carries one, so AWS refuses it."
        if why is Refusal.NO_KEY_ID:
            return "The access key credential does not say which key it is, so AWS cannot check it."
        if why is Refusal.BAD_EXPIRY:
            return "The session's expiry is not a date and time, so AWS cannot check whether it is still valid."
        return "The credential is not one AWS knows (an access key, a console sign-in or temporary credentials)."

    # -- trace helpers ------------------------------------------------------------------------------
    def _gate(self, stage: Stage) -> list[Step]:
        return [g for g in self.gates if g.stage is stage]

    def _children(self, gate: Step) -> list[Step]:
        return [s for s in self.steps if s.parent == gate.id and s.statement is not None]

    def _step_ids(self, refs: Iterable[StatementRef]) -> tuple[int, ...]:
        """The steps of these matching statements, then the gates they sit under."""
        wanted = set(refs)
        found = [s for s in self.steps if s.statement is not None and s.statement in wanted
                 and s.outcome in (Outcome.ALLOW, Outcome.DENY)]
        return tuple(dict.fromkeys([s.id for s in found] + [s.parent for s in found if s.parent is not None]))

    def _matched(self, stage: Stage) -> list[StatementRef]:
        return [s.statement for g in self._gate(stage) for s in self._children(g)
                if s.statement is not None and s.outcome is Outcome.ALLOW]

    # -- policies in words --------------------------------------------------------------------------
    def _policy(self, ref: StatementRef) -> Policy | None:
        return find_policy(self.scenario, ref.policy) or self.scenario.policy(ref.policy)

    def _statement(self, ref: StatementRef) -> Statement | None:
        policy = self._policy(ref)
        return policy.statements[ref.index] if policy is not None and ref.index < len(policy.statements) else None

    def policy_name(self, address: str) -> str:
        """A policy by its address, in words: the policy DenyPhotoDeletes, the bucket policy of photos, ..."""
        addr = PolicyAddress.parse(address)
        if addr is None or addr.place is Place.MANAGED:
            if address.startswith("arn:aws:iam::aws:policy/"):
                return f"the AWS managed policy {address.rsplit('/', 1)[-1]}"
            return f"the policy {address.rsplit('/', 1)[-1]}"
        owner, name = addr.owner_name or "", addr.name or ""
        if addr.place is Place.INLINE:
            return f"the inline policy {name} of {_owner(addr.owner or '')}"
        if addr.place is Place.TRUST:
            return f"the trust policy of the role {owner}"
        if addr.place is Place.RESOURCE:
            resource = self.scenario.resources.get(owner)
            kind = resource_kind(resource.arn) if resource is not None else ResourceKind.OTHER
            word = {ResourceKind.S3: "bucket policy", ResourceKind.KMS: "key policy"}.get(kind, "resource-based policy")
            return f"the {word} of {owner}"
        if addr.place is Place.BOUNDARY:
            return f"the permissions boundary written on {_owner(addr.owner or '')}"
        if addr.place is Place.SESSION:
            return "the session policy"
        if addr.place is Place.ENDPOINT:
            return "the VPC endpoint policy"
        if addr.owner_kind in ("scp", "rcp"):
            word = "service" if addr.owner_kind == "scp" else "resource"
            return f"the {word} control policy number {int(name or 0) + 1} at {self._level_target(addr)}"
        return f"policy number {int(name or 0) + 1} written on {_owner(addr.owner or '')}"

    def _level_target(self, addr: PolicyAddress) -> str:
        org = self.scenario.organization
        levels = (org.scps if addr.owner_kind == "scp" else org.rcps) if org else None
        index = int(addr.owner_name or 0) if (addr.owner_name or "").isdigit() else -1
        return levels[index].target if levels and 0 <= index < len(levels) else "its level"

    def named(self, ref: StatementRef) -> str:
        """The statement's policy with where it applies: the policy X (on the group Developers, which alice
        is in)."""
        name = self.policy_name(ref.policy)
        place = ref.attached_to or ""
        addr = PolicyAddress.parse(ref.policy)
        if addr is not None and not addr.is_managed or not place:
            return name
        short = ref.policy.rsplit("/", 1)[-1]
        if place == "session":
            return f"the session policy {short}"
        if place == "VPC endpoint":
            return f"the VPC endpoint policy {short}"
        kind = self._org_kind(ref)
        if kind is not None:
            return f"the {kind} control policy {short} (at {place})"
        if place.endswith(" (boundary)"):
            return f"{name} (the permissions boundary of {_owner(place[:-len(' (boundary)')])})"
        if place.startswith("group/") and self.caller is not None and self.caller.kind is PrincipalKind.USER:
            return f"{name} (on {_owner(place)}, which {self.who} is in)"
        if place.startswith(("user/", "group/", "role/")):
            return f"{name} (on {_owner(place)})"
        return name

    def _names(self, refs: Iterable[StatementRef]) -> list[str]:
        """Each policy once; an organization policy attached at several levels names them all."""
        levels: dict[str, list[str]] = {}
        out: dict[str, None] = {}
        refs_list = list(refs)
        for ref in refs_list:
            addr = PolicyAddress.parse(ref.policy)
            if self._org_kind(ref) is not None and addr is not None and addr.is_managed and ref.attached_to:
                if ref.policy not in levels:
                    out[ref.policy] = None
                levels.setdefault(ref.policy, []).append(ref.attached_to)
            else:
                out[self.named(ref)] = None
        kinds = {ref.policy: self._org_kind(ref) for ref in refs_list}
        return [f"the {kinds[key]} control policy {key.rsplit('/', 1)[-1]} (at {_listed(levels[key])})"
                if key in levels else key for key in out]

    def _org_kind(self, ref: StatementRef) -> str | None:
        """`service` or `resource` when the statement is an organization level's SCP or RCP, else None."""
        addr = PolicyAddress.parse(ref.policy)
        if addr is not None and addr.owner_kind in ("scp", "rcp"):
            return "service" if addr.owner_kind == "scp" else "resource"
        org = self.scenario.organization
        for word, levels in (("service", org.scps if org else None), ("resource", org.rcps if org else None)):
            if any(level.target == ref.attached_to and ref.policy in level.policies for level in levels or ()):
                return word
        return None

    def _pattern(self, value: str, policy: Policy | None) -> str:
        """A Resource value, with what its policy variables become for this request (shown whole)."""
        if value == "*":
            return "every resource (*)"
        if "${" not in value or policy is None or not policy.variables_enabled:
            return value
        shown = substitute(value, self.ctx)
        if shown is None:
            return f"{value} (one of its variables has no value in this request, so it matches nothing)"
        return value if shown == value else f"{value}, which for this request is {shown}"

    def _covers(self, ref: StatementRef) -> str:
        """What a matching statement covers, in words: `s3:Get* (which includes s3:GetObject) on ...`."""
        st, policy = self._statement(ref), self._policy(ref)
        action = self.r.action
        if st is None:
            return f"{action} on {self._resource()}"
        if st.action is not None:
            hits = ActionMatcher(st.action.values).matching_values(action)
            hit = hits[0] if hits else action
            what = (action if hit.lower() == action.lower() else "every action (*)" if hit == "*"
                    else f"{hit} (which includes {action})")
        elif st.not_action is not None:
            what = f"every action except {_listed(st.not_action.values, 'or')} (so {action} too)"
        else:
            what = action
        where = ""
        if st.resource is not None:
            values = st.resource.values
            variables = policy is not None and policy.variables_enabled
            found = next((v for v in values if ResourceMatcher((v,), variables).match(self.resource, self.ctx)),
                         None)
            where = f" on {self._pattern(found, policy)}" if found is not None else \
                f" on {_listed([self._pattern(v, policy) for v in values], 'or')}"
        elif st.not_resource is not None:
            where = f" on every resource except {_listed(st.not_resource.values, 'or')}"
        condition = ""
        if st.conditions:
            keys = list(dict.fromkeys(c.key for c in st.conditions))
            condition = (f", and its condition on {keys[0]} holds for this request" if len(keys) == 1 else
                         f", and its conditions on {_listed(keys)} hold for this request")
        return what + where + condition

    # -- allowed ------------------------------------------------------------------------------------
    def _allowed(self) -> list[Sentence]:
        r, who = self.r, self.who
        p = self.caller
        if r.action.lower() in NO_PERMISSION_ACTIONS:
            return [self._final(f"{r.action} needs no permission: anyone AWS has recognised may ask who they are, "
                                "and not even a Deny can stop it. The answer is ALLOW.")]
        out = self._guardrails_passed((Stage.RCP, Stage.SCP))             # in the order the replay meets them
        if not r.deciding and p is not None and p.kind is PrincipalKind.ROOT:
            out.append(Sentence("The root user may do everything in its own account unless a policy denies it; it "
                                "needs no policy to allow it.", Outcome.ALLOW))
            out += [Sentence(_capital(f"{s.details['note']}."), Outcome.INFO, (s.id,))
                    for s in r.trace if "exemption" in s.details]
        out += self._allows(r.deciding)
        mine, theirs = self._accounts
        if mine and theirs and mine != theirs and self._gate(Stage.RESOURCE) and r.deciding and (
                p is None or p.kind is not PrincipalKind.ROOT):
            out.append(Sentence(f"The resource belongs to another account ({theirs}), so both sides had to allow "
                                f"it: the resource's own policy there, and {who}'s policies in account {mine}.",
                                Outcome.PASS))
        out += self._guardrails_passed((Stage.BOUNDARY, Stage.SESSION, Stage.VPC_ENDPOINT))
        denies = any(s.statement is not None and s.statement.effect == "Deny" for g in self._gate(Stage.EXPLICIT_DENY)
                     for s in self._children(g))
        set_aside = any("exemption" in s.details for s in r.trace)        # the bucket policy did not count
        nothing = "No Deny statement applies to it" if denies else \
            ("No other policy denies it" if set_aside else "No policy denies it")
        out.append(self._final(f"{nothing}, so the answer is ALLOW."))
        return out

    def _allows(self, refs: Sequence[StatementRef], lead: str = "") -> list[Sentence]:
        """One sentence per policy whose statements allow the request: what it lets the caller do."""
        by_policy: dict[str, list[StatementRef]] = {}
        for ref in refs:
            by_policy.setdefault(ref.policy, []).append(ref)
        out = [Sentence(f"{lead}{self.named(found[0]) if lead else _capital(self.named(found[0]))} allows it: it "
                        f"lets {self.who} do "
                        f"{self._covers(found[0])}.", Outcome.ALLOW, self._step_ids(found))
               for found in list(by_policy.values())[:MANY]]
        if len(by_policy) > MANY:
            out.append(Sentence(f"{len(by_policy) - MANY} more policies allow it too.", Outcome.ALLOW,
                                self._step_ids(refs)))
        return out

    def _guardrails_passed(self, stages: tuple[Stage, ...]) -> list[Sentence]:
        """The guardrails of these stages that let the request through."""
        out = []
        who = self.who
        for gate in self._gate(Stage.BOUNDARY) if Stage.BOUNDARY in stages else ():
            if gate.outcome is Outcome.PASS:
                names = [self.policy_name(a) for a in dict.fromkeys(r.policy for r in self._matched(Stage.BOUNDARY))]
                out.append(Sentence(f"The permissions boundary of {who}, {_listed(names)}, allows it too. A boundary "
                                    f"is the most {who}'s own policies can ever allow, and this request is inside it.",
                                    Outcome.PASS, (gate.id,)))
        for gate in self._gate(Stage.SESSION) if Stage.SESSION in stages else ():
            if gate.outcome is Outcome.PASS:
                given = self._session_names(self._matched(Stage.SESSION))
                many = " and " in given
                out.append(Sentence(f"The session polic{'ies' if many else 'y'}{given} (given when this role session "
                                    f"was started) allow{'' if many else 's'} it too: "
                                    "a session may do only what both the role's policies and its session policies "
                                    "allow.", Outcome.PASS, (gate.id,)))
        for stage, word, what in ((Stage.SCP, "service", "anyone in a member account may do"),
                                  (Stage.RCP, "resource", "that may be done with a member account's resources")):
            levels = self._gate(stage) if stage in stages else []
            if levels and all(g.outcome is Outcome.PASS for g in levels):
                targets = [self._target(g) for g in levels]
                out.append(Sentence(f"The organization's {word} control policies allow it at every level "
                                    f"({_listed(targets)}); they set the most {what}.", Outcome.PASS,
                                    tuple(g.id for g in levels)))
        for gate in self._gate(Stage.VPC_ENDPOINT) if Stage.VPC_ENDPOINT in stages else ():
            if gate.outcome is Outcome.PASS:
                out.append(Sentence("The VPC endpoint the request goes through lets it pass: its policy allows it.",
                                    Outcome.PASS, (gate.id,)))
        return out

    def _target(self, gate: Step) -> str:
        """The organization level (root, OU or account) an SCP/RCP gate step is about."""
        for child in self._children(gate):
            if child.statement is not None and child.statement.attached_to:
                return child.statement.attached_to
        for address in self.r.capped_by:
            addr = PolicyAddress.parse(address)
            if addr is not None and addr.owner_kind in ("scp", "rcp"):
                return self._level_target(addr)
        org = self.scenario.organization
        levels = (org.scps if gate.stage is Stage.SCP else org.rcps) if org else None
        for level in levels or ():
            if any(a in level.policies for a in self.r.capped_by):
                return level.target
        return "one level"

    # -- explicit deny ------------------------------------------------------------------------------
    def _explicit_deny(self) -> list[Sentence]:
        r = self.r
        out = []
        by_policy: dict[str, list[StatementRef]] = {}
        for ref in r.deciding:
            by_policy.setdefault(ref.policy, []).append(ref)
        for refs in list(by_policy.values())[:MANY]:
            first = refs[0]
            out.append(Sentence(f"{_capital(self.named(first))} has a Deny statement{self._sid(first)} that covers "
                                f"{self._covers(first)}.", Outcome.DENY, self._step_ids(refs)))
        found = next((s for s in self.steps if "overridden_allows" in s.details), None)
        steps = (found.id,) if found is not None else ()
        without = bool(found.details.get("allowed_without_deny")) if found is not None else False
        if r.overridden:
            names = self._names(r.overridden)
            if without:
                verb = "would allow" if len(names) == 1 else "would each allow"
                out.append(Sentence(f"Without that Deny, {_listed(names)} {verb} the request, but a Deny always "
                                    "beats an Allow.", Outcome.INFO, steps))
            else:
                verb = "allows" if len(names) == 1 else "each allow"
                out.append(Sentence(f"{_capital(_listed(names))} {verb} it, but even without the Deny it would be "
                                    "refused: not every policy that must allow it does.", Outcome.INFO, steps))
        elif without and self.caller is not None and self.caller.kind is PrincipalKind.ROOT:
            out.append(Sentence("Without that Deny, the root user would be allowed: in its own account it needs no "
                                "policy. A Deny stops the root user too.", Outcome.INFO, steps))
        elif without:
            out.append(Sentence("Without that Deny, the request would be allowed.", Outcome.INFO, steps))
        elif found is not None:
            out.append(Sentence("Nothing allows it either, so even without the Deny it would be refused.",
                                Outcome.INFO, steps))
        wins = "however many policies allow it" if r.overridden else "whatever any other policy says"
        out.append(self._final("So the answer is DENY. A Deny statement that applies to the request (an explicit "
                               f"deny) always wins, {wins}."))
        return out

    def _sid(self, ref: StatementRef) -> str:
        return f" (named {ref.sid})" if ref.sid else ""

    # -- implicit deny ------------------------------------------------------------------------------
    def _implicit_deny(self) -> list[Sentence]:
        r, who = self.r, self.who
        p = self.caller
        rule = next((s for s in self.steps if s.stage is Stage.AWS_RULE and s.outcome is Outcome.FAIL), None)
        if rule is not None:
            title = str(rule.details.get("title", "")).rstrip(".")
            return [Sentence(f"AWS itself refuses this, whatever any policy says. {title}.",
                             Outcome.FAIL, (rule.id,)),
                    self._final("So the answer is DENY: no policy can allow this request.")]
        if r.action.lower() in NO_PERMISSION_ACTIONS:
            return [self._final(f"{r.action} needs a signed request, and an anonymous caller has none, so the "
                                "answer is DENY.")]
        for stage in (Stage.RCP, Stage.SCP):
            stopped = next((g for g in self._gate(stage) if g.outcome is Outcome.FAIL), None)
            if stopped is not None:
                return self._level_stopped(stopped)
        caps = [g for stage in (Stage.BOUNDARY, Stage.SESSION, Stage.VPC_ENDPOINT) for g in self._gate(stage)
                if g.outcome is Outcome.FAIL]
        if r.capped_by and caps:
            return self._capped(caps)
        mine, theirs = self._accounts
        resource_gates = self._gate(Stage.RESOURCE)
        res = resource_gates[0] if resource_gates else None
        res_ok = res is not None and res.outcome is Outcome.PASS
        identity = self._gate(Stage.IDENTITY)
        kind = self._resource_kind(res)
        if p is not None and p.kind is PrincipalKind.ROOT and kind == "trust":
            return [self._final("The root user cannot take on (assume) a role: AWS refuses that with the root "
                                "user's credentials. The answer is DENY.")]
        if p is not None and p.kind in (PrincipalKind.ANONYMOUS, PrincipalKind.SERVICE):
            which = "none does" if res is not None else "there is none"
            return [Sentence(f"{self.subject} has no policies of its own, so only a policy on the resource itself "
                             f"could allow this, and {which}.", Outcome.FAIL, (res.id,) if res else ()),
                    self._deny_by_default()]
        own = self._allows(self._matched(Stage.IDENTITY), f"On {who}'s side, ")   # the resource's must allow too
        if mine and theirs and mine != theirs:
            if not res_ok:
                has = "it does not" if res is not None else "it has no such policy"
                return [Sentence(f"{self._resource()} belongs to another account ({theirs}). To use it from outside, "
                                 f"that account must allow {who} in the resource's own policy, and {has}.",
                                 Outcome.FAIL, (res.id,) if res else ()), *own, self._deny_by_default(partly=True)]
            names = self._names(self._matched(Stage.RESOURCE)) or ["the resource's policy"]
            return [Sentence(f"{_capital(_listed(names))} in account {theirs} allows {who}, but none of {who}'s own "
                             f"policies in account {mine} allows {r.action}: across accounts, both sides must allow.",
                             Outcome.FAIL, tuple(g.id for g in identity)), self._deny_by_default(partly=True)]
        if kind == "trust" and not res_ok:
            role = self._resource_owner(res)
            return [Sentence(f"The trust policy of the role {role} does not allow {who}. To take on a role, its "
                             "trust policy must allow the caller; a policy on the caller alone is not enough.",
                             Outcome.FAIL, (res.id,) if res else ()), *own, self._deny_by_default(partly=True)]
        if kind == "key" and not res_ok:
            key = self._resource_owner(res)
            if p is not None and p.kind is PrincipalKind.ROOT:
                text = (f"The key policy of {key} does not allow the account {mine}. A KMS key is used only as its "
                        "key policy says, so without that not even the root user can use it.")
            else:
                text = (f"The key policy of {key} does not allow {who}. A KMS key can be used only if its key "
                        "policy allows it, directly or by handing the decision to the account's IAM policies.")
            return [Sentence(text, Outcome.FAIL, (res.id,) if res else ()), *own, self._deny_by_default(partly=True)]
        if res_ok:
            names = self._names(self._matched(Stage.RESOURCE))
            return [Sentence(f"{_capital(_listed(names))} hands the decision to the account's own IAM policies, "
                             f"but none of {who}'s policies allows {r.action}.", Outcome.FAIL,
                             tuple(g.id for g in identity)), self._deny_by_default(partly=True)]
        return self._nothing_allows(identity, res)

    def _resource_kind(self, gate: Step | None) -> str | None:
        if gate is None:
            return None
        for child in self._children(gate):
            addr = child.statement.address if child.statement is not None else None
            if addr is not None and addr.place is Place.TRUST:
                return "trust"
            if addr is not None and addr.place is Place.RESOURCE:
                resource = self.scenario.resources.get(addr.owner_name or "")
                if resource is not None and resource_kind(resource.arn) is ResourceKind.KMS:
                    return "key"
        return "resource"

    def _resource_owner(self, gate: Step | None) -> str:
        for child in self._children(gate) if gate is not None else ():
            addr = child.statement.address if child.statement is not None else None
            if addr is not None and addr.owner_name:
                return addr.owner_name
        return self._resource()

    def _deny_by_default(self, partly: bool = False) -> Sentence:
        """The decision of an implicit deny; `partly`: something allowed, but not every side that must."""
        rule = ("AWS refuses a request unless every policy that must allow it does" if partly
                else "When no policy allows a request, AWS refuses it")
        return self._final(f"So the answer is DENY. {rule}: this is called an implicit deny, or "
                           "\u201cdenied by default\u201d.")

    def _nothing_allows(self, identity: list[Step], res: Step | None) -> list[Sentence]:
        """Within one account: neither the identity-based policies nor the resource's own policy (`res`, its
        gate when it has one) allows the request."""
        r, who = self.r, self.who
        ids = tuple(g.id for g in identity)
        out = [Sentence(f"No policy gives {who} permission to do {r.action} on {self._resource()}.", Outcome.FAIL,
                        ids + ((res.id,) if res is not None else ()))]
        checked = [s for g in identity for s in self._children(g)]
        near: list[Sentence] = []
        for step in checked:
            if step.outcome is not Outcome.NO_MATCH or step.statement is None:
                continue
            sentence = self._near_miss(step)
            if sentence is not None and sentence.text not in (n.text for n in near):
                near.append(sentence)
        out += near[:MANY]
        if not near:
            policies = self._short_names(s.statement for s in checked if s.statement is not None)
            if len(policies) == 1:
                out.append(Sentence(f"{self.subject} has one policy, {policies[0]}, and it does not cover "
                                    f"{r.action}.", Outcome.INFO, ids))
            elif policies:
                out.append(Sentence(f"{self.subject} has the policies {_listed(policies)}, and none of them covers "
                                    f"{r.action}.", Outcome.INFO, ids))
            elif identity:
                by_group = ", directly or through a group" if self.caller is not None and \
                    self.caller.kind is PrincipalKind.USER else ""
                out.append(Sentence(f"{self.subject} has no policies{by_group}.", Outcome.INFO, ids))
        if res is not None:
            out.append(self._resource_silent(res))
        for stage, what in ((Stage.BOUNDARY, "permissions boundary"), (Stage.SESSION, "session policy")):
            if any(g.outcome is Outcome.PASS for g in self._gate(stage)):
                out.append(Sentence(f"The {what} allows it, but a {what} only sets the most that may be done: it "
                                    "never gives a permission by itself.", Outcome.INFO,
                                    tuple(g.id for g in self._gate(stage))))
        out.append(self._deny_by_default())
        return out

    def _resource_silent(self, res: Step) -> Sentence:
        """The resource's own policy, checked too, allows nothing here: its closest statement, or that it does
        not cover the action."""
        refs = [(s, s.statement) for s in self._children(res) if s.statement is not None]
        for step, _ in refs:
            near = self._near_miss(step) if step.outcome is Outcome.NO_MATCH else None
            if near is not None:
                return near
        if not refs:            # only Deny statements (a guardrail): it allows nothing to anyone
            return Sentence("The resource's own policy does not allow it either: it has no Allow statement.",
                            Outcome.INFO, (res.id,))
        return Sentence(f"{_capital(self.policy_name(refs[0][1].policy))} does not allow it either: none of its "
                        f"Allow statements covers {self.r.action}.", Outcome.INFO, (res.id,))

    def _near_miss(self, step: Step) -> Sentence | None:
        """A statement whose Action covers the request but whose Resource or Condition does not."""
        ref = step.statement
        assert ref is not None
        elements = step.elements
        kinds = {e.element.split(" ", 1)[0]: e.matched for e in elements}
        if not (kinds.get("Action") or kinds.get("NotAction")):
            return None
        failed = next((e for e in elements if not e.matched), None)
        if failed is None:
            return None
        st, policy = self._statement(ref), self._policy(ref)
        name = _capital(self.named(ref))
        if failed.element == "Resource" and st is not None and st.resource is not None:
            patterns = _listed([self._pattern(v, policy) for v in st.resource.values], "or")
            text = f"{name} allows {self.r.action} only on {patterns}, not on {self._resource()}."
        elif failed.element == "NotResource":
            text = f"{name} allows {self.r.action} on every resource except this one."
        elif failed.element.startswith("Condition"):
            key = failed.element.rsplit(" ", 1)[-1]
            text = f"{name} allows {self.r.action} only when its condition on {key} holds, and here it does not."
        elif failed.element in ("Principal", "NotPrincipal"):
            text = f"{name} allows {self.r.action}, but its {failed.element} does not take in {self.who}."
        else:
            return None
        return Sentence(text, Outcome.NO_MATCH, (step.id,))

    def _level_stopped(self, gate: Step) -> list[Sentence]:
        word = "service" if gate.stage is Stage.SCP else "resource"
        scope = ("anyone in the organization's member accounts may do" if gate.stage is Stage.SCP
                 else "that may be done with the member accounts' resources")
        names = [f"the {word} control policy {a}" if "#" not in a else self.policy_name(a) for a in self.r.capped_by]
        target = self._target(gate)
        what = f"{_listed(names)} at {target}" if names else f"The {word} control policies at {target}"
        verb = "allows" if len(names) == 1 else "allow"
        return [Sentence(f"{_capital(what)} {verb} nothing that covers {self.r.action}. The organization's {word} "
                         f"control policies set the most {scope}, and every level, from the root down to the "
                         "account, must allow a request.", Outcome.FAIL, (gate.id,)),
                self._final(f"So the answer is DENY, whatever {self.who}'s own policies say.")]

    def _capped(self, caps: list[Step]) -> list[Sentence]:
        r, who = self.r, self.who
        out = self._allows(self._matched(Stage.RESOURCE) + self._matched(Stage.IDENTITY))
        for gate in caps:
            names = [self.policy_name(a) for a in r.capped_by if self._under(a, gate)] or \
                [self.policy_name(a) for a in r.capped_by]
            if gate.stage is Stage.BOUNDARY:
                out.append(Sentence(f"The permissions boundary of {who}, {_listed(names)}, does not allow "
                                    f"{r.action}. A boundary is the most {who}'s own policies can ever allow.",
                                    Outcome.FAIL, (gate.id,)))
            elif gate.stage is Stage.SESSION:
                given = self._session_names(r.capped_by)
                out.append(Sentence(f"The session policy{given} (given when this role session was started) does not "
                                    "allow "
                                    f"{r.action}. A session may do only what both the role's policies and its "
                                    "session policies allow.", Outcome.FAIL, (gate.id,)))
            else:
                named = [n.removeprefix("the policy ") for n in names if "#" not in n]
                which = f", {_listed(named)}," if named else ""
                out.append(Sentence(f"The request goes through a VPC endpoint whose policy{which} does not allow "
                                    f"{r.action}, so the endpoint refuses it.", Outcome.FAIL, (gate.id,)))
        allowers = self._names(self._matched(Stage.IDENTITY) + self._matched(Stage.RESOURCE))
        even = f"even though {_listed(allowers)} {'allows' if len(allowers) == 1 else 'allow'} it, " if allowers else ""
        limits = [{Stage.BOUNDARY: "the permissions boundary", Stage.SESSION: "the session policy"}.get(
            g.stage, "the VPC endpoint policy") for g in caps]
        verb = "allows" if len(limits) == 1 else "allow"
        out.append(self._final(f"So {even}the answer is DENY: an allow counts only when {_listed(limits)} {verb} "
                               "the request too."))
        return out

    def _short_names(self, refs: Iterable[StatementRef]) -> list[str]:
        """Policies by name, each with where it is attached: `EC2Read (from the group Developers)`."""
        out = []
        for ref in refs:
            addr = PolicyAddress.parse(ref.policy)
            if addr is not None and addr.is_managed:
                name = ref.policy.rsplit("/", 1)[-1]
                place = ref.attached_to or ""
                if place.startswith("group/"):
                    name += f" (from {_owner(place)})"
                out.append(name)
            else:
                out.append(self.policy_name(ref.policy))
        return list(dict.fromkeys(out))

    @staticmethod
    def _session_names(found: Iterable[StatementRef | str]) -> str:
        """Named session policies, as ` X` (documents written in the request have no name: empty)."""
        names = [a for a in dict.fromkeys(f if isinstance(f, str) else f.policy for f in found) if "#" not in a]
        return f" {_listed(names)}" if names else ""

    def _under(self, address: str, gate: Step) -> bool:
        return any(s.statement is not None and s.statement.policy == address for s in self._children(gate))

