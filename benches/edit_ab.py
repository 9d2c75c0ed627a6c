#!/usr/bin/env python3
"""One CLI edit with its save, as a user runs it: `story edit STORY --title ...` on a copy
of a document, from spawn to exit, with its peak memory. Several binaries (a release build
of each version to compare) run alternated, so a machine whose speed drifts slows them
alike. `noted` edits a file roadlog saved (the note of the last save names it, so the edit
copies its unchanged stories from it); `unnoted` a fresh copy without the note each run, as
a file from git or another tool. Needs GNU time:
    cargo build --release --bin roadlog
    target/release/roadlog demo --out big.json --stories 100000
    python3 benches/edit_ab.py RUNS noted|unnoted big.json S-50000 BINARY...
"""
import os, shutil, statistics, subprocess, sys, tempfile

if len(sys.argv) < 6 or sys.argv[2] not in ("noted", "unnoted"):
    sys.exit(__doc__)
runs, mode, source, story, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
figures = {binary: ([], []) for binary in binaries}
with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(source))) as folder:
    copies = {binary: os.path.join(folder, f"{i}.json") for i, binary in enumerate(binaries)}

    def edit(binary, title):
        timed = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", binary, "--file", copies[binary],
             "story", "edit", story, "--title", title],
            capture_output=True, text=True)
        if timed.returncode != 0:
            sys.exit(f"{binary}: {timed.stderr}")
        wall, kib = timed.stderr.strip().splitlines()[-1].split()
        return float(wall) * 1e3, int(kib)

    for binary in binaries:
        shutil.copyfile(source, copies[binary])  # a plain copy carries no note
        if mode == "noted":
            edit(binary, "first")
    for run in range(runs):
        for binary in binaries:
            if mode == "unnoted":
                shutil.copyfile(source, copies[binary])
            wall, kib = edit(binary, f"edited {run}")
            figures[binary][0].append(wall)
            figures[binary][1].append(kib)
size = os.path.getsize(source) / 1024
print(f"{source}: {size:.0f} KiB, {mode}, {story}, {runs} runs")
for binary, (walls, kibs) in figures.items():
    rss = statistics.median(kibs)
    print(f"{binary}: wall median {statistics.median(walls):.0f} ms "
          f"(min {min(walls):.0f}, max {max(walls):.0f}), "
          f"peak RSS median {rss:.0f} KiB ({rss / size:.2f}x the file)")
