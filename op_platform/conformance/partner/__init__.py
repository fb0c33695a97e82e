"""``conformance serve``: a strict, stateful partner OP for an OP under test.

It serves ``/oauth2/token`` and every EWBI operation of ``openapi/ewbi.yaml`` from memory
(federation contexts bound to the client, offered zones, files, artefacts, applications,
instances, pools), sends the callbacks to the links the OP under test gave, with the
credentials it gave, and checks every request it receives and every answer it gets back
against the contract. ``GET /report`` (JSON) and ``GET /report.html`` show what it found.
"""
