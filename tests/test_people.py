"""People: found by registry name, by title, and by family name alone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import parse, people, resolve
from ustojapan_cli.actors import Registry, load_registry
from ustojapan_cli.lexicon import lexicon, word_runs
from ustojapan_cli.models import Actor, Level, Role
from ustojapan_cli.people import Mention, find_mentions
from ustojapan_cli.resolve import Resolver
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


def titled_names(text: str) -> list[tuple[str, str | None]]:
    return [(m.name, m.title) for m in find_mentions(text, lexicon())]


def test_words_in_double_quotes_are_not_people() -> None:
    text = 'Pompeo delivers a speech on "Communist China and the Free World\'s Future".'
    assert titled_names(text) == [("Pompeo", None)]


def test_lowercase_title_words_after_a_title_or_institution() -> None:
    assert titled_names("Chinese Politburo member Yang Jiechi meets Pompeo.")[0] == (
        "Yang Jiechi", "Chinese Politburo member")
    assert titled_names("Foreign Ministry spokesperson Hua Chunying says ...")[0] == (
        "Hua Chunying", "Foreign Ministry spokesperson")


def test_a_name_before_on_the_sidelines_is_a_person() -> None:
    assert titled_names("Biden meets Vietnamese President Vo Van Thuong on the sidelines of APEC.")[1] == (
        "Vo Van Thuong", "Vietnamese President")
    assert titled_names("Council on Foreign Relations President Richard Haass speaks.") == [
        ("Richard Haass", "Council on Foreign Relations President")]


def test_a_number_after_and_does_not_make_a_name_an_institution() -> None:
    assert titled_names("Sanctions on Hong Kong Chief Executive Carrie Lam and 10 other officials.") == [
        ("Carrie Lam", "Hong Kong Chief Executive")]


def test_and_before_a_second_title_starts_a_second_person() -> None:
    found = titled_names("USTR Robert Lighthizer and Treasury Secretary Steven Mnuchin call Liu He.")
    assert found[:2] == [("Robert Lighthizer", "USTR"), ("Steven Mnuchin", "Treasury Secretary")]


def _actors(relationship: str, *entries: str) -> list[list[tuple[str, str | None]]]:
    body = "\n\n".join(f"May {i + 1}, 2020: {e}" for i, e in enumerate(entries))
    chronology = parse(f"Chronology of {relationship} Relations\n\n{body}", "t.txt", Registry(()))
    return [[(a.id, a.country) for a in e.actors] for e in chronology.events]


def test_us_department_secretaries_are_the_us_in_a_us_chronology() -> None:
    assert _actors("US-China", "Treasury Secretary Steven Mnuchin and Health and Human Services "
                   "Secretary Alex Azar speak.") == [[("steven-mnuchin", "US"), ("alex-azar", "US")]]
    # also when the other side is a region, where a "Minister" stays unplaced
    assert _actors("US-Southeast Asia", "Defense Secretary Lloyd Austin meets Minister Ng Eng Hen.") == [
        [("lloyd-austin", "US"), ("ng-eng-hen", None)]]


def test_titles_only_one_government_uses_place_the_person() -> None:
    assert _actors("Japan-China", "Chief Cabinet Secretary Matsuno Hirokazu speaks.",
                   "State Councilor Wang Yi speaks.", "FBI Director Christopher Wray speaks.",
                   "USAID Administrator Samantha Power speaks.") == [
        [("matsuno-hirokazu", "JP")], [("wang-yi", "CN")], [("christopher-wray", "US")],
        [("samantha-power", "US")]]


def test_a_full_name_without_its_title_is_the_person_titled_elsewhere() -> None:
    assert _actors("Japan-China", "Chinese Foreign Minister Wang Yi visits Tokyo.",
                   "Kamikawa, Wang Yi and Park Jin meet.")[1] == [("wang-yi", "CN")]


def test_a_bare_president_is_the_us_until_a_title_names_a_country() -> None:
    assert _actors("US-China", "President Donald Trump speaks.") == [[("donald-trump", "US")]]
    found = _actors("US-Southeast Asia", "Biden meets Vietnamese Prime Minister Pham Minh Chinh and "
                    "President Vo Van Thuong.", "Biden meets Vietnamese President Vo Van Thuong.")
    assert ("vo-van-thuong", "VN") in found[0] and found[1] == [("vo-van-thuong", "VN")]


def test_a_government_body_acronym_is_not_a_company() -> None:
    chronology = parse("Chronology of US-India Relations\n\nMay 1, 2023: FBI Director Christopher Wray "
                       "visits New Delhi.", "t.txt", Registry(()))
    wray = chronology.events[0].actors[0]
    assert (wray.country, wray.level) == ("US", Level.NATIONAL)


def test_a_bare_president_is_not_the_us_while_the_registry_has_the_us_president() -> None:
    chronology = parse("Chronology of US-China Relations\n\nNov. 15, 2023: President Biden and President "
                       "Xi Jinping meet in Woodside, California.", "t.txt", load_registry())
    assert [(a.id, a.country) for a in chronology.events[0].actors] == [("joe-biden", "US"), ("xi-jinping", None)]


def test_lowercase_former_before_a_title_makes_a_former_official() -> None:
    actor = _actors("US-China", "Xi receives former Secretary of State Henry Kissinger in Beijing.")[0][0]
    assert actor == ("henry-kissinger", "US")
    chronology = parse("Chronology of US-China Relations\n\nMay 1, 2023: Xi receives former Secretary of "
                       "State Henry Kissinger.", "t.txt", Registry(()))
    assert chronology.events[0].actors[0].level is Level.NONGOVERNMENT


def test_a_title_written_after_the_name_between_commas() -> None:
    assert titled_names("Pompeo meets Yang Jiechi, director of the Office of the Central Foreign Affairs "
                        "Commission, in Honolulu.")[1] == (
        "Yang Jiechi", "director of the Office of the Central Foreign Affairs Commission")
    assert _actors("Japan-China", "Kishida meets Tarumi Hideo, Japan's ambassador to China.")[0] == [
        ("tarumi-hideo", "JP")]
    # a list of people is not a title after a name
    assert titled_names("Blinken meets Park, Foreign Minister Hayashi and Wong.")[1] == ("Park", None)


def regex_tokens(text: str) -> list[tuple[str, int, int, str, bool]]:
    """The tokenizer as first written, for the property below: a word is in a place name when
    the country or state alternation matches over it, words are read one by one."""
    lex = lexicon()
    text = re.sub(r'"[^"\n]*"|“[^”\n]*”', lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)
    places = {w.start() + m.start() for pattern in (lex.country_re, lex.subdivision_re)
              for m in pattern.finditer(text) for w in re.finditer(r"\S+", m.group())}
    tokens: list[tuple[str, int, int, str, bool]] = []
    for m in re.finditer(r"[^\W\d_][\w'.\-/&]*|\d[\w\-+]*|[,;:()\"&]", text):
        word, stop = m.group(), False
        if word.endswith(".") and not people._keeps_period(word, lex):
            word, stop = word[:-1], True
        kind = people._kind(word, m.start() in places, lex)
        if kind == "low" and word in lex.lowercase_titles and tokens and not tokens[-1][4] \
                and tokens[-1][3] in ("title", "inst", "place", "name"):
            kind = "title"
        tokens.append((word, m.start(), m.start() + len(word), kind, stop))
    for i in range(1, len(tokens) - 1):
        if tokens[i - 1][0] == "(" and tokens[i + 1][0] == ")" and tokens[i][3] == "inst":
            tokens[i - 1] = ("(", tokens[i - 1][1], tokens[i - 1][2], "inst", False)
            tokens[i + 1] = (")", tokens[i + 1][1], tokens[i + 1][2], "inst", False)
    return tokens


WORDS = ["Japan", "Japanese", "North Korea", "Korea", "New York", "New", "York", "U.S.", "U.S", "U.K.",
         "spokesperson", "member", "Foreign", "Minister", "Ministry", "Kamikawa", "Park", "Jin", "of",
         "the", "and", "(", ")", "APEC", "Sept.", "Jr.", "Dr.", "J.", "said.", "on", "Xi'an", "Timor-Leste",
         "Japan-Korea", "Guinea-Bissau", '"', "“", "”", "_", "5", "5th", "Japan's", "Ohio", "Texas"]


SEPARATORS = [" ", "", ", ", ". ", "-", "_", "\n", "  ", "\t", "\u00a0"]
entries = st.lists(st.tuples(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), st.sampled_from(SEPARATORS)),
                   max_size=14).map(lambda pairs: "".join(word + sep for word, sep in pairs))


@given(entries)
@example("Japan_Korea spokesperson _Japan Japan_ spokesperson (Japan) (APEC) New York member")
@example('Japanese "Foreign Minister" spokesperson Kamikawa, U.S. Ambassador Emanuel.')
def test_tokenize_reads_as_the_regex_tokenizer(text: str) -> None:
    assert [tuple(t) for t in people.tokenize(text, lexicon())] == regex_tokens(text)



def test_the_parser_reads_tokens_as_plain_tuples() -> None:
    """Inside the parser a token is a plain tuple (made and read faster than a NamedTuple), with
    offsets from the start of its piece of text, and that piece's offset beside it; `tokenize`
    gives the same fields as Tokens, with offsets in the text."""
    lex = lexicon()
    text = "Japanese Foreign Minister Kamikawa meets U.S. Ambassador (APEC) Emanuel."
    plain, at = people._tokens(text, lex)
    assert {type(t) for t in plain} == {tuple}
    tokens = people.tokenize(text, lex)
    assert {type(t) for t in tokens} == {people.Token}
    assert [tuple(t) for t in tokens] == [(w, a + s, a + e, k, stop)
                                          for (w, s, e, k, stop), a in zip(plain, at, strict=True)]
    assert plain[1] == ("Foreign", 0, 7, "inst", False) and at[1] == 9
    assert [m.name for m in find_mentions(text, lex)] == ["Kamikawa", "Emanuel"]


@given(st.text(alphabet="aAJ.,'(_-5 é\u00e9\u2019", max_size=6))
@example("Japan")
@example("(APEC")
@example("5th")
@example("Éire")
def test_a_place_name_makes_place_exactly_the_words_kind_says(word: str) -> None:
    """`_mark_places` makes "place" the tokens `_placeable` says, which must be those whose
    `_kind` in a place name differs from their kind outside one."""
    lex = lexicon()
    for raw in people._TOKEN.findall(word):
        token = (raw, 0, len(raw), people._kind(raw, False, lex), False)
        assert people._placeable(token) == (people._kind(raw, True, lex) != token[3]), raw


@given(entries)
@example("New Jersey and Jersey, North Korea South Korea Korea, South Georgia and the South Sandwich Islands")
@example("Georgia Georgia's US Virgin Islands US-Japan")
def test_place_words_start_what_the_phrases_find(text: str) -> None:
    """The offsets `_place_starts` reads from each place word's regexes are those of the words of
    the countries' and states' names `Phrases.find` finds."""
    lex = lexicon()
    words = [(start, word) for start, word in word_runs(text) if word in (people._place_first_words(lex) or ())]
    assert set(people._place_starts(text, lex, words)) == people._place_spans(text, lex, words)


def test_a_token_is_found_by_its_offset_in_a_piece_of_several() -> None:
    """A place word found by its offset in a piece of several tokens ("(Japan", "US-Japan") is the
    token that starts there, not the piece's first or last."""
    lex = lexicon()
    text = "Meeting (Japan Foreign Minister) with US-Japan-Korea envoys, Korea-Japan talks."
    marked = {(t.text, t.start) for t in people.tokenize(text, lex) if t.kind == "place"}
    assert marked == {(t[0], t[1]) for t in regex_tokens(text) if t[3] == "place"}
    assert ("Japan", 9) in marked


class _Only:
    """A regex of which only some methods may be called."""

    def __init__(self, pattern: re.Pattern[str], *allowed: str) -> None:
        self.pattern, self.allowed = pattern, allowed

    def __getattr__(self, name: str) -> object:
        if name not in self.allowed:
            pytest.fail(f"{self.pattern.pattern}.{name} called")
        return getattr(self.pattern, name)


def test_a_title_is_trimmed_by_a_regex_only_where_it_can_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """A title's edges ("and ...", "...'s") and a possessive are tested by startswith/endswith
    first: the regexes, tried at every offset, run only where they can match."""
    lex = lexicon()
    monkeypatch.setattr(people, "_TITLE_EDGES", _Only(people._TITLE_EDGES))
    monkeypatch.setattr(people, "_POSSESSIVE", _Only(people._POSSESSIVE, "sub"))
    found = find_mentions("Japanese Foreign Minister Kamikawa meets Ambassador Emanuel.", lex)
    assert [(m.name, m.title, m.titled) for m in found] == [
        ("Kamikawa", "Japanese Foreign Minister", True), ("Emanuel", "Ambassador", True)]
    monkeypatch.undo()
    found = find_mentions("Blinken and the Japan's Minister Kamikawa meet NHK's Ishii.", lex)
    assert [(m.name, m.title, m.titled) for m in found][1:] == [
        ("Kamikawa", "Japan's Minister", True), ("Ishii", "NHK", True)]


def test_a_name_with_a_suffix_is_matched_by_its_family_name() -> None:
    registry = Registry()
    registry.add(Actor(id="doe-jane", name="Jane Doe"))
    resolver = Resolver(registry, lexicon())
    day = dt.date(2024, 1, 5)
    for name in ("Doe Jr.", "Jane Doe", "Doe"):
        assert [a.id for a in resolver.candidates(Mention(name, None, False, 0, len(name)), day)] == ["doe-jane"]
    assert resolver.candidates(Mention("Roe", None, False, 0, 3), day) == []


def test_the_candidates_kept_for_a_name_are_the_rule_on_every_day() -> None:
    """`candidates` works a name out once when no post the registry dates can change the answer:
    that answer must be the rule's (`candidates_on`) on any day, before, on and after each post."""
    from ustojapan_cli.chronology import Reader, flatten

    registry = load_registry()
    old, new = Role(title="Minister", to=dt.date(2000, 1, 1)), Role(title="Minister", **{"from": dt.date(2001, 1, 1)})
    registry.add(Actor(id="sato-old", name="Sato Taro", roles=(old,)))  # one name, two people: the day decides
    registry.add(Actor(id="sato-new", name="Sato Jiro", roles=(new,)))
    days = sorted({d + dt.timedelta(days=n) for a in registry.actors for r in a.roles
                   for d in (r.from_, r.to) if d is not None for n in (-1, 0, 1)})
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("fixtures/*.txt"))]
    for text in [*texts, "Chronology of US-Japan Relations\n\nMay 5, 2023: Sato meets Sato Jiro and Mr. Sato."]:
        reader = Reader(text, "t.txt", registry)
        mentions = [find_mentions(flatten(e.text), lexicon()) for e in reader.entries]
        resolver = Resolver(registry, lexicon(), reader.parties)
        resolver.learn_all([e.span.start for e in reader.entries], mentions)
        for m in {(m.name, m.titled): m for found in mentions for m in found}.values():
            for day in days:
                assert resolver.candidates(m, day) == resolver.candidates_on(m, day), (m.name, day)


def test_what_a_resolver_learns_changes_the_candidates_it_kept() -> None:
    resolver = Resolver(Registry(), lexicon())
    day = dt.date(2024, 1, 5)
    assert resolver.candidates(Mention("Roe", "Minister", True, 0, 3), day) == []
    resolver.learn(Mention("Jane Roe", "Japanese Minister", True, 0, 8), day)
    assert [a.name for a in resolver.candidates(Mention("Roe", "Minister", True, 0, 3), day)] == ["Jane Roe"]


def test_a_run_of_non_space_characters_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tokenizer remembers how each piece between spaces reads ("Qzxv," is two tokens), and
    reads a piece it has met from its memo, at any offset."""
    lex = lexicon()
    first = people.tokenize("Minister Qzxv, Japan", lex)
    assert [t.text for t in first] == ["Minister", "Qzxv", ",", "Japan"]
    assert len(lex.memo["people"]["Qzxv,"][0]) == 2
    people.tokenize(" ", lex)  # the piece "" (between two spaces)
    monkeypatch.setattr(people, "_learn_run", lambda run, lex: pytest.fail(f"{run!r} read again"))
    again = people.tokenize("Japan  Minister Qzxv, Japan", lex)
    assert [tuple(t) for t in again[1:]] == [(t.text, t.start + 7, t.end + 7, *t[3:]) for t in first]


def test_pieces_between_spaces_read_as_the_text_whatever_the_white_space() -> None:
    """The text is cut at each space only: a piece may hold a line break, a tab or a no-break
    space (`tokenize` is given text that is not flattened), and a piece may be empty; the
    tokens are those the regex finds in the whole text, at its offsets."""
    for text in ("Minister\nKamikawa  meets\tU.S.\u00a0Ambassador  Emanuel ", "  Japan\n", "", " ",
                 "Japan spokesperson\nmember Hayashi", "Foreign Ministry\u3000spokesperson Hua"):
        assert [tuple(t) for t in people.tokenize(text, lexicon())] == regex_tokens(text), text


def _learnt(registry: Registry, *names: str) -> Resolver:
    """A new chronology's resolver (as each file of an archive has), having learnt `names` by title."""
    resolver = Resolver(registry, lexicon())
    for name in names:
        resolver.learn(Mention(name, "Japanese Minister", True, 0, len(name)), dt.date(2024, 1, 5))
    return resolver


def test_the_candidates_of_a_name_serve_every_chronology_that_learnt_the_same_people(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The answers of one chronology's resolver are kept with the registry for the next one, keyed by
    the people learnt that they read: a chronology that learnt others gets its own answer."""
    registry = Registry()
    registry.add(Actor(id="doe-jane", name="Jane Doe"))
    day = dt.date(2024, 1, 5)
    roe, jane_roe = Mention("Roe", None, False, 0, 3), Mention("Jane Roe", None, False, 0, 8)
    cases = [((), roe, []), (("Jane Roe",), roe, ["Jane Roe"]), (("John Roe",), roe, ["John Roe"]),
             (("Jane Roe", "John Roe"), roe, ["Jane Roe", "John Roe"]),
             (("John Roe", "Jane Roe"), roe, ["John Roe", "Jane Roe"]),
             (("Jane Roe",), jane_roe, ["Jane Roe"]), (("John Roe",), jane_roe, []),
             ((), Mention("Doe", None, False, 0, 3), ["Jane Doe"])]
    for learnt, mention, names in cases:
        assert [a.name for a in _learnt(registry, *learnt).candidates(mention, day)] == names, (learnt, mention)
    assert "resolve.candidates" in registry.memo
    monkeypatch.setattr(Resolver, "candidates_on", lambda *args: pytest.fail("worked out again"))
    for learnt, mention, names in cases:  # new chronologies, the same people: nothing worked out again
        assert [a.name for a in _learnt(registry, *learnt).candidates(mention, day)] == names, (learnt, mention)


def test_a_name_s_keys_are_worked_out_once_for_every_chronology(monkeypatch: pytest.MonkeyPatch) -> None:
    """What each file's resolver reads of a name (its `name_key` and `fold`) is kept with what the
    registry lists under it (`Resolver.listed`), not worked out again for each file."""
    registry = Registry()
    registry.add(Actor(id="doe-jane", name="Jane Doe"))
    day = dt.date(2024, 1, 5)
    mentions = [Mention("Roe", None, False, 0, 3), Mention("Jane Roe", None, False, 0, 8),
                Mention("Doe", None, False, 0, 3)]
    first = [_learnt(registry, "Jane Roe").candidates(m, day) for m in mentions]
    later = _learnt(registry, "Jane Roe")  # the next file's resolver, having learnt the same person
    monkeypatch.setattr(resolve, "name_key", lambda name: pytest.fail(f"name_key({name!r}) again"))
    monkeypatch.setattr(resolve, "fold", lambda name: pytest.fail(f"fold({name!r}) again"))
    assert [later.candidates(m, day) for m in mentions] == first
    assert [[a.name for a in found] for found in first] == [["Jane Roe"], ["Jane Roe"], ["Jane Doe"]]


def test_a_title_is_placed_once_for_every_chronology(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry()
    first = _learnt(registry, "Jane Roe")
    monkeypatch.setattr(resolve, "place_title", lambda *args: pytest.fail("placed again"))
    assert first.found == _learnt(registry, "Jane Roe").found  # another chronology's resolver: from the memo


def test_files_read_with_one_registry_read_as_each_with_its_own() -> None:
    """What the resolvers of an archive's files share (`Resolver._shared`) changes nothing they find,
    in any order: the fixtures read one after another, forwards and backwards, with one registry."""
    from ustojapan_cli.chronology import parse as parse_text

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(Path(__file__).parent.glob("fixtures/*.txt"))]
    alone = [parse_text(text, name, load_registry()) for name, text in texts]
    for order in (1, -1):
        shared = load_registry()
        together = {name: parse_text(text, name, shared) for name, text in texts[::order]}
        assert [together[name] for name, _ in texts] == alone


def test_one_registry_actor_s_whole_name_is_that_actor_whoever_was_learnt(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry()
    minister = Role(title="Minister", **{"from": dt.date(2001, 1, 1)})
    registry.add(Actor(id="roe-jane", name="Jane Roe", roles=(minister,)))
    monkeypatch.setattr(Resolver, "_shared", lambda *args: pytest.fail("looked up with the people learnt"))
    for learnt in ((), ("John Roe",)):
        resolver = _learnt(registry, *learnt)
        assert [a.id for a in resolver.candidates(Mention("Jane Roe", None, False, 0, 8), dt.date(2000, 1, 1))] == [
            "roe-jane"]


def test_a_name_met_before_is_answered_without_making_a_memo_s_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """`candidates` and `listed` run for each mention of each entry: a name they have met is read
    straight from their memos (the lambda each call to `remembered` makes cost more than the look-up)."""
    registry = Registry()
    registry.add(Actor(id="doe-jane", name="Jane Doe"))
    resolver, day = Resolver(registry, lexicon()), dt.date(2024, 1, 5)
    doe = Mention("Doe", None, False, 0, 3)
    first = resolver.candidates(doe, day)
    monkeypatch.setattr(resolve, "remembered", lambda *args: pytest.fail("worked out through `remembered`"))
    assert resolver.candidates(doe, day) == first and resolver.listed("Doe").by_word == first


def test_the_post_of_an_actor_whose_posts_have_no_dates_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """An actor whose posts have no dates holds the same one every day: `event_actor` reads it
    once per actor; an actor with dated posts, on each day."""
    undated = Actor(id="u", name="Un Dated", country="US", roles=(Role(title="Envoy"),))
    dated = Actor(id="d", name="Da Ted", country="JP", roles=(
        Role(title="Minister", to=dt.date(2020, 1, 1)), Role(title="Premier", **{"from": dt.date(2020, 1, 2)})))
    mention = Mention(name="Un Dated", title=None, titled=False, start=0, end=8)
    assert resolve.event_actor(undated, mention, dt.date(2023, 5, 5), learnt=False).role == "Envoy"
    assert resolve.event_actor(dated, mention, dt.date(2019, 5, 5), learnt=False).role == "Minister"
    read = Actor.role_on
    monkeypatch.setattr(Actor, "role_on", lambda self, day: (self is dated and read(self, day)) or pytest.fail("read"))
    assert resolve.event_actor(undated, mention, dt.date(1999, 1, 1), learnt=False).role == "Envoy"
    assert resolve.event_actor(dated, mention, dt.date(2023, 5, 5), learnt=False).role == "Premier"
