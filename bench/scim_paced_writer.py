#!/usr/bin/env python3
"""Commits SCIM writes at a steady pace while another benchmark runs (stdlib only).

Usage: scim_paced_writer.py BASE_URL TOKEN USER_ID RATE SECONDS
PATCHes USER_ID's `active` back and forth RATE times a second for SECONDS over one keep-alive
connection, each acknowledged only after its commit, and prints `writes=N failed=M`. Used by
bench/access to measure access checks while commits keep invalidating the answer cache.
"""
import http.client
import json
import sys
import time
import urllib.parse


def main() -> int:
    base, token, user_id, rate, seconds = sys.argv[1:6]
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    path = url.path.rstrip("/") + "/Users/" + user_id
    interval = 1.0 / float(rate)
    start = time.monotonic()
    writes = failed = 0
    while time.monotonic() - start < float(seconds):
        body = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": writes % 2 == 1}}],
        }
        conn.request("PATCH", path, body=json.dumps(body), headers=headers)
        resp = conn.getresponse()
        resp.read()
        writes += 1
        if resp.status != 200:
            failed += 1
        # Paced against the start, so a slow answer does not lower the rate.
        delay = start + writes * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print(f"writes={writes} failed={failed}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
