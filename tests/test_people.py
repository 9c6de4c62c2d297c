"""People: found by registry name, by title, and by family name alone."""

from __future__ import annotations

from ustojapan_cli import parse
from ustojapan_cli.actors import Registry, load_registry
from ustojapan_cli.lexicon import lexicon
from ustojapan_cli.models import Level
from ustojapan_cli.people import find_mentions
from ustojapan_cli.resources import SEED_NAME, data_path

EMPTY = Registry()


def names(text: str) -> list[str]:
    return [m.name for m in find_mentions(text, lexicon())]


def test_every_written_form_resolves_to_one_actor(seed) -> None:  # type: ignore[no-untyped-def]
    forms = {"Foreign Minister Kamikawa Yoko": 97, "Kamikawa": 99, "Foreign Minister Kamikawa": 187}
    for form, line in forms.items():
        event = next(e for e in seed.events if e.source.line == line)
        assert form in event.text
        assert "kamikawa-yoko" in [a.id for a in event.actors]


def test_kamikawa_takes_part_in_24_events(seed) -> None:  # type: ignore[no-untyped-def]
    lines = data_path(SEED_NAME).read_text(encoding="utf-8").splitlines()
    by_hand = [i for i, t in enumerate(lines, 1) if "Kamikawa" in t and t[:4] in
               ("Sept", "Oct.", "Nov.", "Dec.")]
    ours = [e.source.line for e in seed.events if "kamikawa-yoko" in {a.id for a in e.actors}]
    assert ours == by_hand and len(ours) == 24


def test_roles_follow_the_date(seed) -> None:  # type: ignore[no-untyped-def]
    hayashi = {e.source.line: a.role for e in seed.events for a in e.actors
               if a.id == "hayashi-yoshimasa"}
    assert hayashi[87] == "Minister for Foreign Affairs"  # Sept. 1, before the reshuffle
    assert hayashi[95] is None  # Sept. 14: he left the post on Sept. 13


def test_people_outside_the_registry_are_found_by_title() -> None:
    text = data_path(SEED_NAME).read_text(encoding="utf-8")
    chron = parse(text, SEED_NAME, EMPTY)
    people = {a.name: a for a in chron.actors}
    assert people["Park Jin"].country == "KR"
    assert people["Phil Murphy"].country == "US"
    assert people["Phil Murphy"].level is Level.SUBNATIONAL
    assert people["Sundar Pichai"].level is Level.NONGOVERNMENT
    assert people["Penny Wong"].country == "AU"
    assert people["Subrahmanyam Jaishankar"].country == "IN"
    assert people["Eric Holcomb"].country == "US"
    # "Park" alone (Oct. 25, Nov. 14) is the Park Jin named in full on Sept. 22
    parks = [e.source.line for e in chron.events if "park-jin" in {a.id for a in e.actors}]
    assert parks == [111, 143, 169, 183, 203]
    # countries and organizations are not people
    assert not {"Japan", "Korea", "Google", "NHK", "Quad", "APEC"} & set(people)


def test_title_and_family_name_rules_on_unseen_text() -> None:
    text = ("Chronology of Japan-Korea Relations\n\n"
            "Jan. 5, 2024: ROK Foreign Minister Cho Tae-yul meets Japanese Ambassador Mizushima "
            "Koichi in Seoul.\n"
            "Jan. 9, 2024: Cho speaks by telephone with Foreign Minister Kamikawa.\n")
    chron = parse(text, "jk.txt", load_registry())
    first, second = chron.events
    assert [(a.name, a.country) for a in first.actors] == [
        ("Cho Tae-yul", "KR"), ("Mizushima Koichi", "JP")]
    assert [a.name for a in second.actors] == ["Cho Tae-yul", "Kamikawa Yoko"]
    assert second.format.value == "bilateral" and second.kind.value == "call"


def people_in(entry: str) -> list[str]:
    return [a.name for a in parse(f"Jan. 5, 2024: {entry}", "x.txt", EMPTY).events[0].actors]


def test_titles_without_names_and_institutions_are_not_people() -> None:
    assert people_in("The Foreign Minister meets the Prime Minister in Tokyo.") == []
    assert people_in("US and Japan hold a Quad meeting in New York.") == []
    assert "Melinda Gates" not in names("Kishida receives an award from the Bill & Melinda "
                                        "Gates Foundation in New York.")
    assert people_in("Google President and CEO Sundar Pichai meets Prime Minister Kishida.") == [
        "Sundar Pichai", "Kishida"]


def test_title_before_name_is_kept_as_role() -> None:
    chron = parse("Jan. 5, 2024: Guangdong Governor Zhu Xiaodan meets Secretary of Commerce "
                  "Penny Pritzker.", "x.txt", EMPTY)
    roles = [(a.name, a.role, a.level) for a in chron.events[0].actors]
    assert roles == [("Zhu Xiaodan", "Guangdong Governor", Level.SUBNATIONAL),
                     ("Penny Pritzker", "Secretary of Commerce", Level.NATIONAL)]
