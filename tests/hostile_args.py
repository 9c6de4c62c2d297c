"""Command lines a careless or hostile user might type: Hypothesis strategies for the CLI tests."""

from __future__ import annotations

from hypothesis import strategies as st

HOSTILE_VALUES = [
    "", "-", "--", " ", "\x1b[2J", "\x1b]0;pwned\x07", "[red]x[/red]", "[/i]", "\u202e", "上川", "Kamikawa",
    "kamikawa yoko", "Park", "JP", "korea", "XX", "trilateral", "call", "2023-02-30", "Feb. 30, 2023", "Sept. 31",
    "Oct. 18-16, 2023", "Smarch 2023", "0000", "2023-11", "Nov 2023", "9999-12-31", "-1", "0", "3",
    "99999999999999999999", "%s%n%x", "{0}", "$(touch pwned)", "'; DROP TABLE events; --", "a" * 5000,
    "month", "actor", "2023-11-14-33ae", "2023", b"\xff\xfe\x80",
]
OPTIONS = ["--actor", "-a", "--country", "--venue", "--format", "--kind", "--since", "--until", "--on", "--text",
           "--sort", "--limit", "--by", "--top", "--role", "--at", "-o", "--output", "--explode"]
FLAGS = ["--table", "--tsv", "--csv", "--json", "--jsonl", "--md", "--ics", "--timelinejs", "--dot", "--bom",
         "--force", "--keep-formulas", "--reverse", "--bibtex", "--help", "--version", "--bogus"]
COMMANDS = ["events", "count", "export", "actors", "network", "show", "schema", "cite", "timeline", "bogus"]
OUTPUT_FILES = ["out.csv", "sub/out.csv", ".", "/dev/null", "out.ics", "a" * 300, "a/" * 3000 + "x", "\x1b[2J.csv"]

Arg = str | bytes
word = st.one_of(
    st.tuples(st.sampled_from(OPTIONS), st.sampled_from(HOSTILE_VALUES)).map(list),
    st.tuples(st.sampled_from(["-o", "--output"]), st.sampled_from(OUTPUT_FILES)).map(list),
    st.sampled_from(FLAGS).map(lambda f: [f]),
    st.sampled_from(HOSTILE_VALUES).map(lambda v: [v]),
)
arg_lists = st.tuples(st.sampled_from(COMMANDS), st.lists(word, max_size=5)).map(
    lambda p: [p[0], *(a for w in p[1] for a in w)])


