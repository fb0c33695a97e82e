import uuid

from op_platform.services.identifiers import (
    EWBI_ID,
    camara_to_ewbi,
    ewbi_app_id,
    ewbi_provider_id,
    ewbi_to_camara,
    package_key,
)


def test_package_key_is_stable_and_case_insensitive_on_checksum() -> None:
    a = package_key("App", "1.0", "ACME", "ABCD", "26201")
    assert a == package_key("App", "1.0", "ACME", "abcd", "26201")
    assert a != package_key("App", "1.0", "ACME", "abcd", "21401")
    assert len(a) == 64


def test_ewbi_ids_fit_the_pattern() -> None:
    assert EWBI_ID.match(ewbi_app_id("Demo App", "1.0.0", "ACME Corp."))
    assert ewbi_app_id("A", "1", "P") == ewbi_app_id("A", "1", "P")
    assert ewbi_provider_id("provider_one") == "provider_one"
    for odd in ("ACME Corp.", "x", "9lives", "ümlaut-provider"):
        assert EWBI_ID.match(ewbi_provider_id(odd)), odd


def test_camara_and_ewbi_ids_round_trip() -> None:
    camara = uuid.uuid4()
    ewbi = camara_to_ewbi(camara)
    assert EWBI_ID.match(ewbi)
    assert ewbi_to_camara(ewbi) == camara
    other = ewbi_to_camara("app_not_from_camara")
    assert other == ewbi_to_camara("app_not_from_camara")
