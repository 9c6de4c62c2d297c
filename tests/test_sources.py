"""Other chronologies: fixtures in the journal's style for other pairs and decades, read
against readings written by hand; several sources at once; the user's actor registry."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, read_expected, reading
from ustojapan_cli import Chronology, load, load_many, parse
from ustojapan_cli.actors import load_registry
from ustojapan_cli.cli import app
from ustojapan_cli.errors import UsjpError

OTHERS = ["us-korea-1999.txt", "china-southeast-asia-2009.txt", "japan-korea-2024.txt", "us-korea-2024.txt"]
runner = CliRunner()


def by_name(name: str) -> Chronology:
    return load(FIXTURES / name)


@pytest.mark.parametrize("name", OTHERS)
def test_fixture_as_read_by_hand(name: str) -> None:
    expected = read_expected((FIXTURES / name).with_suffix(".expected"))
    got = [reading(e) for e in by_name(name).events]
    assert len(got) == len(expected)  # every entry found, no more
    for row, want in zip(got, expected, strict=True):
        assert row == want


UNSEEN = ["us-china-2020.txt", "japan-china-2023.txt", "us-southeast-asia-2023.txt", "us-india-2023.txt",
          "china-russia-2023.txt"]


@pytest.mark.parametrize("name", UNSEEN)
def test_unseen_pair_as_read_by_hand(name: str) -> None:
    """Pairs the parser was not written against, read by hand before it was run on them."""
    expected = read_expected((FIXTURES / name).with_suffix(".expected"))
    got = [reading(e) for e in by_name(name).events]
    assert got == expected


def test_unseen_pairs_leave_only_a_former_official_unplaced() -> None:
    """A known limit (README): a former official titled with no country is not placed."""
    problems = [(p.kind, p.message.split(" (")[0]) for name in UNSEEN for p in by_name(name).problems]
    assert problems == [("unplaced", "Fukuda Yasuo")]


def test_whole_article_with_us_spelled_u_s() -> None:
    c = by_name("us-korea-1999.txt")
    assert c.title == "Chronology of U.S.-Korea Relations"
    assert c.relationship == "U.S.-Korea"
    assert c.period and (c.period.start, c.period.end) == (dt.date(1999, 9, 1), dt.date(1999, 12, 31))
    assert c.events[0].source.line == 18  # the body's "Sept. 17" is not an entry


def test_double_spaces_and_an_entry_wrapped_over_a_blank_line() -> None:
    events = by_name("us-korea-1999.txt").events
    assert events[1].text.startswith("U.S. President Bill Clinton meets ROK President Kim Dae-jung in Auckland")
    assert events[4].text == ("ROK Foreign Minister Hong Soon-young visits Washington and meets "
                              "Secretary of State Madeleine Albright.")


def test_year_typo_and_out_of_order_entries_are_kept_in_place_and_flagged() -> None:
    events = by_name("us-korea-1999.txt").events
    assert [e.flags for e in events] == [(), (), (), ("outside-period",), (), ("out-of-order",), (), (), (), ()]
    assert events[3].start == dt.date(1998, 10, 1)


def test_pdf_paste_run_together_with_page_header_footnotes_and_escaped_quotes() -> None:
    c = by_name("china-southeast-asia-2009.txt")
    texts = [e.text for e in c.events]
    assert texts[1] == "Yang visits Jakarta and meets Indonesian Foreign Minister Hassan Wirajuda."
    assert texts[2] == "Chinese Vice President Xi Jinping receives Burma's Prime Minister Thein Sein in Beijing."
    assert texts[3] == "Chinese Premier Wen Jiabao attends the ASEAN-China Summit in Hua Hin, Thailand."
    assert not any("Relations 78" in t or "\\" in t for t in texts)


def test_page_header_names_the_relationship_when_there_is_no_heading() -> None:
    text = ("Jan. 5, 2009: Chinese Foreign Minister Yang Jiechi visits Hanoi.\n"
            "U.S.-China Relations 32 April 2009\nJan. 6, 2009: Yang visits Manila.")
    c = parse(text)
    assert c.relationship == "U.S.-China"
    assert [e.text for e in c.events] == ["Chinese Foreign Minister Yang Jiechi visits Hanoi.", "Yang visits Manila."]


@pytest.mark.parametrize(("name", "person", "country"), [
    ("us-korea-1999.txt", "bill-clinton", "US"), ("us-korea-1999.txt", "kim-dae-jung", "KR"),
    ("us-korea-1999.txt", "william-perry", "US"), ("us-korea-1999.txt", "madeleine-albright", "US"),
    ("china-southeast-asia-2009.txt", "pham-gia-khiem", "VN"),
    ("china-southeast-asia-2009.txt", "hassan-wirajuda", "ID"),
    ("china-southeast-asia-2009.txt", "thein-sein", "MM"),
    ("china-southeast-asia-2009.txt", "gloria-macapagal-arroyo", "PH"),
    ("china-southeast-asia-2009.txt", "xi-jinping", "CN"),
    ("japan-korea-2024.txt", "cho-tae-yul", "KR"), ("japan-korea-2024.txt", "shin-won-sik", "KR"),
    ("japan-korea-2024.txt", "mizushima-koichi", None),
    ("us-korea-2024.txt", "philip-goldberg", "US"),
])
def test_people_the_registry_has_never_seen_are_placed_by_title(name: str, person: str, country: str | None) -> None:
    actor = next(a for a in by_name(name).actors if a.id == person)
    assert actor.country == country


def test_a_title_with_no_name_is_not_an_actor() -> None:
    c = parse("Jan. 5, 2020: The Chinese Foreign Minister meets the press. "
              "Jan. 6, 2020: Korean Vice Foreign Minister and Japanese Ambassador talk.")
    assert [e.actors for e in c.events] == [(), ()]


def test_user_registry_teaches_a_name_once(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[[actor]]\nid = "mizushima-koichi"\nname = "Mizushima Koichi"\ncountry = "JP"\n'
                     'roles = [{ title = "Ambassador to Korea", from = 2024-11-01 }]\n', encoding="utf-8")
    c = load(FIXTURES / "japan-korea-2024.txt", load_registry([extra]))
    event = next(e for e in c.events if e.source.line == 19)
    assert sorted(event.countries) == ["JP", "KR"] and event.format.value == "bilateral"
    assert [p.kind for p in c.problems] == ["ambiguous"]


# ---- several sources ------------------------------------------------------------------------
PAIR = [FIXTURES / "japan-korea-2024.txt", FIXTURES / "us-korea-2024.txt"]


def test_the_same_event_in_two_chronologies_is_shown_once_with_both_sources() -> None:
    merged = load_many(PAIR)
    assert len(merged.events) == 11 + 2 - 1
    lima = [e for e in merged.events if e.start == dt.date(2024, 11, 15)]
    assert len(lima) == 1
    assert [(s.document, s.line) for s in lima[0].sources] == [("japan-korea-2024.txt", 11), ("us-korea-2024.txt", 6)]
    assert (lima[0].source.document, lima[0].source.line) == ("japan-korea-2024.txt", 11)


def test_ids_are_unique_and_do_not_change_when_a_source_is_added() -> None:
    alone = {e.id for e in load(PAIR[0]).events} | {e.id for e in load(PAIR[1]).events}
    merged = [e.id for e in load_many(PAIR).events]
    assert len(set(merged)) == len(merged)
    assert set(merged) <= alone
    assert [e.id for e in load_many(PAIR[:1]).events] == [e.id for e in load(PAIR[0]).events]


def test_same_day_entries_with_other_people_are_not_merged() -> None:
    merged = load_many([FIXTURES / "us-korea-1999.txt", FIXTURES / "us-china-2014.txt"])
    assert len(merged.events) == 10 + 8


def test_a_directory_is_its_txt_files(tmp_path: Path) -> None:
    for path in PAIR:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "notes.md").write_text("not a chronology", encoding="utf-8")
    assert len(load_many([tmp_path]).events) == 12
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsjpError, match=r"holds no \.txt files"):
        load_many([tmp_path / "empty"])


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env)


def test_sources_lists_what_is_loaded() -> None:
    r = run("sources", "--source", str(PAIR[0]), "--source", str(PAIR[1]))
    assert r.exit_code == 0, r.stderr
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert rows[0] == ["document", "title", "relationship", "period", "entries", "path"]
    assert rows[1][:5] == ["japan-korea-2024.txt", "", "", "", "11"]
    assert rows[2][:5] == ["us-korea-2024.txt", "Chronology of U.S.-Korea Relations", "U.S.-Korea",
                           "2024-09-01 to 2024-12-31", "2"]


def test_source_from_the_environment_separated_by_pathsep() -> None:
    r = run("events", "--jsonl", env={"USJP_SOURCE": os.pathsep.join(map(str, PAIR))})
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.splitlines()) == 12


@pytest.mark.parametrize("command", [["events"], ["count"], ["export"], ["actors"], ["network"], ["cite"],
                                     ["sources"], ["lint"], ["show", "2024-11-15"]])
def test_every_loading_command_takes_source(command: list[str]) -> None:
    r = run(*command, "--source", str(FIXTURES / "us-korea-2024.txt"))
    assert r.exit_code in (0, 1), r.stderr
    assert "Traceback" not in r.stderr


def test_show_names_both_sources_and_the_entry_of_the_primary() -> None:
    r = run("show", "2024-11-15", "--source", str(PAIR[0]), "--source", str(PAIR[1]))
    assert r.exit_code == 0, r.stderr
    assert "source: japan-korea-2024.txt, line 11; us-korea-2024.txt, line 6" in r.stdout
    assert "entry: Nov. 15, 2024: Ishiba, Yoon and U.S. President Joe Biden" in r.stdout


def test_actor_filter_finds_people_of_another_chronology() -> None:
    r = run("events", "--source", str(PAIR[0]), "--actor", "Cho Tae-yul", "--json")
    assert r.exit_code == 0, r.stderr
    assert [e["source"]["line"] for e in json.loads(r.stdout)] == [5]


def test_actors_option_and_config_file(tmp_path: Path) -> None:
    toml = '[[actor]]\nid = "mizushima-koichi"\nname = "Mizushima Koichi"\ncountry = "JP"\n'
    (tmp_path / "a.toml").write_text(toml, encoding="utf-8")
    r = run("events", "--source", str(PAIR[0]), "--actors", str(tmp_path / "a.toml"), "--country", "JP",
            "--on", "2024-12-03", "--jsonl")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1
    (tmp_path / "usjp").mkdir()
    (tmp_path / "usjp" / "actors.toml").write_text(toml, encoding="utf-8")
    r = run("events", "--source", str(PAIR[0]), "--country", "JP", "--on", "2024-12-03", "--jsonl",
            env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--source", "no-such-file.txt"], "no such file"),
    (["--actors", "no-such.toml"], "no such file"),
    (["--encoding", "klingon"], "unknown encoding"),
])
def test_bad_sources_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    r = run("events", *args)
    assert r.exit_code == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert r.stdout == ""


def test_a_city_places_its_mayor_or_governor() -> None:
    c = parse("Jan. 5, 2020: Seoul Mayor Oh Se-hoon meets Tokyo Governor Koike Yuriko in Tokyo.")
    assert [(a.id, a.country, a.level.value) for a in c.events[0].actors] == [
        ("oh-se-hoon", "KR", "subnational"), ("koike-yuriko", "JP", "subnational")]


def test_tsv_names_every_source_of_a_merged_event() -> None:
    r = run("events", "--source", str(PAIR[0]), "--source", str(PAIR[1]), "--on", "2024-11-15", "--tsv")
    header, line = r.stdout.splitlines()
    row = dict(zip(header.split("\t"), line.split("\t"), strict=True))
    assert (row["document"], row["line"]) == ("japan-korea-2024.txt; us-korea-2024.txt", "11; 6")


def test_newer_pdf_page_headers_and_page_numbers_are_removed() -> None:
    c = parse("Jan. 5, 2024: Chinese Foreign Minister Wang Yi visits Hanoi and\n"
              "US-CHINA RELATIONS | JANUARY 2024\n27\nmeets the press. Jan. 6, 2024: Wang visits Manila.\n"
              "COMPARATIVE CONNECTIONS | MAY 2024 28\nJan. 7, 2024: Wang visits Jakarta.")
    assert [e.text for e in c.events] == ["Chinese Foreign Minister Wang Yi visits Hanoi and meets the press.",
                                          "Wang visits Manila.", "Wang visits Jakarta."]
    assert c.relationship == "US-CHINA"


def test_a_text_with_no_entries_is_a_problem() -> None:
    assert [(p.line, p.kind) for p in parse("Just an article.").problems] == [(1, "unread")]


@pytest.mark.parametrize(("entry", "person", "country", "level"), [
    ("Chinese Defense Minister Dong Jun visits Hanoi.", "dong-jun", "CN", "national"),
    ("PRC Vice Premier He Lifeng visits Hanoi.", "he-lifeng", "CN", "national"),
    ("ROK Ambassador to the US Cho Hyun-dong visits Hanoi.", "cho-hyun-dong", "KR", "national"),
    ("Special Envoy for North Korea Sung Kim visits Seoul.", "sung-kim", "US", "national"),
    ("Vietnamese Party General Secretary Nguyen Phu Trong visits Seoul.", "nguyen-phu-trong", "VN", "national"),
    ("Indonesian Coordinating Minister for Maritime Affairs Luhut Pandjaitan visits Seoul.",
     "luhut-pandjaitan", "ID", "national"),
    ("Samsung Electronics Chairman Lee Jae-yong visits Hanoi.", "lee-jae-yong", None, "nongovernment"),
    ("Keidanren Chairman Tokura Masakazu visits Hanoi.", "tokura-masakazu", None, "nongovernment"),
    ("Toyota CEO Koji Sato visits Hanoi.", "koji-sato", None, "nongovernment"),
    ("Malaysian Prime Minister Anwar Ibrahim visits Seoul.", "anwar-ibrahim", "MY", "national"),
])
def test_officials_of_any_country_by_title(entry: str, person: str, country: str | None, level: str) -> None:
    c = parse(f"Chronology of US-China Relations\n\nJan. 6, 2024: {entry}")
    assert [(a.id, a.country, a.level.value) for a in c.events[0].actors] == [(person, country, level)]


def test_a_file_given_twice_is_read_once() -> None:
    twice = [PAIR[0], Path(str(PAIR[0].parent) + "/./" + PAIR[0].name), PAIR[1], PAIR[0]]
    assert len(load_many(twice).events) == 12


def test_period_near_the_top_when_the_heading_has_none() -> None:
    c = parse("Articles\n\nUS - Japan\n\nSep — Dec 2023\n\nBody.\n\nChronology of US-Japan Relations\n\n"
              "Sept. 1, 2023: Kishida meets Biden.")
    assert c.period and (c.period.start, c.period.end) == (dt.date(2023, 9, 1), dt.date(2023, 12, 31))


def test_country_filter_by_demonym() -> None:
    r = run("events", "--source", str(FIXTURES / "china-southeast-asia-2009.txt"), "--country", "Vietnamese",
            "--jsonl")
    assert r.exit_code == 0, r.stderr
    assert [json.loads(x)["source"]["line"] for x in r.stdout.splitlines()] == [4, 9, 9]


def test_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes("Jan. 5, 2020: Kishida meets Biden at the Café Tokyo in Tokyo.\n".encode("cp1252"))
    r = run("events", "--source", str(path), "--jsonl")
    assert r.exit_code == 2 and "--encoding" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("events", "--source", str(path), "--encoding", "cp1252", "--jsonl")
    assert r.exit_code == 0 and "Café" in json.loads(r.stdout)["text"]


def test_a_person_written_in_either_name_order_is_one_actor_and_one_event(tmp_path: Path) -> None:
    western = tmp_path / "us-japan.txt"
    western.write_text("Chronology of US-Japan Relations\nSeptember - December 2024\n\n"
                       "Nov. 15, 2024: President Joe Biden, ROK President Yoon Suk Yeol and Japanese Prime "
                       "Minister Shigeru Ishiba meet in Lima.\n", encoding="utf-8")
    merged = load_many([PAIR[0], western])
    assert len(merged.events) == 11
    assert [a.id for a in merged.actors if "Ishiba" in a.name] == ["ishiba-shigeru"]
    lima = next(e for e in merged.events if e.start == dt.date(2024, 11, 15))
    assert [s.document for s in lima.sources] == ["japan-korea-2024.txt", "us-japan.txt"]


def test_one_person_in_both_name_orders_within_one_chronology() -> None:
    c = parse("Jan. 5, 2020: Japanese Prime Minister Shigeru Ishiba visits Seoul. "
              "Jan. 6, 2020: Japanese Prime Minister Ishiba Shigeru visits Busan.")
    assert [[a.id for a in e.actors] for e in c.events] == [["shigeru-ishiba"], ["shigeru-ishiba"]]


def test_cite_each_source_and_say_when_one_has_no_citation() -> None:
    r = run("cite", "--source", str(FIXTURES / "us-korea-2024.txt"))
    assert r.exit_code == 1 and r.stdout == "" and "us-korea-2024.txt: no citation found" in r.stderr


def test_list_bullets_of_a_web_page_and_a_date_on_its_own_line() -> None:
    c = parse("Chronology of U.S.-China Relations\nJanuary – April 2009\n\n• Jan. 5, 2009:\n"
              "Chinese Foreign Minister Yang Jiechi visits Hanoi.\n▪ Jan. 6, 2009: Yang visits Manila.\n")
    assert [e.text for e in c.events] == ["Chinese Foreign Minister Yang Jiechi visits Hanoi.", "Yang visits Manila."]
    assert c.problems == ()


def test_a_later_title_with_a_country_places_a_person_the_first_did_not() -> None:
    c = parse("Jan. 5, 1998: President Suharto meets the press. Jan. 6, 1998: Indonesian President Suharto "
              "visits Tokyo.")
    assert [[(a.id, a.country) for a in e.actors] for e in c.events] == [[("suharto", "ID")], [("suharto", "ID")]]
    assert c.problems == ()
