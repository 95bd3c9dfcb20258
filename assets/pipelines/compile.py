"""Compiles the end2end pipeline to compiled/end2end.json (the file the pipeline-trigger
function and the submit command hand to Vertex AI).

    .venv/bin/python assets/pipelines/compile.py [OUT]

The output is deterministic: the same sources and kfp version give the same bytes, and a test
fails when the committed file differs from a fresh compile.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from kfp import compiler  # noqa: E402

from pipeline import end2end  # noqa: E402

DEFAULT_OUT = HERE / "compiled" / "end2end.json"


def render() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "end2end.json"
        compiler.Compiler().compile(pipeline_func=end2end, package_path=str(path))
        spec = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(spec, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}")
