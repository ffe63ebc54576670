#!/usr/bin/env python3
"""Interoperability check: Rubric's exports load with Hugging Face `datasets`
and have the columns TRL's trainers expect.

Usage: check_trl_columns.py PATH/TO/rubric
Builds a store with the real binary, imports preference data, exports each
training format, and loads every file with datasets.load_dataset("json", ...).
Prints one line per check and a closing "N passed, N failed" line.
"""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

from datasets import load_dataset

rubric = sys.argv[1]
work = tempfile.mkdtemp(prefix="rubric-interop-")
atexit.register(shutil.rmtree, work, ignore_errors=True)
store = os.path.join(work, "store")
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def run(*args):
    r = subprocess.run([rubric, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"rubric {' '.join(args)} failed: {r.stderr}")
    return r


run("init", store, "--preset", "ranking", "--annotator", "interop")
src = os.path.join(work, "pairs.jsonl")
with open(src, "w") as f:
    for i in range(5):
        f.write(json.dumps({"prompt": f"Question {i}?", "chosen": f"Good answer {i}.", "rejected": f"Bad answer {i}."}) + "\n")
    f.write(json.dumps({"chosen": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! 👋"}],
                        "rejected": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "What."}]}) + "\n")
run("import", store, src)


def export(fmt, *extra):
    out = os.path.join(work, f"{fmt}{'-'.join(extra)}.jsonl")
    run("export", store, "--format", fmt, "--from-prior", "-o", out, *extra)
    return load_dataset("json", data_files=out, split="train")


def is_messages(value):
    return isinstance(value, list) and all(set(m) >= {"role", "content"} for m in value)


ds = export("dpo")
check("dpo loads", len(ds) == 6, len(ds))
check("dpo has prompt/chosen/rejected", {"prompt", "chosen", "rejected"} <= set(ds.column_names), ds.column_names)
check("dpo standard values are strings", all(isinstance(r["chosen"], str) and isinstance(r["prompt"], str) for r in ds))

ds = export("dpo", "--conversational")
check("dpo conversational loads", len(ds) == 6, len(ds))
check("dpo conversational prompt is messages", all(is_messages(r["prompt"]) for r in ds))
check("dpo conversational chosen is assistant messages", all(is_messages(r["chosen"]) and r["chosen"][0]["role"] == "assistant" for r in ds))

ds = export("kto")
check("kto has prompt/completion/label", {"prompt", "completion", "label"} <= set(ds.column_names), ds.column_names)
check("kto label is boolean", all(isinstance(r["label"], bool) for r in ds))
check("kto has both labels", {r["label"] for r in ds} == {True, False})

ds = export("sft")
check("sft has messages", ds.column_names[:1] == ["messages"], ds.column_names)
check("sft messages end with the chosen reply", all(is_messages(r["messages"]) and r["messages"][-1]["role"] == "assistant" for r in ds))
check("sft keeps emoji", any("👋" in r["messages"][-1]["content"] for r in ds))

ds = export("reward")
check("reward has listwise columns", {"task_id", "prompt", "candidates", "ranking", "none_acceptable"} <= set(ds.column_names), ds.column_names)
check("reward candidates carry id, text and tier", all(all({"id", "text", "tier"} <= set(c) for c in r["candidates"]) for r in ds))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
