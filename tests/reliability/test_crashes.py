"""kill -9 at several moments of a load, then reads, `samkart check`, and the way back."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.reliability.helpers import ENV, meetings, minutes, one_line_error, samkart

# runs the real CLI in a process that SIGKILLs itself at one moment of the load
DRIVER = """
import os, signal, sys
from samkart import store as st
from samkart.sinks import rdf_store

moment = sys.argv[1]
def die():
    os.kill(os.getpid(), signal.SIGKILL)

def after(cls, name, nth=1):
    original, calls = getattr(cls, name), []
    def wrapped(self, *a, **k):
        result = original(self, *a, **k)
        calls.append(1)
        if len(calls) >= nth:
            die()
        return result
    setattr(cls, name, wrapped)

def before(cls, name):
    setattr(cls, name, lambda self, *a, **k: die())

if moment == "parsing":
    after(st.StoreFolder, "save_extraction", nth=2)
elif moment == "manifest":
    before(st.StoreFolder, "save_manifest")
elif moment == "rdf-write":
    after(rdf_store.RdfStore, "change")
elif moment == "digests":
    before(st.StoreFolder, "save_digests")
from samkart.cli import main
sys.argv = ["samkart", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("moment, finish", [("parsing", "load"), ("manifest", "repair"), ("rdf-write", "load"), ("digests", "repair")])
def test_kill_9_during_a_load(tmp_path, moment, finish):
    store = tmp_path / "store"
    first, second = minutes(tmp_path / "first", 3), minutes(tmp_path / "second", 3, start=20)
    samkart("load", *first, store=store, check=True)
    before = meetings(store)
    killed = subprocess.run([sys.executable, "-c", DRIVER, moment, "--store", str(store), "load", *map(str, second)],
                            capture_output=True, text=True, env=ENV, timeout=300)
    assert killed.returncode == -9, killed.stderr

    reference = tmp_path / "reference"
    samkart("load", *first, *second, store=reference, check=True)
    if moment == "parsing":
        # nothing was committed: readers see the last complete state
        assert meetings(store) == before
        assert samkart("cypher", "MATCH (m:Meeting) RETURN count(m) AS n", "--csv", store=store, check=True).stdout.split()[-1] == "3"
    else:
        # half-written: every reader says so, and how to finish it, instead of answering
        for command in (["list", "meetings"], ["person", "Kari Fjell"], ["sparql", "list-people"], ["viz", "-o", tmp_path / "v.html"],
                        ["cypher", "brokers"], ["export", "--format", "trig"]):
            message = one_line_error(samkart(*command, store=store))
            assert "interrupted" in message and "samkart repair" in message, (command, message)
    checked = samkart("check", store=store)
    assert checked.returncode == 1 and "samkart repair" in checked.stdout, checked.stdout
    assert "Traceback" not in checked.stderr

    if finish == "load":
        samkart("load", store=store, check=True)  # no new files: finishes what was interrupted
    else:
        repaired = samkart("repair", store=store, check=True)
        assert "repair" in repaired.stdout
    sound = samkart("check", store=store)
    assert sound.returncode == 0 and "sound" in sound.stdout, sound.stdout
    # an interrupted commit is finished; an interrupted parse left nothing
    assert meetings(store) == (before if moment == "parsing" else meetings(reference))
    samkart("load", *second, store=store, check=True)
    assert meetings(store) == meetings(reference)
