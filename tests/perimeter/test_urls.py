"""check_url: the rules judged from the URL alone, at acceptance time."""

from __future__ import annotations

from ipaddress import ip_address

import pytest
from pydantic import ValidationError

from perimeter import Policy, UrlRefused, check_url
from perimeter.addresses import carried_ipv4, forbidden_range

HTTP = Policy(schemes=frozenset({"http", "https"}))


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/hostname", "file URLs are not allowed"),
        ("ftp://example.com/x", "scheme must be http or https"),
        ("gopher://example.com/", "scheme must be"),
        ("http:///nohost", "no host"),
        ("http://user:pw@example.com/", "user information"),
        ("http://example.com:0/", "port is out of range"),
        ("http://127.0.0.1:8080/admin", "loopback"),
        ("http://127.1.2.3/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://localhost:9000/", "loopback"),
        ("http://api.localhost/", "loopback"),
        ("http://2130706433/", "loopback"),
        ("http://0x7f.1/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://[fd00:ec2::254]/", "cloud metadata"),
        ("http://100.100.100.200/", "cloud metadata"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
        ("http://169.254.1.1/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://10.1.2.3/", "private"),
        ("http://172.20.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://[fd12:3456::1]/", "private"),
        ("http://100.64.0.1/", "CGNAT"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://[::]/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://255.255.255.255/", "broadcast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://192.0.2.10/", "reserved"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:169.254.169.254]/", "cloud metadata"),
        ("http://[2002:7f00:1::]/", "loopback"),
        ("http://[64:ff9b::a00:1]/", "private"),
        ("http://[::127.0.0.1]/", "loopback"),
        ("not a url at all", "scheme must be"),
        ("http://" + "a" * 5000 + ".example/", "longer than"),
    ],
)
def test_refused(url: str, words: str) -> None:
    with pytest.raises(UrlRefused) as caught:
        check_url(url, HTTP, field="callbackUri")
    assert words in caught.value.reason
    assert caught.value.field == "callbackUri"
    assert str(caught.value).startswith("callbackUri: ")


def test_https_only_by_default() -> None:
    with pytest.raises(UrlRefused, match="scheme must be https, not 'http'"):
        check_url("http://example.com/x", Policy())
    parsed = check_url("https://Example.COM./pkg.zip", Policy())
    assert (parsed.scheme, parsed.host, parsed.port, parsed.address) == (
        "https",
        "example.com",
        443,
        None,
    )


def test_public_addresses_pass() -> None:
    for url in ("http://93.184.216.34/x", "http://[2606:4700::1111]:8080/", "https://edge.op.net"):
        assert check_url(url, HTTP).url.startswith(url.split("/x")[0])
    assert check_url("http://[2606:4700::1111]:8080/", HTTP).port == 8080


def test_allow_listed_networks() -> None:
    lab = Policy.loopback()
    assert str(check_url("http://127.0.0.1:9/admin", lab).address) == "127.0.0.1"
    assert check_url("http://localhost:9/", lab).host == "localhost"
    assert check_url("http://[::1]:9/", lab).port == 9
    with pytest.raises(UrlRefused, match="private"):
        check_url("http://10.0.0.1/", lab)
    corp = Policy.model_validate({"schemes": ["https"], "allowed_networks": ["10.20.0.0/16"]})
    assert check_url("https://10.20.3.4/", corp).host == "10.20.3.4"
    with pytest.raises(UrlRefused):
        check_url("https://10.21.0.1/", corp)


def test_metadata_stays_refused_inside_an_allowed_network() -> None:
    wide = Policy.model_validate({"allowed_networks": ["169.254.0.0/16", "100.64.0.0/10"]})
    assert check_url("https://169.254.1.1/", wide).host == "169.254.1.1"
    for url in ("https://169.254.169.254/", "https://100.100.100.200/"):
        with pytest.raises(UrlRefused, match="metadata"):
            check_url(url, wide)
    exact = Policy.model_validate({"allowed_networks": ["169.254.169.254/32"]})
    assert check_url("https://169.254.169.254/", exact).port == 443


def test_allowed_host_names() -> None:
    policy = Policy.model_validate({"allowed_hosts": ["files.lab", ".op.internal"]})
    assert check_url("https://FILES.lab/x", policy).host == "files.lab"
    assert check_url("https://a.b.op.internal/x", policy).host == "a.b.op.internal"
    assert check_url("https://op.internal/x", policy).host == "op.internal"
    with pytest.raises(UrlRefused, match="metadata"):
        check_url("https://metadata.google.internal/", policy)


def test_policy_settings_are_validated() -> None:
    for bad in ({"schemes": ["file"]}, {"schemes": []}, {"allowed_networks": ["10.0.0.0/33"]}):
        with pytest.raises(ValidationError):
            Policy.model_validate(bad)
    with pytest.raises(ValidationError):
        Policy.model_validate({"allow_file": True})
    policy = Policy.model_validate({"schemes": ["HTTP"], "allowed_networks": ["::1/128"]})
    assert policy.schemes == {"http"}
    with pytest.raises(ValidationError):
        policy.schemes = frozenset({"https"})  # type: ignore[misc]


def test_refusal_names_the_rule_not_the_target() -> None:
    with pytest.raises(UrlRefused) as caught:
        check_url("http://[::ffff:7f00:1]:8443/admin?token=s3cret", HTTP, field="appPkgPath")
    message = str(caught.value)
    assert "8443" not in message and "s3cret" not in message and "admin" not in message


def test_carried_ipv4_forms() -> None:
    assert str(carried_ipv4(ip_address("::ffff:10.0.0.1"))) == "10.0.0.1"
    assert str(carried_ipv4(ip_address("2002:a00:1::1"))) == "10.0.0.1"
    assert str(carried_ipv4(ip_address("64:ff9b::808:808"))) == "8.8.8.8"
    assert carried_ipv4(ip_address("2606:4700::1")) is None
    assert carried_ipv4(ip_address("8.8.8.8")) is None
    assert forbidden_range(ip_address("64:ff9b::808:808")) is None
    assert forbidden_range(ip_address("fe80::1%eth0")) == "link-local"
