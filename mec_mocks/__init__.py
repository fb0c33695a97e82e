"""Small but faithful mocks of the operator-side systems around an Operator Platform.

- :mod:`mec_mocks.meo`: MEC orchestrator, ETSI GS MEC 010-2 application package management (Mm1)
  plus the ``op_target_systems`` onboarding variant and its forwarding rule.
- :mod:`mec_mocks.mepm`: MEC platform manager stand-in, a validating notification sink.
- :mod:`mec_mocks.oss`: OSS command-line client that builds, serves and onboards packages.
"""

__all__: list[str] = []
