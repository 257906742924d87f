"""One ``ferry run`` process: the request on stdin, stdout and stderr read concurrently.

Three threads move bytes: one writes the request to stdin, two read stdout and stderr line by line
into one queue. The task's own thread consumes the queue, so every log call happens there. The
process starts in a new session, so ``terminate`` reaches its whole process group.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from typing import IO, Iterator, Mapping, Sequence

#: After the process has exited, how long to wait for its pipes to close (a leftover grandchild may
#: hold them open) before reading stops.
PIPE_DRAIN_SECONDS = 5.0


class FerryProcess:
    """A started ``ferry run``; iterate ``lines()`` until both streams end, then ``wait()``."""

    def __init__(
        self, argv: Sequence[str], request: bytes, env: Mapping[str, str], cwd: str | None = None
    ) -> None:
        self._queue: queue.Queue[tuple[str, bytes | None]] = queue.Queue()
        self.terminated = False
        self._popen = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        self.pid = self._popen.pid
        stdin, stdout, stderr = self._popen.stdin, self._popen.stdout, self._popen.stderr
        assert stdin is not None and stdout is not None and stderr is not None
        self._threads = [
            threading.Thread(target=self._write, args=(stdin, request), name="ferry-stdin", daemon=True),
            threading.Thread(target=self._read, args=("stdout", stdout), name="ferry-stdout", daemon=True),
            threading.Thread(target=self._read, args=("stderr", stderr), name="ferry-stderr", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def lines(self, poll_seconds: float = 0.5) -> Iterator[tuple[str, bytes]]:
        """``("stdout", line)`` and ``("stderr", line)`` in arrival order, without line breaks, until
        both streams have ended."""
        open_streams = 2
        exited_at: float | None = None
        while open_streams:
            try:
                stream, line = self._queue.get(timeout=poll_seconds)
            except queue.Empty:
                if self._popen.poll() is None:
                    continue
                exited_at = exited_at or time.monotonic()
                if time.monotonic() - exited_at > PIPE_DRAIN_SECONDS:
                    return
                continue
            if line is None:
                open_streams -= 1
            else:
                yield stream, line

    def wait(self) -> int:
        """The exit code (negative for a signal, as subprocess reports it)."""
        return self._popen.wait()

    def terminate(self, grace_seconds: float) -> None:
        """SIGTERM to the process group, so ferry rolls back and ends with a cancelled result; SIGKILL
        when it has not exited after ``grace_seconds``. Safe from a signal handler: it never reaps
        the process (the task's thread does), it only watches for its exit."""
        if self._popen.returncode is not None:
            return
        self.terminated = True
        try:
            os.killpg(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline:
            if self._exited():
                return
            time.sleep(0.05)
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _exited(self) -> bool:
        if self._popen.returncode is not None:
            return True
        if not hasattr(os, "waitid"):
            return self._popen.poll() is not None
        try:
            # WNOWAIT leaves the exit status for the thread that waits on the process.
            return os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True

    def _write(self, stdin: IO[bytes], request: bytes) -> None:
        try:
            stdin.write(request)
            stdin.close()
        except OSError:
            pass  # ferry exited before reading the whole request; its result says why

    def _read(self, stream: str, pipe: IO[bytes]) -> None:
        try:
            for line in pipe:
                self._queue.put((stream, line.rstrip(b"\r\n")))
        finally:
            pipe.close()
            self._queue.put((stream, None))
