"""The report writers: JUnit is well-formed XML with the right counts; the HTML page is
self-contained (no external src/href) and starts with the summary table; secrets are redacted."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from op_platform.conformance import reports
from op_platform.conformance.findings import Exchange, Finding, Report, Result
from op_platform.conformance.report_text import summary


def sample() -> Report:
    report = Report("run", "http://127.0.0.1:9", "strict", "2030-01-01T00:00:00+00:00")
    ok = Result("CreateFederation", "federation", "CreateFederation")
    ok.exchanges.append(
        Exchange(
            "kit",
            "partner",
            "POST",
            "http://127.0.0.1:9/x",
            "CreateFederation",
            0.1,
            0.02,
            {"Authorization": "Bearer <redacted>"},
            {"a": 1},
            200,
        )
    )
    bad = Result("GetFederationDetails", "federation", "GetFederationDetails")
    bad.fail(Finding("pattern", "$.lcmServiceEndPoint.ipv6Addresses[0]", "^...$", "2001:db8::zz"))
    bad.exchanges.append(
        Exchange("partner", "receiver", "POST", "/cb", "onPartnerStatusEvent", 1.5)
    )
    skipped = Result("InstallApp", "instances", "InstallApp")
    skipped.skip("the partner offers no zones")
    report.results = [ok, bad, skipped]
    return report


def test_junit_is_well_formed_with_the_right_counts(tmp_path: Path) -> None:
    reports.write(sample(), junit_path=tmp_path / "r.xml")
    root = ET.parse(tmp_path / "r.xml").getroot()
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("3", "1", "1")
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [
        "CreateFederation",
        "GetFederationDetails",
        "InstallApp",
    ]
    failure = root.find(".//testcase[@name='GetFederationDetails']/failure")
    assert failure is not None and failure.get("type") == "pattern"
    assert "$.lcmServiceEndPoint.ipv6Addresses[0]: pattern" in (failure.get("message") or "")
    assert root.find(".//testcase[@name='InstallApp']/skipped") is not None
    federation = root.find("testsuite[@name='federation']")
    assert federation is not None and federation.get("failures") == "1"


def test_html_is_self_contained_with_the_summary_first(tmp_path: Path) -> None:
    reports.write(sample(), html_path=tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "<link" not in page and "<script" not in page
    assert page.index('id="summary"') < page.index("<svg")
    assert "2001:db8::zz" in page and "t=1.50s POST onPartnerStatusEvent" in page
    assert page.count("<tr>") >= 4  # header and three results


def test_json_and_text_say_the_same(tmp_path: Path) -> None:
    reports.write(sample(), json_path=tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["counts"] == {"pass": 1, "fail": 1, "skip": 1}
    assert data["results"][1]["findings"][0]["rule"] == "pattern"
    text = summary(sample())
    assert "1 passed, 1 failed, 1 skipped" in text
    assert "FAIL federation   GetFederationDetails" in text
    assert "SKIP instances    InstallApp: the partner offers no zones" in text
