#!/usr/bin/env python3
"""The TUI's first frame as a user sees it: from spawning `roadlog` in an 80x24 tmux pane
to the pane showing the footer's last hint ("? help"), which is drawn with the first full
frame. Prints, per run, the wall time and the CPU time (user + system, from /proc) the
process had used when its frame was seen; on a loaded machine the CPU time is what the
program costs (see docs/PERFORMANCE.md). Needs tmux and a release build:
    cargo build --release --bin roadlog
    python3 benches/tui_first_frame.py [STORIES] [RUNS]
"""
import os, subprocess, sys, tempfile, time

stories = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
binary = os.path.abspath("target/release/roadlog")
tick = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


with tempfile.TemporaryDirectory() as folder:
    doc = os.path.join(folder, "big.json")
    subprocess.run([binary, "demo", "--out", doc, "--stories", str(stories)],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"{stories} stories, {os.path.getsize(doc)} bytes; load average {os.getloadavg()}")
    env = f"env XDG_CONFIG_HOME={folder} HOME={folder}"
    for run in range(runs):
        session = f"roadlog-first-frame-{os.getpid()}-{run}"
        start = time.monotonic()
        tmux("new", "-d", "-s", session, "-x", "80", "-y", "24", f"exec {env} {binary} --file {doc}")
        pid = int(tmux("display", "-p", "-t", session, "#{pane_pid}"))
        while "? help" not in tmux("capture-pane", "-p", "-t", session):
            time.sleep(0.002)
        wall, cpu = time.monotonic() - start, cpu_seconds(pid)
        tmux("kill-session", "-t", session)
        print(f"run {run + 1}: wall {wall * 1e3:7.0f} ms, CPU {cpu * 1e3:5.0f} ms, "
              f"load average {os.getloadavg()[0]:.2f}")
        time.sleep(0.5)
