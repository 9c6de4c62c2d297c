"""The actor registry file: every way it can be malformed is one line naming the file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ustojapan_cli.actors import Registry, in_office, load_registry, name_tokens, read_actor_file
from ustojapan_cli.errors import UsjpError
from ustojapan_cli.models import Actor, Role

GOOD = '''[[actor]]
id = "doe-jane"
name = "Jane Doe"
country = "US"
'''


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "extra.toml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def error(path: Path) -> str:
    with pytest.raises(UsjpError) as caught:
        read_actor_file(path)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_a_good_file_extends_the_registry(tmp_path: Path) -> None:
    registry = load_registry([write(tmp_path, GOOD)])
    assert [a.id for a in registry.by_name("jane doe")] == ["doe-jane"]


def test_a_toml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + '\n[[actor]]\nid = "x"\nname = "Unterminated\n')
    # line 8 is `name = "Unterminated`: the string runs into the end of the line, column 21
    assert error(path) == f"{path}:8: not valid TOML: Illegal character '\\n' (column 21)"


def test_a_wrong_field_names_the_actor_and_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + '\n[[actor]]\nid = "y"\nname = "Someone"\nlevel = "galactic"\n')
    message = error(path)
    assert message.startswith(f"{path}:6: actor #2 (Someone): level: Input should be ")


def test_a_registry_not_in_utf8_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("Jane", "Jos\xe9").encode("latin-1"))
    assert error(path).startswith(f"{path}:3: byte 0xe9 (column 12, ")  # name = "Jos|é


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty; give a file that holds an actor registry"),
    (b"\x00\x01", "is a binary file, not text; give an actor registry as plain text"),
])
def test_an_empty_or_binary_registry(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path, content)
    assert error(path) == f"{path} {message}"


def test_a_missing_registry(tmp_path: Path) -> None:
    assert error(tmp_path / "none.toml") == f"{tmp_path / 'none.toml'}: no such file; check the path"


@pytest.mark.parametrize(("name", "tokens"), [
    ("Antony Blinken", ["Antony", "Blinken"]),
    ("Martin Luther King Jr.", ["Martin", "King"]),
    ("Sr", ["Sr"]),  # regression: a name of only a suffix gave no token, and the resolver crashed
    ("", []),
])
def test_name_tokens(name: str, tokens: list[str]) -> None:
    assert name_tokens(name) == tokens


def test_by_token_prefers_those_in_office_that_day() -> None:
    old = Actor(id="a", name="Sato Old", roles=(Role(title="Minister", to=dt.date(2000, 1, 1)),))
    new = Actor(id="b", name="Sato New", roles=(Role(title="Minister", **{"from": dt.date(2001, 1, 1)}),))
    registry = Registry()
    for actor in (old, new):
        registry.add(actor)
    assert [a.id for a in registry.by_token("Sato")] == ["a", "b"]
    assert [a.id for a in registry.by_token("Sato", on=dt.date(2005, 1, 1))] == ["b"]
    assert [a.id for a in in_office([old, new], dt.date(2000, 6, 1))] == ["a", "b"]  # nobody: all
    assert in_office([old], dt.date(2005, 1, 1)) == [old]  # one is kept, in office or not


def test_what_a_resolver_looks_up_is_kept_with_the_registry_until_it_changes() -> None:
    import pickle

    from ustojapan_cli.lexicon import lexicon
    from ustojapan_cli.resolve import Resolver

    registry = load_registry()
    assert Resolver(registry, lexicon()).listed("Zorblat").exact == []
    assert "resolve.listed" in registry.memo and pickle.loads(pickle.dumps(registry)).memo == {}
    registry.add(Actor(id="zorblat", name="Zorblat"))
    fresh = Resolver(registry, lexicon())  # another chronology's resolver, the same registry
    assert [a.id for a in fresh.listed("Zorblat").exact] == ["zorblat"]
    assert fresh.listed("Zorblat") is fresh.listed("Zorblat")  # looked up once
