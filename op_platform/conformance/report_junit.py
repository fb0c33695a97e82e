"""Report files for machines: JUnit XML (one testcase per result) and JSON (everything).

JUnit: one ``testsuite`` per area, a ``failure`` per failed result whose message lists its
findings (rule and JSON path first), a ``skipped`` with the reason. JSON: the whole report,
every result with its findings and exchanges (secrets were redacted when they were recorded).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from op_platform.conformance.findings import Report, Result


def _case(suite: ET.Element, result: Result) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=result.name,
        classname=f"ewbi.{result.area}",
        time=f"{result.duration:.3f}",
    )
    if result.status == "fail":
        first = result.findings[0].message if result.findings else "failed"
        failure = ET.SubElement(case, "failure", message=first, type=result.findings[0].rule
                                if result.findings else "failure")  # fmt: skip
        failure.text = "\n".join(f.message for f in result.findings)
    elif result.status == "skip":
        ET.SubElement(case, "skipped", message=result.reason)
    if result.notes:
        ET.SubElement(case, "system-out").text = "\n".join(result.notes)


def junit(report: Report) -> str:
    root = ET.Element("testsuites", name=f"EWBI conformance ({report.mode}, {report.profile})")
    areas: dict[str, list[Result]] = {}
    for result in report.results:
        areas.setdefault(result.area, []).append(result)
    for area, results in areas.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=area,
            tests=str(len(results)),
            failures=str(sum(r.status == "fail" for r in results)),
            skipped=str(sum(r.status == "skip" for r in results)),
            errors="0",
            time=f"{sum(r.duration for r in results):.3f}",
        )
        for result in results:
            _case(suite, result)
    counts = report.counts()
    root.set("tests", str(len(report.results)))
    root.set("failures", str(counts["fail"]))
    root.set("skipped", str(counts["skip"]))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def as_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, default=str)
