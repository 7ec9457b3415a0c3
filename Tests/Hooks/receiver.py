"""A webhook receiver for okr's hook tests: a real HTTP server on loopback.

Modes check what okrd sends as the other side would:
  standard  verifies every signature with the `standardwebhooks` package (PyPI)
  slack     checks an incoming-webhook message: `text` and mrkdwn section `blocks`
  teams     checks a Workflows message carrying an Adaptive Card 1.4
  matrix    serves PUT /_matrix/client/v3/rooms/ROOM/send/m.room.message/TXN, checks the
            bearer token, answers the same event id for a repeated transaction id
Faults: --fail-first N answers 500 to the first N requests; --fail-while F answers 503 while the
file F exists; --hang never answers; --delay S waits S seconds before each answer.

Each request is appended to --log as one JSON line: {"ok", "problem", "id", "type", "body", ...};
a request whose sender went away before its body was whole is logged with "cut": true.
The port it listens on is written to --port-file once it listens.
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--mode", required=True, choices=["standard", "slack", "teams", "matrix"])
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--secret")
parser.add_argument("--token")
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--hang", action="store_true")
parser.add_argument("--status", type=int, default=0, help="answer every request with this status")
parser.add_argument("--fail-while", help="answer 503 while this file exists")
parser.add_argument("--delay", type=float, default=0, help="seconds to wait before answering")
args = parser.parse_args()

lock = threading.Lock()
seen = {"count": 0, "transactions": {}}


def problem_of_standard(headers, body):
    from standardwebhooks.webhooks import Webhook
    try:
        Webhook(args.secret).verify(body, {k.lower(): v for k, v in headers.items()})
    except Exception as error:  # noqa: BLE001 - any failure to verify is the problem
        return f"signature: {error!r}"
    doc = json.loads(body)
    for key in ("type", "timestamp", "data"):
        if key not in doc:
            return f"no {key}"
    data = doc["data"]
    # An event's notice carries the event; due, digest, feed.quiet and test their document.
    if not isinstance(data, dict) or ("event" in data) == ("document" in data) or "subject" not in data:
        return "data lacks one of event and document, or subject"
    return None


def problem_of_slack(doc):
    if not isinstance(doc.get("text"), str) or not doc["text"]:
        return "no text"
    blocks = doc.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        return "no blocks"
    first = blocks[0]
    if first.get("type") != "section" or first.get("text", {}).get("type") != "mrkdwn":
        return "first block is not a mrkdwn section"
    for block in blocks:
        texts = [block.get("text", {}).get("text", "")] + [e.get("text", "") for e in block.get("elements", [])]
        for text in texts:
            stripped = text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
            if "<" in stripped or ">" in stripped:
                return f"unescaped < or > in mrkdwn: {text!r}"
    return None


def problem_of_teams(doc):
    if doc.get("type") != "message":
        return "type is not message"
    attachments = doc.get("attachments")
    if not isinstance(attachments, list) or len(attachments) != 1:
        return "not one attachment"
    attachment = attachments[0]
    if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
        return "not an adaptive card"
    card = attachment.get("content", {})
    if card.get("type") != "AdaptiveCard" or card.get("version") != "1.4":
        return "not an AdaptiveCard 1.4"
    if not card.get("body") or card["body"][0].get("type") != "TextBlock":
        return "card body does not start with a TextBlock"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def record(self, entry):
        with lock:
            with open(args.log, "a") as log:
                log.write(json.dumps(entry) + "\n")

    def answer(self, status, body=b"{}"):
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self, method):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        if len(body) < length:
            # The sender went away mid-request (okrd killed while sending): nothing to verify or answer.
            self.record({"method": method, "path": self.path, "ok": False, "cut": True,
                         "problem": f"cut after {len(body)} of {length} bytes"})
            self.close_connection = True
            return
        if args.hang:
            time.sleep(3600)
            return
        if args.delay:
            time.sleep(args.delay)
        with lock:
            seen["count"] += 1
            count = seen["count"]
        entry = {"method": method, "path": self.path, "ok": True, "problem": None, "count": count}
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        entry["body"] = doc
        if args.mode == "standard":
            entry["id"] = self.headers.get("webhook-id")
            entry["problem"] = problem_of_standard(dict(self.headers), body.decode())
            entry["type"] = doc.get("type") if doc else None
        elif args.mode == "slack":
            entry["problem"] = problem_of_slack(doc or {})
        elif args.mode == "teams":
            entry["problem"] = problem_of_teams(doc or {})
        elif args.mode == "matrix":
            prefix = "/_matrix/client/v3/rooms/"
            if method != "PUT" or not self.path.startswith(prefix) or "/send/m.room.message/" not in self.path:
                entry["problem"] = f"not a send PUT: {method} {self.path}"
            elif self.headers.get("authorization") != f"Bearer {args.token}":
                entry["problem"] = "wrong bearer token"
            elif not doc or doc.get("msgtype") != "m.notice" or doc.get("format") != "org.matrix.custom.html" \
                    or not doc.get("body") or not doc.get("formatted_body"):
                entry["problem"] = "not an m.notice with body and formatted_body"
            entry["id"] = self.path.rsplit("/", 1)[-1]
        entry["ok"] = entry["problem"] is None
        if args.status:
            entry["answered"] = args.status
            self.record(entry)
            if 300 <= args.status < 400:
                self.send_response(args.status)
                self.send_header("location", f"http://127.0.0.1:{self.server.server_address[1]}/elsewhere")
                self.send_header("content-length", "0")
                self.end_headers()
            else:
                self.answer(args.status)
            return
        if args.fail_while and os.path.exists(args.fail_while):
            entry["answered"] = 503
            self.record(entry)
            self.answer(503, b'{"error":"down"}')
            return
        if count <= args.fail_first:
            entry["answered"] = 500
            self.record(entry)
            self.answer(500, b'{"error":"try again"}')
            return
        if not entry["ok"]:
            entry["answered"] = 400
            self.record(entry)
            self.answer(400)
            return
        entry["answered"] = 200
        if args.mode == "matrix":
            with lock:
                event_id = seen["transactions"].setdefault(entry["id"], f"$event{len(seen['transactions'])}")
            entry["event_id"] = event_id
            self.record(entry)
            self.answer(200, json.dumps({"event_id": event_id}).encode())
            return
        self.record(entry)
        self.answer(200, b"ok" if args.mode == "slack" else b"{}")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(args.port_file + ".tmp", "w") as port_file:
    port_file.write(str(server.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
sys.stdout.flush()
server.serve_forever()
