from op_platform.services.flow.trace import joined_hops, mermaid, table


def hop(step: int, source: str, target: str, action: str, at: str, status: int | None = None):
    return {
        "step": step,
        "from": source,
        "to": target,
        "action": action,
        "statusCode": status,
        "durationMs": 1.5,
        "startedAt": at,
        "finishedAt": at,
        "detail": None,
    }


OPS = [
    {
        "operationId": "b",
        "hops": [
            hop(5, "op-2", "meo-op-2", "onboard request", "2026-01-01T00:00:02Z", 201),
            hop(4, "op-1", "op-2", "onboard request (EWBI variant)", "2026-01-01T00:00:01Z"),
        ],
    },
    {
        "operationId": "a",
        "hops": [
            hop(3, "meo-op-1", "op-1", "onboard request", "2026-01-01T00:00:00Z"),
            hop(8, "op-1", "meo-op-1", "notify ONBOARDED", "2026-01-01T00:00:05Z"),
            hop(3, "meo-op-1", "op-1", "onboard request", "2026-01-01T00:00:00Z"),
        ],
    },
]


def test_joined_hops_are_ordered_and_deduplicated() -> None:
    hops = joined_hops(OPS)
    assert [h["step"] for h in hops] == [3, 4, 5, 8]
    assert [h["operationId"] for h in hops] == ["a", "b", "b", "a"]


def test_table_has_a_row_per_hop() -> None:
    text = table(joined_hops(OPS))
    lines = text.splitlines()
    assert lines[0].split()[:4] == ["step", "from", "to", "action"]
    assert len(lines) == 2 + 4
    assert "201" in lines[4]


def test_mermaid_sequence_diagram() -> None:
    text = mermaid(joined_hops(OPS))
    assert text.startswith("sequenceDiagram\n")
    assert "participant meo_op_1 as meo-op-1" in text
    assert "op_2->>meo_op_2: step 5: onboard request (201)" in text
    assert "op_1-->>meo_op_1: step 8: notify ONBOARDED" in text
