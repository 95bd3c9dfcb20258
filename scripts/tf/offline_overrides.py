#!/usr/bin/env python3
"""Write an OpenTofu override file that makes a synthesized stack plannable offline.

Usage: offline_overrides.py STACK_DIR/cdk.tf.json OUT.tf.json STATE_PATH [AZDO_URL]

- The backend, whatever cdk.tf.json declares (gcs in the real stacks), becomes a local one
  at STATE_PATH, so no state or lock ever touches a real backend.
- Every google / google-beta provider block (each alias) authenticates with a static fake
  token: access_token is set, credentials and impersonation are cleared (impersonation or
  key files would make the provider call Google at configure time).
- Every azuredevops provider block is pointed at AZDO_URL (a loopback stub) with a fake PAT.
Prints the provider types it overrode, one a line.
"""
import json
import os
import sys

GOOGLE = ("google", "google-beta")


def provider_blocks(doc, name):
    blocks = (doc.get("provider") or {}).get(name)
    if blocks is None:
        return []
    return blocks if isinstance(blocks, list) else [blocks]


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 2
    src, out, state = argv[1], argv[2], argv[3]
    azdo_url = argv[4] if len(argv) == 5 else ""
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)

    override = {"terraform": {"backend": {"local": {"path": state}}}}
    providers = {}
    token = os.environ.get("GOOGLE_OAUTH_ACCESS_TOKEN", "fake-token")
    for name in GOOGLE:
        for block in provider_blocks(doc, name):
            entry = {
                "access_token": token,
                "credentials": None,
                "impersonate_service_account": None,
            }
            if isinstance(block, dict) and block.get("alias"):
                entry["alias"] = block["alias"]
            providers.setdefault(name, []).append(entry)
    if azdo_url:
        for block in provider_blocks(doc, "azuredevops"):
            entry = {"org_service_url": azdo_url, "personal_access_token": "fake-token"}
            if isinstance(block, dict) and block.get("alias"):
                entry["alias"] = block["alias"]
            providers.setdefault("azuredevops", []).append(entry)
    if providers:
        override["provider"] = providers

    with open(out, "w", encoding="utf-8") as f:
        json.dump(override, f, indent=2)
        f.write("\n")
    for name in providers:
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
