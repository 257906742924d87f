"""A scripted stand-in for the ferry binary (the test copies it next to a script.json, with a shebang).

It reads the whole request from stdin, as ferry does, records its argv, stdin, environment and process
ids, then runs the steps of script.json in order:

  {"stdout": "text"}            a line on stdout        {"stderr": "text"}       a line on stderr
  {"stdout_json": {...}}        an event on stdout      {"stderr_bytes": n}      n bytes of log lines
  {"sleep": seconds}                                    {"exit": code}
  {"spawn": [argv], "pid_file": path}   a child in the same process group, its pid written to pid_file
  {"ignore_sigterm": true}              {"kill_self": signal number}
  {"touch": path}                       creates the file (tells the test a step was reached)
  {"copy_env_file": VARIABLE}           records the text and mode of the file $VARIABLE names
                                        (``copied``, ``copied_mode`` in the record)
"""

import json
import os
import signal
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "script.json")) as f:
    script = json.load(f)

request = sys.stdin.buffer.read().decode("utf-8")
with open(script["record"], "w") as f:
    json.dump(
        {"argv": sys.argv, "stdin": request, "env": dict(os.environ), "pid": os.getpid(),
         "pgid": os.getpgid(0), "sid": os.getsid(0)},
        f,
    )

for step in script["steps"]:
    if "stdout" in step:
        sys.stdout.write(step["stdout"] + "\n")
        sys.stdout.flush()
    elif "stdout_json" in step:
        sys.stdout.write(json.dumps(step["stdout_json"]) + "\n")
        sys.stdout.flush()
    elif "stderr" in step:
        sys.stderr.write(step["stderr"] + "\n")
        sys.stderr.flush()
    elif "stderr_bytes" in step:
        line = "ferry: " + "x" * 92 + "\n"
        for _ in range(step["stderr_bytes"] // len(line)):
            sys.stderr.write(line)
        sys.stderr.flush()
    elif "sleep" in step:
        time.sleep(step["sleep"])
    elif "spawn" in step:
        child = subprocess.Popen(step["spawn"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(step["pid_file"], "w") as f:
            f.write(str(child.pid))
    elif "ignore_sigterm" in step:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    elif "kill_self" in step:
        os.kill(os.getpid(), step["kill_self"])
        time.sleep(5)
    elif "touch" in step:
        open(step["touch"], "w").close()
    elif "copy_env_file" in step:
        path = os.environ[step["copy_env_file"]]
        with open(script["record"]) as f:
            record = json.load(f)
        with open(path) as f:
            record["copied"] = f.read()
        record["copied_mode"] = os.stat(path).st_mode & 0o777
        with open(script["record"], "w") as f:
            json.dump(record, f)
    elif "exit" in step:
        sys.exit(step["exit"])
