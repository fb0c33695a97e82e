"""An EWBI conformance kit: check any partner OP against ``openapi/ewbi.yaml``.

``run`` plays the originating OP against a partner (every operation of the contract, the five
callbacks, tokens, isolation, idempotency); ``serve`` plays a strict partner OP for an OP under
test. Both check every exchange with :mod:`.validate` and write the same reports
(:mod:`.report_junit`, :mod:`.report_json`, :mod:`.report_html`). The command line is
``op_platform/cli_conformance.py``; docs/conformance.md describes what is checked.
"""
