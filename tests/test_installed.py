"""The installed `usjp` command, run as a user would: from another directory, into pipes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ustojapan_cli
from ustojapan_cli.resources import data_dir

BIN = Path(sys.executable).parent
USJP = BIN / "usjp"


def usjp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(USJP), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    return tmp_path


def test_main_job_from_another_directory(elsewhere: Path) -> None:
    r = usjp("events", "--actor", "Kamikawa", cwd=elsewhere)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 25  # header + 24 events
    assert "\x1b[" not in r.stdout  # no colour into a pipe


def test_python_dash_m_does_the_same(elsewhere: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "ustojapan_cli", "events", "--actor", "Kamikawa"],
                       cwd=elsewhere, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 25


def test_bundled_data_travels_with_the_package() -> None:
    package = Path(ustojapan_cli.__file__).parent
    repo_src = Path(__file__).resolve().parents[1] / "src"
    if package.resolve().is_relative_to(repo_src):
        pytest.skip("an editable install reads the repository's data/")
    assert data_dir() == package / "data"
    assert (package / "data" / "actors.toml").is_file()


def test_bad_input_from_the_shell_is_one_line_and_exit_2(elsewhere: Path) -> None:
    r = usjp("events", "--actor", "Nobody At All", cwd=elsewhere)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("usjp: unknown actor")


def test_a_closed_pipe_ends_quietly(elsewhere: Path) -> None:
    r = subprocess.run(f"'{USJP}' events --json | head -1", shell=True, cwd=elsewhere,
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.stdout == "[\n"
    assert r.stderr == ""


def test_timeline_and_network_render_from_the_installed_command(elsewhere: Path) -> None:
    bars = usjp("timeline", "--by", "month", cwd=elsewhere)
    assert bars.returncode == 0 and [line.split()[0] for line in bars.stdout.splitlines()] == [
        "2023-09", "2023-10", "2023-11", "2023-12"]
    svg = usjp("timeline", "--by", "actor", "--svg", "actors.svg", cwd=elsewhere)
    assert svg.returncode == 0 and (elsewhere / "actors.svg").read_text().startswith("<?xml")
    net = usjp("network", "--by", "country", "--dot", cwd=elsewhere)
    assert net.returncode == 0 and '"JP" -- "US"' in net.stdout
