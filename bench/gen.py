"""Generate large chronologies in the journal's format, deterministically (same seed, same bytes).

    python bench/gen.py 100000 -o /tmp/usjp-100k.txt            # one big file
    python bench/gen.py 100000 -o /tmp/usjp-100k --dir          # one file per 4-month period
    python bench/gen.py 100000 -o /tmp/usjp-100k --dir --pairs 20   # 20 files a period, ~64 entries each
    python bench/gen.py 10000 -o /tmp/u.txt --csv /tmp/u.csv --jsonl /tmp/u.jsonl

Entries look like the journal's ("Nov. 14, 2023: Blinken, Kamikawa, and Park meet in San
Francisco."): calls, meetings in cities, trilateral, Quad and G7 meetings, statements,
dialogues, visits, speeches, date ranges ("Oct. 16-18, 2023:", "Nov. 30-Dec. 2, 2023:"),
officials named with their titles. They spread evenly over the 4-month periods from
`--first-year` (1999) to 2024, in date order. `--csv`/`--jsonl` also write what the generator
put in each entry (dates, people, venue, text) for the tools `bench/run.py` compares with.
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MONTH_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
              "Dec.")
MONTH_NAME = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")

# (title, full name, short name, country): officials as the journal names them.
OFFICIALS = (
    ("Prime Minister", "Kishida Fumio", "Kishida", "JP"),
    ("Foreign Minister", "Kamikawa Yoko", "Kamikawa", "JP"),
    ("Foreign Minister", "Hayashi Yoshimasa", "Hayashi", "JP"),
    ("Minister of Economy, Trade and Industry", "Nishimura Yasutoshi", "Nishimura", "JP"),
    ("State Minister for Foreign Affairs", "Tsuji Kiyoto", "Tsuji", "JP"),
    ("Vice-Minister for Foreign Affairs", "Masahiro Komura", "Komura", "JP"),
    ("President", "Joe Biden", "Biden", "US"),
    ("Vice President", "Kamala Harris", "Harris", "US"),
    ("Secretary of State", "Antony Blinken", "Blinken", "US"),
    ("Secretary of Commerce", "Gina Raimondo", "Raimondo", "US"),
    ("Trade Representative", "Katherine Tai", "Tai", "US"),
    ("Ambassador to Japan", "Rahm Emanuel", "Emanuel", "US"),
    ("Under Secretary of State for Public Diplomacy and Public Affairs", "Elizabeth Allen", "Allen", "US"),
    ("Korean Minister of Foreign Affairs", "Park Jin", "Park", "KR"),
    ("Korean President", "Yoon Suk Yeol", "Yoon", "KR"),
    ("Australian Foreign Minister", "Penny Wong", "Wong", "AU"),
    ("Indian External Affairs Minister", "Subrahmanyam Jaishankar", "Jaishankar", "IN"),
    ("Philippines President", "Ferdinand Marcos", "Marcos", "PH"),
)
# Invented officials, so an archive has many more people than the registry knows.
FAMILY = {"JP": ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
                 "Kobayashi", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura"),
          "US": ("Carter", "Mitchell", "Brooks", "Sullivan", "Reed", "Hayes", "Porter", "Ellis", "Warren",
                 "Fletcher", "Gordon", "Hughes", "Lambert", "Morrison", "Whitaker")}
GIVEN = {"JP": ("Hiroshi", "Takeshi", "Kenji", "Yuko", "Akiko", "Makoto", "Naoki", "Emi", "Daisuke",
                "Haruka"),
         "US": ("Michael", "Sarah", "David", "Jennifer", "Robert", "Laura", "James", "Emily", "Thomas",
                "Rachel")}
TITLES = {"JP": ("Japanese Minister of Defense", "Japanese Vice-Minister for Foreign Affairs",
                 "Japanese Ambassador to the US", "Director General for North American Affairs",
                 "Governor of Okinawa"),
          "US": ("Secretary of Defense", "Deputy Secretary of State", "Assistant Secretary of State for East "
                 "Asian and Pacific Affairs", "Commander of US Indo-Pacific Command Admiral",
                 "Under Secretary of Commerce")}
CITIES = ("Tokyo", "Tokyo", "Tokyo", "Washington", "Washington", "New York", "San Francisco", "Honolulu",
          "Osaka", "Hiroshima", "Seoul", "Canberra", "New Delhi", "Manila", "London", "Paris", "Rome",
          "Ottawa", "Singapore", "Jakarta", "Yokohama", "Nagoya", "Okinawa")
TOPICS = ("North Korea's ballistic missile launches", "economic security", "supply chain resilience",
          "critical minerals", "the situation in the Middle East", "maritime security in the East China Sea",
          "cybersecurity", "clean energy", "semiconductors", "space cooperation")
GROUPS = ("Counterterrorism", "Cyber", "Critical Technology", "Maritime Security", "Health Security")
PLACES = ("the Center for Strategic and International Studies", "the Economic Club of New York",
          "the UN General Assembly Meeting", "Stanford University", "the Brookings Institution")


@dataclass(frozen=True)
class Entry:
    """One generated entry: its dates, its text, and what the generator put in it."""

    start: dt.date
    end: dt.date
    text: str
    people: tuple[str, ...]
    city: str | None


class Generator:
    """Entries from a seeded random source; the same seed gives the same entries."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = list(OFFICIALS) + [
            (self.rng.choice(TITLES[c]), f"{g} {f}" if c == "US" else f"{f} {g}", f, c)
            for c in ("JP", "US") for f in FAMILY[c] for g in GIVEN[c][:4]]

    def person(self, country: str | None = None) -> tuple[str, str, str, str]:
        """An official; most entries name the well-known ones."""
        pool = self.people if country is None else [p for p in self.people if p[3] == country]
        return self.rng.choice(pool[:18] if country is None and self.rng.random() < 0.6 else pool)

    def named(self, p: tuple[str, str, str, str]) -> str:
        """How the entry names someone: title and full name, the full name, or the family name."""
        r = self.rng.random()
        return f"{p[0]} {p[1]}" if r < 0.5 else p[1] if r < 0.7 else p[2]

    def entry(self, start: dt.date, end: dt.date) -> Entry:
        """One entry on those days, from a template picked at random."""
        rng = self.rng
        a, b = self.person("JP"), self.person("US")
        c = self.person()
        city = rng.choice(CITIES)
        topic = rng.choice(TOPICS)
        who2 = f"{self.named(a)} and {self.named(b)}"
        who3 = f"{self.named(b)}, {self.named(a)}, and {self.named(c)}"
        templates: list[tuple[str, tuple[tuple[str, str, str, str], ...], str | None]] = [
            (f"{who2} speak by telephone.", (a, b), None),
            (f"{who2} meet in {city}.", (a, b), city),
            (f"{self.named(a)} meets with {self.named(b)} in {city}.", (a, b), city),
            (f"{who3} meet in {city}.", (b, a, c), city),
            (f"{who3} speak by telephone.", (b, a, c), None),
            (f"{who2} hold a video conference on {topic}.", (a, b), None),
            (f"US, Japan, Australia, and India hold a Quad {rng.choice(GROUPS)} Working Group meeting "
             f"in {city}.", (), city),
            (f"G7 Foreign Ministers' Meeting is held in {city}.", (), city),
            (f"{self.named(b)} attends a G7 Leaders' Summit in {city}.", (b,), city),
            (f"{self.named(a)} delivers remarks at {rng.choice(PLACES)} in {city}.", (a,), city),
            (f"{who3} release a joint statement on {topic}.", (b, a, c), None),
            (f"Japan and the US hold an Extended Deterrence Dialogue in {city}.", (), city),
            (f"US-Japan-Korea Trilateral {rng.choice(GROUPS)} Dialogue is held in {city}.", (), city),
            (f"{self.named(b)} visits {city}.", (b,), city),
            (f"The Japanese government expresses concern over {topic}.", (), None),
        ]
        text, people, venue = rng.choice(templates)
        return Entry(start, end, text, tuple(p[1] for p in people), venue)

    def span(self, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
        """A day, or (one entry in ten) a range of two to four days, within [first, last]."""
        start = first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))
        if self.rng.random() < 0.1:
            return start, min(last, start + dt.timedelta(days=self.rng.randint(1, 3)))
        return start, start


def periods(first_year: int, last_year: int) -> list[tuple[dt.date, dt.date]]:
    """The journal's 4-month periods (Jan-Apr, May-Aug, Sep-Dec) over the years."""
    out = []
    for year in range(first_year, last_year + 1):
        for m in (1, 5, 9):
            end = dt.date(year + (m + 4 > 12), (m + 3) % 12 + 1, 1) - dt.timedelta(days=1)
            out.append((dt.date(year, m, 1), end))
    return out


def generate(n: int, seed: int = 6, first_year: int = 1999,
             last_year: int = 2024) -> Iterator[tuple[tuple[dt.date, dt.date], list[Entry]]]:
    """`n` entries, spread evenly over the periods, each period's in date order."""
    gen = Generator(seed)
    spans = periods(first_year, last_year)
    for i, (first, last) in enumerate(spans):
        count = n * (i + 1) // len(spans) - n * i // len(spans)
        days = sorted(gen.span(first, last) for _ in range(count))
        yield (first, last), [gen.entry(s, e) for s, e in days]


def date_prefix(start: dt.date, end: dt.date) -> str:
    """"Nov. 14, 2023", "Oct. 16-18, 2023", "Nov. 30-Dec. 2, 2023", "Dec. 30, 2023-Jan. 2, 2024"."""
    first = f"{MONTH_ABBR[start.month - 1]} {start.day}"
    if end == start:
        return f"{first}, {start.year}"
    if end.year != start.year:
        return f"{first}, {start.year}-{MONTH_ABBR[end.month - 1]} {end.day}, {end.year}"
    if end.month != start.month:
        return f"{first}-{MONTH_ABBR[end.month - 1]} {end.day}, {end.year}"
    return f"{first}-{end.day}, {end.year}"


def period_line(first: dt.date, last: dt.date) -> str:
    """"September — December 2023", or with both years when they differ."""
    if first.year == last.year:
        return f"{MONTH_NAME[first.month - 1]} — {MONTH_NAME[last.month - 1]} {last.year}"
    return f"{MONTH_NAME[first.month - 1]} {first.year} — {MONTH_NAME[last.month - 1]} {last.year}"


def document(first: dt.date, last: dt.date, entries: list[Entry]) -> str:
    """A chronology as the journal prints it: heading, period, then one entry a paragraph."""
    lines = ["Chronology of US - Japan Relations", "", period_line(first, last), "", ""]
    for e in entries:
        lines += [f"{date_prefix(e.start, e.end)}: {e.text}", ""]
    return "\n".join(lines)


def record(e: Entry) -> dict[str, str]:
    """The generator's own reading of an entry, for the other tools of the benchmark."""
    return {"start": e.start.isoformat(), "end": e.end.isoformat(), "actors": "; ".join(e.people),
            "venue_city": e.city or "", "text": e.text}


def write(n: int, out: Path, *, as_dir: bool, seed: int, first_year: int,
          csv_path: Path | None, jsonl_path: Path | None, pairs: int = 1) -> int:
    """Write the chronology (one file, or a directory of one file a period, or of `pairs` files
    a period, as the journal publishes one chronology a pair of countries) and the side files."""
    chunks = list(generate(n, seed, first_year))
    every = [e for _, entries in chunks for e in entries]
    if as_dir:
        out.mkdir(parents=True, exist_ok=True)
        for (first, last), entries in chunks:
            for k in range(pairs):
                name = f"us-japan-{first:%Y-%m}.txt" if pairs == 1 else f"pair{k + 1:02d}-{first:%Y-%m}.txt"
                (out / name).write_text(document(first, last, entries[k::pairs]), encoding="utf-8")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(document(chunks[0][0][0], chunks[-1][0][1], every), encoding="utf-8")
    if csv_path:
        with csv_path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(record(every[0])) if every else ["text"])
            writer.writeheader()
            writer.writerows(record(e) for e in every)
    if jsonl_path:
        with jsonl_path.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(record(e), ensure_ascii=False) + "\n" for e in every)
    return len(every)


def main(argv: list[str] | None = None) -> None:
    """Command line: `python bench/gen.py N -o PATH [--dir] [--seed S] [--csv F] [--jsonl F]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("-o", "--output", type=Path, required=True, help="file (or directory with --dir)")
    parser.add_argument("--dir", action="store_true", help="one file per 4-month period")
    parser.add_argument("--pairs", type=int, default=1,
                        help="with --dir: this many files a period, an entry in each in turn (an archive's many pairs)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--first-year", type=int, default=1999)
    parser.add_argument("--csv", type=Path, help="also write the generator's records as CSV")
    parser.add_argument("--jsonl", type=Path, help="also write them as JSON Lines")
    args = parser.parse_args(argv)
    count = write(args.n, args.output, as_dir=args.dir, seed=args.seed, first_year=args.first_year,
                  csv_path=args.csv, jsonl_path=args.jsonl, pairs=args.pairs)
    print(f"gen: {count} entries -> {args.output}")


if __name__ == "__main__":
    main()
