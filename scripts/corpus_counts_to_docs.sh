#!/bin/sh
# Replace the counts block of docs/corpus.md with the output of scripts/corpus_stats.py.
set -e
cd "$(dirname "$0")/.."
python3 - <<'PY'
import re, subprocess
stats = subprocess.run(["python3", "scripts/corpus_stats.py"], check=True, capture_output=True, text=True).stdout
table = "\n".join(l for l in stats.splitlines() if l.startswith("|") or l.startswith("In all"))
table = table.replace("\nIn all", "\n\nIn all")
path = "docs/corpus.md"
doc = open(path, encoding="utf-8").read()
marker = "<!-- counts: python scripts/corpus_stats.py -->\n"
head, rest = doc.split(marker)
tail = rest.split("\n\n", 2)[2]
open(path, "w", encoding="utf-8").write(head + marker + table + "\n\n" + tail)
PY
