"""The readable summary a run prints: counts, then each failure with its findings, then skips."""

from __future__ import annotations

from op_platform.conformance.findings import Report

MARK = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}


def summary(report: Report, *, verbose: bool = False) -> str:
    counts = report.counts()
    lines = [
        f"EWBI conformance ({report.mode}, profile {report.profile}) of {report.target}",
        f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped",
        "",
    ]
    for result in report.results:
        if result.status == "pass" and not verbose:
            continue
        head = f"{MARK[result.status]} {result.area:<12} {result.name}"
        if result.reason:
            head += f": {result.reason}"
        lines.append(head)
        lines.extend(f"     {finding.message}" for finding in result.findings)
    if report.failed:
        lines += ["", "exit code 1: at least one check failed"]
    return "\n".join(lines)
