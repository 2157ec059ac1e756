"""#2: the embedded FalkorDB server is locked down and never outlives samkart."""
from __future__ import annotations

import json
import os
import signal
import socket
import stat
import time

import pytest

from tests.reliability.helpers import minutes, samkart, spawn

SLOW = "UNWIND range(1, 200000000) AS x RETURN count(x) AS n"


def _running_server(store, proc, timeout=60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid_file in (store / "falkordb").glob("server-*.json"):
            try:
                record = json.loads(pid_file.read_text(encoding="utf-8"))
            except ValueError:
                continue
            try:
                with socket.create_connection(("127.0.0.1", record["port"]), timeout=0.5):
                    return record
            except OSError:
                pass
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError("the embedded server never started")


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not open(f"/proc/{pid}/stat").read().split(")")[1].split()[0] == "Z"


def _wait_gone(record: dict, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (_listening(record["port"]) or _alive(record["server"])):
        time.sleep(0.1)


@pytest.fixture
def store(tmp_path):
    store = tmp_path / "store"
    samkart("load", *minutes(tmp_path / "docs", 3), store=store, check=True)
    return store


def test_password_and_private_files(store):
    proc = spawn("cypher", SLOW, store=store)
    try:
        record = _running_server(store, proc)
        with socket.create_connection(("127.0.0.1", record["port"]), timeout=5) as s:
            s.sendall(b"GRAPH.QUERY samkart \"MATCH (n) RETURN count(n)\"\r\n")
            assert s.recv(256).startswith(b"-NOAUTH")
            s.sendall(b"SHUTDOWN NOSAVE\r\n")
            assert s.recv(256).startswith(b"-NOAUTH")
        # the password is in no command line another user could read
        cmdline = open(f"/proc/{record['server']}/cmdline", "rb").read().decode()
        assert "requirepass" not in cmdline
        folder = store / "falkordb"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in folder.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        proc.kill()
        proc.wait()
    _wait_gone(record)
    samkart("list", "people", store=store, check=True)
    assert not _listening(record["port"]) and not _alive(record["server"])
    for path in (store / "falkordb").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_signals_stop_the_server(store, sig):
    proc = spawn("cypher", SLOW, store=store)
    record = _running_server(store, proc)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in err, err
    _wait_gone(record, timeout=10)
    assert not _listening(record["port"]) and not _alive(record["server"])
    assert not list((store / "falkordb").glob("server-*"))


def test_sigkill_leaves_no_listener_after_the_next_command(store):
    proc = spawn("cypher", SLOW, store=store)
    record = _running_server(store, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    result = samkart("list", "people", store=store, check=True)
    assert "Traceback" not in result.stderr
    _wait_gone(record, timeout=10)
    assert not _listening(record["port"]) and not _alive(record["server"])
    assert not list((store / "falkordb").glob("server-*"))
    # and the next cypher works as before
    assert samkart("cypher", "MATCH (m:Meeting) RETURN count(m) AS n", "--csv", store=store, check=True).stdout.split()[-1] == "3"


def test_an_orphan_found_by_its_pid_file_is_stopped(store):
    """Where the kernel's parent-death signal does not reach (another OS, a server re-parented
    by a crash), the pid file lets the next command stop it — only if it is ours."""
    import subprocess
    import sys

    folder = store / "falkordb"
    folder.mkdir(mode=0o700, exist_ok=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", str(folder.resolve())])
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        for owner, server in ((dead.pid, orphan.pid), (dead.pid + 0, stranger.pid)):
            (folder / f"server-{owner}-{server}.json").write_text(json.dumps({"owner": owner, "server": server, "port": 1}), encoding="utf-8")
        samkart("list", "people", store=store, check=True)
        assert orphan.wait(timeout=10) == -signal.SIGTERM
        assert stranger.poll() is None  # a process that is not a server of this store is left alone
        assert not list(folder.glob("server-*.json"))
    finally:
        orphan.kill()
        stranger.kill()
        orphan.wait()
        stranger.wait()
