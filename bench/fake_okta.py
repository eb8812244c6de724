#!/usr/bin/env python3
"""A fake Okta management API for bench/reconcile (loopback only, standard library only).

Serves a generated org: USERS app users (all ACTIVE), GROUPS groups assigned to the app and
pushed (active group-push mappings), each with MEMBERS_PER_GROUP members, in the JSON shapes of
okta-protocol.md C6, paged with `Link: <...>; rel="next"` and `X-Rate-Limit-*` headers. With
--limit-per-minute N it enforces N requests per rolling minute window with 429s, the way Okta's
org-wide buckets do. GET /__stats answers the request and 429 counts.
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--users", type=int, default=100_000)
parser.add_argument("--groups", type=int, default=2_000)
parser.add_argument("--members-per-group", type=int, default=100)
parser.add_argument("--app", default="0oabench")
parser.add_argument("--token", default="bench-token")
parser.add_argument("--limit-per-minute", type=int, default=0)
args = parser.parse_args()

STAMP = "2026-01-05T10:00:00.000Z"


def app_user(i):
    uid = f"00u{i:010d}"
    name = f"user{i}@bench.example"
    return json.dumps({
        "id": uid, "externalId": None, "scope": "USER", "status": "ACTIVE", "syncState": "SYNCHRONIZED",
        "lastUpdated": STAMP, "statusChanged": STAMP, "credentials": {"userName": name},
        "profile": {"givenName": "Bench", "familyName": f"User {i}", "email": name, "emailType": "work"},
        "_embedded": {"user": {"id": uid, "status": "ACTIVE", "profile": {"login": name}}},
    }, separators=(",", ":"))


APP_USERS = [app_user(i) for i in range(args.users)]
GROUP_IDS = [f"00g{g:010d}" for g in range(args.groups)]
APP_GROUPS = [json.dumps({"id": gid, "priority": 0, "_embedded": {"group": {"id": gid, "profile": {"name": f"Team {g}"}}}},
                         separators=(",", ":")) for g, gid in enumerate(GROUP_IDS)]
MAPPINGS = [json.dumps({"id": "gpm" + gid, "sourceGroupId": gid, "targetGroupId": None, "status": "ACTIVE"},
                       separators=(",", ":")) for gid in GROUP_IDS]
MEMBERS = {}
for g, gid in enumerate(GROUP_IDS):
    MEMBERS[gid] = [json.dumps({"id": f"00u{(g * args.members_per_group + k * 7919) % args.users:010d}", "status": "ACTIVE"},
                               separators=(",", ":")) for k in range(args.members_per_group)]

lock = threading.Lock()
stats = {"requests": 0, "tooMany": 0}
window = {"start": time.time(), "count": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def send(self, status, body, headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/__stats":
            with lock:
                return self.send(200, json.dumps(stats))
        with lock:
            stats["requests"] += 1
            now = time.time()
            if now - window["start"] >= 60:
                window["start"], window["count"] = now, 0
            window["count"] += 1
            limit = args.limit_per_minute or 100_000
            remaining = max(limit - window["count"], 0)
            reset = int(window["start"] + 60) + 1
            over = args.limit_per_minute and window["count"] > args.limit_per_minute
            if over:
                stats["tooMany"] += 1
        rate = [("X-Rate-Limit-Limit", str(limit)), ("X-Rate-Limit-Remaining", str(remaining)),
                ("X-Rate-Limit-Reset", str(reset))]
        if self.headers.get("Authorization") != f"SSWS {args.token}":
            return self.send(401, '{"errorCode":"E0000011"}', rate)
        if over:
            return self.send(429, '{"errorCode":"E0000047"}', rate)
        query = parse_qs(url.query)
        parts = url.path.strip("/").split("/")
        if parts[:3] == ["api", "v1", "apps"] and len(parts) >= 5 and parts[3] == args.app:
            tail = "/".join(parts[4:])
            items, cap = {"users": (APP_USERS, 500), "groups": (APP_GROUPS, 200),
                          "group-push/mappings": (MAPPINGS, 1000)}.get(tail, (None, 0))
        elif parts[:3] == ["api", "v1", "groups"] and len(parts) == 5 and parts[4] == "users":
            items, cap = MEMBERS.get(parts[3]), 200
        else:
            items, cap = None, 0
        if items is None:
            return self.send(404, '{"errorCode":"E0000007"}', rate)
        limit_param = min(int(query.get("limit", ["20"])[0]), cap)
        after = int(query.get("after", ["0"])[0])
        page = items[after:after + limit_param]
        headers = list(rate)
        if after + limit_param < len(items):
            keep = "&".join(f"{k}={v[0]}" for k, v in query.items() if k not in ("after",))
            headers.append(("Link", f'<http://127.0.0.1:{args.port}{url.path}?{keep}&after={after + limit_param}>; rel="next"'))
        self.send(200, "[" + ",".join(page) + "]", headers)


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
