#!/usr/bin/env python3
"""Pre-creates users for bench/scim over one keep-alive connection (stdlib only).

Usage: scim_seed.py BASE_URL TOKEN COUNT PREFIX IDS_FILE NAMES_FILE
Writes the created ids and userNames, one per line. Exits non-zero on any non-201 answer.
"""
import http.client
import json
import sys
import urllib.parse


def main() -> int:
    base, token, count, prefix, ids_path, names_path = sys.argv[1:7]
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/scim+json",
        "Accept": "application/scim+json",
    }
    path = url.path.rstrip("/") + "/Users"
    ids, names = [], []
    for i in range(int(count)):
        name = f"{prefix}-{i:06d}@bench.example"
        body = {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": name,
            "externalId": f"ext-{prefix}-{i:06d}",
            "name": {"givenName": "Seed", "familyName": f"User {i}"},
            "emails": [{"value": name, "type": "work", "primary": True}],
            "active": True,
        }
        conn.request("POST", path, body=json.dumps(body), headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 201:
            print(f"seed: POST {path} -> {resp.status} {data[:300]!r}", file=sys.stderr)
            return 1
        if resp.getheader("Connection", "").lower() == "close" or resp.version == 10:
            conn.close()
        ids.append(json.loads(data)["id"])
        names.append(name)
    with open(ids_path, "w") as f:
        f.write("\n".join(ids) + "\n")
    with open(names_path, "w") as f:
        f.write("\n".join(names) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
