"""An independent reader of a Lakota repository folder, written from the
format notes alone (FORMAT.md §2–§9), with numpy, msgpack and numcodecs like
Python Lakota 0.7.1. It prints, as JSON, every collection's series at the
leaf: {collection: {series: [[index..., values...], ...]}}. Cells are
strings: ints and datetimes as integers, floats as repr, text as is."""
import hashlib
import json
import os
import sys

import msgpack
import numpy as np
from numcodecs import Blosc, MsgPack, Zstd

root = sys.argv[1]
PHI = "00000000000-" + "0" * 40
EMPTY = hashlib.sha1(b"").hexdigest()


def hashed(digest):
    return os.path.join(root, digest[:2], digest[2:4], digest[4:])


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def decode(data, dt, codecs):
    if len(data) == 0:
        return np.array([], dtype=dt if not dt.startswith("<U") else "U")
    for c in reversed(codecs):
        if c == "blosc":
            data = Blosc().decode(data)
        elif c == "zstd":
            data = Zstd().decode(data)
        elif c == "msgpack2":
            return MsgPack().decode(data)
    return np.frombuffer(data, dtype=dt)


def log(folder):
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    children, seen_child = {}, set()
    for n in names:
        parent, child = n.split(".")
        if parent == child:
            continue
        seen_child.add(child)
        children.setdefault(parent, []).append((parent, child))
    roots = [p for p in children if p not in seen_child]
    out, yielded = [], set()
    queue = list(reversed([r for p in roots for r in children[p]]))
    while queue:
        rev = queue.pop()
        kids = [] if rev[1] in yielded else children.get(rev[1], [])
        yielded.add(rev[1])
        queue.extend(reversed(kids))
        out.append(rev)
    return out


def leaf_commit(folder, schema):
    revs = log(folder)
    if not revs:
        return None
    parent, child = revs[-1]
    payload = read_file(os.path.join(folder, parent + "." + child))
    assert hashlib.sha1(payload).hexdigest() == child.split("-")[1], "digest mismatch"
    data = MsgPack().decode(payload)[0]
    cols = list(schema["columns"])
    idx = [c for c in cols if schema["columns"][c]["idx"]]
    text = ["msgpack2", "zstd"]
    commit = {
        "label": decode(data["label"], "<U", text),
        "closed": decode(data["closed"], "<U", text),
        "length": decode(data["length"], "int64", ["blosc"]),
        "start": {c: decode(data["start"][c], schema["columns"][c]["dt"], schema["columns"][c]["codecs"]) for c in idx},
        "stop": {c: decode(data["stop"][c], schema["columns"][c]["dt"], schema["columns"][c]["codecs"]) for c in idx},
        "digest": {c: decode(data["digest"][c], "<U", text) for c in cols},
        "embedded": data.get("embedded") or {},
    }
    return commit


def array(commit, digest, col):
    if digest == EMPTY:
        return decode(b"", col["dt"], col["codecs"])
    data = commit["embedded"].get(digest)
    if data is None:
        path = hashed(digest)
        if not os.path.exists(path):
            folder = os.path.dirname(path)
            soft = [n for n in os.listdir(folder) if n.startswith(os.path.basename(path) + ".")]
            path = os.path.join(folder, soft[0])
        data = read_file(path)
    arr = decode(data, col["dt"], col["codecs"])
    return np.asarray(arr)


def key(v):
    return v.astype("int64").item() if np.issubdtype(np.asarray(v).dtype, np.datetime64) else (v.item() if hasattr(v, "item") else v)


def raw_rows(commit, schema, label):
    cols = list(schema["columns"])
    idx = [c for c in cols if schema["columns"][c]["idx"]]
    rows = []
    for pos in np.where(commit["label"] == label)[0]:
        if commit["length"][pos] == 0:
            continue
        closed = commit["closed"][pos]
        start = tuple(key(commit["start"][c][pos]) for c in idx)
        stop = tuple(key(commit["stop"][c][pos]) for c in idx)
        arrays = {c: array(commit, commit["digest"][c][pos], schema["columns"][c]) for c in cols}
        n = len(arrays[cols[0]])
        for i in range(n):
            k = tuple(key(arrays[c][i]) for c in idx)
            left = k > start or (k == start and closed in ("b", "l"))
            right = k < stop or (k == stop and closed in ("b", "r"))
            if left and right:
                rows.append([arrays[c][i] for c in cols])
    return rows


def read_series(commit, schema, label):
    cols = list(schema["columns"])
    return [[cell(v, schema["columns"][c]) for v, c in zip(row, cols)] for row in raw_rows(commit, schema, label)]


def cell(v, col):
    if col["dt"].startswith("datetime64"):
        return str(np.asarray(v).astype("int64").item())
    if col["dt"].startswith("float"):
        return repr(float(v))
    if col["dt"] == "object":
        return json.dumps(v, sort_keys=True)
    return str(v.item() if hasattr(v, "item") else v)


registry_schema = {"columns": {"label": {"dt": "<U0", "codecs": ["msgpack2", "zstd"], "idx": True},
                               "meta": {"dt": "object", "codecs": ["msgpack2", "zstd"], "idx": False}}}
reg = leaf_commit(os.path.join(root, "00", "00", "0" * 36), registry_schema)
metas = {}
if reg is not None:
    for label, meta in raw_rows(reg, registry_schema, "collection"):
        metas[str(label)] = meta
out = {}
for name, meta in sorted(metas.items()):
    schema = meta["schema"]
    commit = leaf_commit(os.path.join(root, meta["path"]), schema)
    out[name] = {}
    if commit is None:
        continue
    for label in sorted(set(commit["label"].tolist())):
        out[name][label] = read_series(commit, schema, label)
json.dump(out, sys.stdout)
