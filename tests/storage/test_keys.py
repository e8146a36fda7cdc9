from __future__ import annotations

import os
from pathlib import Path

import pytest

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.storage.companies import CompanyRegistry
from cymadesk.storage.errors import PassphraseRequired, StorageError
from cymadesk.storage.keys import (
    KeyCustody,
    generate_key,
    key_check,
    parse_key_text,
    read_key_file,
    unwrap_key,
    wrap_key,
    write_key_file,
)
from cymadesk.storage.secrets import MemorySecretStore, database_key_name

RUT = Rut.parse("96790240-3")


def test_key_file_round_trip_and_mode(tmp_path: Path) -> None:
    key = generate_key()
    path = tmp_path / "clave.key"
    write_key_file(path, key)

    assert read_key_file(path) == key
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(FileExistsError):
        write_key_file(path, generate_key())


def test_key_text_ignores_surrounding_whitespace() -> None:
    key = bytes(range(32))
    assert parse_key_text(f"  {key.hex()}\n\n") == key


@pytest.mark.parametrize("text", ["abc", "zz" * 32, "00" * 31])
def test_bad_key_text(text: str) -> None:
    with pytest.raises(StorageError) as caught:
        parse_key_text(text)
    assert caught.value.message.code == "clave.archivo_invalido"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "clave.key"
    path.write_text(generate_key().hex())
    path.chmod(0o644)

    with pytest.raises(StorageError) as caught:
        read_key_file(path)
    assert caught.value.message.code == "clave.archivo_permisos"


def test_recovery_wrap_and_unwrap() -> None:
    key = generate_key()
    document = wrap_key(key, "una frase larga")

    assert unwrap_key(document, "una frase larga") == key
    assert document["key_check"] == key_check(key)
    assert key.hex() not in str(document)
    with pytest.raises(StorageError) as caught:
        unwrap_key(document, "otra frase larga")
    assert caught.value.message.code == "clave.frase_incorrecta"


def test_custody_keeps_key_in_secret_store(tmp_path: Path) -> None:
    store = MemorySecretStore()
    custody = KeyCustody(DataLayout(tmp_path), store, passphrase=lambda purpose: "frase segura 1")

    key = custody.new_key(RUT)
    custody.write_recovery(RUT, key)

    assert store.get(database_key_name(RUT.canonical)) == key.hex()
    assert custody.existing_key(RUT) == key


def test_lost_keyring_entry_is_recovered_with_passphrase(tmp_path: Path) -> None:
    store = MemorySecretStore()
    custody = KeyCustody(DataLayout(tmp_path), store, passphrase=lambda purpose: "frase segura 1")
    key = custody.new_key(RUT)
    custody.write_recovery(RUT, key)
    store.delete(database_key_name(RUT.canonical))

    assert custody.existing_key(RUT) == key
    assert store.get(database_key_name(RUT.canonical)) == key.hex()


def test_lost_key_without_passphrase_needs_it(tmp_path: Path) -> None:
    store = MemorySecretStore()
    writer = KeyCustody(DataLayout(tmp_path), store, passphrase=lambda purpose: "frase segura 1")
    key = writer.new_key(RUT)
    writer.write_recovery(RUT, key)
    store.delete(database_key_name(RUT.canonical))
    reader = KeyCustody(DataLayout(tmp_path), store)

    with pytest.raises(PassphraseRequired) as caught:
        reader.existing_key(RUT)
    assert caught.value.message.code == "clave.falta_frase"


def test_key_file_wins_and_keyring_untouched(tmp_path: Path) -> None:
    store = MemorySecretStore()
    key_file = tmp_path / "clave.key"
    custody = KeyCustody(DataLayout(tmp_path), store, key_file)

    key = custody.new_key(RUT)

    assert read_key_file(key_file) == key
    assert store.get(database_key_name(RUT.canonical)) is None
    assert custody.new_key(Rut.parse("76354771-K")) == key


def test_short_passphrase_rejected(tmp_path: Path) -> None:
    custody = KeyCustody(
        DataLayout(tmp_path), MemorySecretStore(), passphrase=lambda purpose: "corta"
    )
    with pytest.raises(StorageError) as caught:
        custody.write_recovery(RUT, generate_key())
    assert caught.value.message.code == "clave.frase_corta"


def test_lost_key_file_recovered_with_passphrase(tmp_path: Path) -> None:
    key_file = tmp_path / "clave.key"
    custody = KeyCustody(
        DataLayout(tmp_path), None, key_file, passphrase=lambda purpose: "frase segura 1"
    )
    key = custody.new_key(RUT)
    custody.write_recovery(RUT, key)
    key_file.unlink()

    assert custody.existing_key(RUT) == key
    assert read_key_file(key_file) == key


def test_lost_key_file_without_passphrase(tmp_path: Path) -> None:
    key_file = tmp_path / "clave.key"
    writer = KeyCustody(
        DataLayout(tmp_path), None, key_file, passphrase=lambda purpose: "frase segura 1"
    )
    writer.write_recovery(RUT, writer.new_key(RUT))
    key_file.unlink()

    with pytest.raises(PassphraseRequired) as caught:
        KeyCustody(DataLayout(tmp_path), None, key_file).existing_key(RUT)
    assert caught.value.message.code == "clave.archivo_perdido"
    assert not key_file.exists()


def test_failed_creation_removes_new_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "clave.key"
    custody = KeyCustody(DataLayout(tmp_path), None, key_file)
    custody.new_key(RUT)

    custody.forget(RUT)

    assert not key_file.exists()


def test_failed_creation_keeps_existing_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "clave.key"
    write_key_file(key_file, generate_key())
    custody = KeyCustody(DataLayout(tmp_path), None, key_file)
    custody.new_key(RUT)

    custody.forget(RUT)

    assert key_file.exists()


def test_wrong_keyring_key_gets_recovery_hint(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path)
    layout.ensure(layout.root, layout.companies)
    store = MemorySecretStore()
    custody = KeyCustody(layout, store, passphrase=lambda purpose: "frase segura 1")
    registry = CompanyRegistry(layout.companies, custody)
    registry.create(RUT, "Empresa", Ambiente.SANDBOX).close()
    database = layout.company_database(RUT)
    before = database.read_bytes()
    store.set(database_key_name(RUT.canonical), generate_key().hex())

    with pytest.raises(StorageError) as caught:
        registry.open(RUT)

    assert caught.value.message.code == "almacen.llavero_clave_ajena"
    assert database.read_bytes() == before
