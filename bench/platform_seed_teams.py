#!/usr/bin/env python3
"""Puts bench/access's seeded users into teams over SCIM (stdlib only).

Usage: platform_seed_teams.py SCIM_BASE_URL TOKEN IDS_FILE TEAMS
Creates TEAMS groups; user i joins team i % TEAMS (and every tenth user also team (i+1) % TEAMS),
so access answers carry one or two teams. Exits non-zero on any non-201 answer.
"""
import http.client
import json
import sys
import urllib.parse


def main() -> int:
    base, token, ids_path, teams = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ids = [line.strip() for line in open(ids_path) if line.strip()]
    members = [[] for _ in range(teams)]
    for i, user in enumerate(ids):
        members[i % teams].append(user)
        if i % 10 == 0:
            members[(i + 1) % teams].append(user)
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    for t in range(teams):
        body = {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": f"bench team {t:03d}",
            "members": [{"value": m} for m in members[t]],
        }
        conn.request("POST", url.path.rstrip("/") + "/Groups", body=json.dumps(body), headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 201:
            print(f"teams: POST /Groups -> {resp.status} {data[:300]!r}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
