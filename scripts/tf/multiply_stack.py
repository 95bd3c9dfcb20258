#!/usr/bin/env python3
"""Writes a copy of a synthesized stack whose resources appear `copies` times, for measuring how
plan time grows with the number of resources. Copy k > 1 suffixes every resource id with `_k`
and rewrites its references (`type.id` in expressions and depends_on) to the same copy, so each
copy is a whole, valid graph. Usage: multiply_stack.py SRC_STACK_DIR DEST_STACK_DIR COPIES"""
import json
import re
import shutil
import sys

src, dest, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.copytree(src, dest, ignore=shutil.ignore_patterns('.terraform', '*.tfstate*', 'plan.bin'))
with open(f'{src}/cdk.tf.json') as f:
    stack = json.load(f)
ids = {(t, i) for t, by in stack['resource'].items() for i in by}
ref = re.compile(r'\b(google_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\b')


def rename(value, k):
    if isinstance(value, str):
        return ref.sub(lambda m: f'{m[1]}.{m[2]}_{k}' if (m[1], m[2]) in ids else m[0], value)
    if isinstance(value, list):
        return [rename(v, k) for v in value]
    if isinstance(value, dict):
        return {key: rename(v, k) for key, v in value.items()}
    return value


resources = {}
for t, by in stack['resource'].items():
    resources[t] = dict(by)
    for k in range(2, copies + 1):
        for i, body in by.items():
            resources[t][f'{i}_{k}'] = rename(body, k)
stack['resource'] = resources
stack.pop('output', None)
with open(f'{dest}/cdk.tf.json', 'w') as f:
    json.dump(stack, f)
print(sum(len(by) for by in resources.values()))
