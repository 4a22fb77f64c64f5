"""SigV4 signing and verification.

AWS's documented process: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
Elements of the signature: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
"""
import hashlib
import hmac
from datetime import datetime, timezone

from botocore.awsrequest import AWSRequest

from iam_studio.core.engine import sigv4

WHEN = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _independent_signature(secret: str, date: str, region: str, service: str, string_to_sign: str) -> str:
    """AWS's documented signing-key derivation, written out with hmac/hashlib only."""
    k_date = _hmac(("AWS4" + secret).encode(), date)
    k_region = _hmac(k_date, region)
    k_service = _hmac(k_region, service)
    k_signing = _hmac(k_service, "aws4_request")
    return hmac.new(k_signing, string_to_sign.encode(), hashlib.sha256).hexdigest()


def test_signature_matches_awss_documented_example():
    # The IAM ListUsers example of AWS's SigV4 documentation (General Reference, "Calculate the signature",
    # https://docs.aws.amazon.com/general/latest/gr/sigv4-calculate-signature.html): string-to-sign hash
    # f536975d... and signature 5d672d79...
    request = AWSRequest(method="GET", url="https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    signed = sigv4.sign(request, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                        datetime(2015, 8, 30, 12, 36, tzinfo=timezone.utc), "iam")
    assert signed.credential_scope == "20150830/us-east-1/iam/aws4_request"
    assert signed.string_to_sign.splitlines()[-1] == \
        "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
    assert signed.signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    assert signed.authorization == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")


def test_s3_signature_equals_independent_computation():
    request = sigv4.build_request("s3:GetObject", "arn:aws:s3:::employee-photos/alice.jpg")
    signed = sigv4.sign(request, KEY_ID, SECRET, WHEN, "s3")
    empty_hash = hashlib.sha256(b"").hexdigest()
    canonical = "\n".join([
        "GET", "/alice.jpg", "",
        "host:employee-photos.s3.amazonaws.com",
        f"x-amz-content-sha256:{empty_hash}",
        "x-amz-date:20261128T090000Z", "",
        "host;x-amz-content-sha256;x-amz-date", empty_hash])
    assert signed.canonical_request == canonical
    string_to_sign = "\n".join(["AWS4-HMAC-SHA256", "20261128T090000Z", "20261128/us-east-1/s3/aws4_request",
                                hashlib.sha256(canonical.encode()).hexdigest()])
    assert signed.string_to_sign == string_to_sign
    assert signed.signature == _independent_signature(SECRET, "20261128", "us-east-1", "s3", string_to_sign)
    assert request.headers["X-Amz-Date"] == "20261128T090000Z"


def test_query_api_request_has_form_body_with_action_and_version():
    request = sigv4.build_request("iam:ListUsers", "*")
    assert (request.method, request.url) == ("POST", "https://iam.amazonaws.com/")
    assert request.data == b"Action=ListUsers&Version=2010-05-08"
    request = sigv4.build_request("sts:GetCallerIdentity", "*")
    assert request.url == "https://sts.us-east-1.amazonaws.com/"
    assert request.data == b"Action=GetCallerIdentity&Version=2011-06-15"


def test_s3_methods_follow_the_action():
    assert sigv4.build_request("s3:PutObject", "arn:aws:s3:::b/k").method == "PUT"
    assert sigv4.build_request("s3:DeleteObject", "arn:aws:s3:::b/k").method == "DELETE"
    bucket = sigv4.build_request("s3:ListBucket", "arn:aws:s3:::b")
    assert (bucket.method, bucket.url) == ("GET", "https://b.s3.amazonaws.com/")


def test_unknown_service_still_signs_and_verifies():
    request = sigv4.build_request("nosuchservice:DoThing", "*")
    assert request.data == b"Action=DoThing"
    sigv4.sign(request, KEY_ID, SECRET, WHEN, sigv4.signing_name("nosuchservice:DoThing"))
    assert sigv4.verify(request, SECRET).ok


def test_verify_accepts_the_right_secret_and_rejects_another():
    request = sigv4.build_request("iam:ListUsers", "*")
    signed = sigv4.sign(request, KEY_ID, SECRET, WHEN, "iam")
    good = sigv4.verify(request, SECRET)
    assert good.ok and good.expected_signature == signed.signature == good.provided_signature
    assert good.key_id == KEY_ID and good.credential_scope == "20261128/us-east-1/iam/aws4_request"
    bad = sigv4.verify(request, "another-secret")
    assert not bad.ok and bad.provided_signature == signed.signature != bad.expected_signature


def test_tampering_after_signing_breaks_the_signature():
    request = sigv4.build_request("s3:GetObject", "arn:aws:s3:::employee-photos/alice.jpg")
    sigv4.sign(request, KEY_ID, SECRET, WHEN, "s3")
    what = sigv4.tamper(request)
    assert "tampered=true" in what and request.url.endswith("?tampered=true")
    check = sigv4.verify(request, SECRET)
    assert not check.ok
    assert "tampered=true" in check.canonical_request.splitlines()[2]


def test_verify_rejects_missing_or_malformed_authorization():
    request = sigv4.build_request("iam:ListUsers", "*")
    assert not sigv4.verify(request, SECRET).ok
    request.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=x"
    assert "missing or is not" in sigv4.verify(request, SECRET).reason


def test_verify_rejects_scope_date_that_differs_from_x_amz_date():
    request = sigv4.build_request("iam:ListUsers", "*")
    sigv4.sign(request, KEY_ID, SECRET, WHEN, "iam")
    request.headers.replace_header("X-Amz-Date", "20261129T090000Z")
    check = sigv4.verify(request, SECRET)
    assert not check.ok and "does not match X-Amz-Date" in check.reason


def test_signing_key_derivation_never_shows_the_secret():
    lines = sigv4.signing_key_derivation("20261128", "us-east-1", "s3")
    assert any('"20261128"' in line for line in lines) and any('"s3"' in line for line in lines)
    assert SECRET not in "\n".join(lines)


def test_s3_without_bucket_addresses_the_service_endpoint():
    request = sigv4.build_request("s3:ListAllMyBuckets", "*")
    assert (request.method, request.url) == ("GET", "https://s3.amazonaws.com/")


def test_odd_actions_and_resources_still_sign_and_verify():
    for action, resource in [("", ""), ("#t:x", "()"), ("s3:GetObject", "arn:aws:s3:::a b/ü?x#y"),
                             ("dynamodb:Get\nItem", "*"), ("s3:", "arn:aws:s3:::")]:
        request = sigv4.build_request(action, resource)
        sigv4.sign(request, KEY_ID, SECRET, WHEN, sigv4.signing_name(action))
        assert sigv4.verify(request, SECRET).ok, (action, resource)
