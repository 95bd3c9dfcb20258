#!/usr/bin/env python3
"""Write an OpenTofu override file that makes a synthesized stack plannable offline.

Usage: offline_overrides.py STACK_DIR/cdk.tf.json OUT.tf.json STATE_PATH [AZDO_URL]

- The backend, whatever cdk.tf.json declares (gcs in the real stacks), becomes a local one
  at STATE_PATH, so no state or lock ever touches a real backend.
- A google / google-beta provider block (each alias) that sets its own credentials,
  access_token or impersonate_service_account gets a static fake access_token instead, with
  credentials and impersonation cleared (a key file or impersonation would make the provider
  call Google at configure time). Blocks that set none of these are left alone: the provider
  then takes GOOGLE_OAUTH_ACCESS_TOKEN from the environment.
- An azuredevops provider block that sets org_service_url or personal_access_token (or any
  auth setting) is pointed at AZDO_URL (a loopback stub) with a fake PAT; otherwise the
  provider reads AZDO_ORG_SERVICE_URL / AZDO_PERSONAL_ACCESS_TOKEN from the environment.
So the plan's configuration.provider_config stays what cdk.tf.json says, unless overridden.
Prints the provider types it overrode, one a line.
"""
import json
import os
import sys

GOOGLE = ("google", "google-beta")
# external_credentials is a nested block, which an override file cannot remove: a stack that
# sets it cannot be planned offline (the provider exchanges tokens when it configures).
GOOGLE_AUTH_KEYS = ("credentials", "access_token", "impersonate_service_account",
                    "impersonate_service_account_delegates")
AZDO_CONN_KEYS = ("org_service_url", "personal_access_token", "client_id", "tenant_id",
                  "client_secret", "client_secret_path", "client_certificate",
                  "client_certificate_path", "oidc_token", "oidc_token_file_path")


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
            if not isinstance(block, dict) or not any(
                block.get(k) is not None for k in GOOGLE_AUTH_KEYS
            ):
                continue
            entry = {
                "access_token": token,
                "credentials": None,
                "impersonate_service_account": None,
                "impersonate_service_account_delegates": None,
            }
            if isinstance(block, dict) and block.get("alias"):
                entry["alias"] = block["alias"]
            providers.setdefault(name, []).append(entry)
    if azdo_url:
        for block in provider_blocks(doc, "azuredevops"):
            if not isinstance(block, dict) or not any(
                k in AZDO_CONN_KEYS or k.startswith("use_") for k in block
            ):
                continue
            entry = {"org_service_url": azdo_url, "personal_access_token": "fake-token"}
            for key in block:
                if key.startswith("use_"):
                    entry[key] = False
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
