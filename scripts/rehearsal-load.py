#!/usr/bin/env python3
"""Steady client load for scripts/compose-rehearsal.sh, standard library only.

  rehearsal-load.py run BASE_URL KEY RATE STOP_FILE RESULTS_FILE
      Sends RATE requests a second through the load balancer until STOP_FILE exists, alternating
      POST /v1/notifications (one email each, with an Idempotency-Key, as a careful client sends)
      and GET of the last accepted notification. Counts every request that did not get its
      expected answer (202 or 200) as failed, transport errors included; writes a summary and the
      accepted notification ids to RESULTS_FILE. Progress (requests so far) goes to RESULTS_FILE.progress.
  rehearsal-load.py verify BASE_URL KEY RESULTS_FILE TIMEOUT_SECONDS
      Waits until every accepted notification is completed with its delivery sent; prints the count.
"""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

# What a patient client allows one request (a cold container on a crowded 2-core machine is slow).
TIMEOUT = 30


def call(method, url, key, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {key}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        # Who answered matters when one fails: nginx's HTML or the service's problem+json, and why.
        return error.code, {"answeredBy": error.headers.get("Server", "?"), "body": error.read()[:300].decode(errors="replace")}


def run(base, key, rate, stop_file, results_file):
    lock = threading.Lock()
    state = {"sent": 0, "failed": 0, "statuses": {}, "errors": [], "failed_at": {}, "accepted": [], "deliveries": 0}
    interval = 1.0 / rate
    started = time.monotonic()

    def one(n):
        last = state["accepted"][-1] if state["accepted"] and n % 2 else None
        try:
            if last is None:
                body = {"to": [{"email": f"guest-{n}@example.com"}],
                        "content": {"email": {"subject": "Rehearsal {{ n }}", "text": "Request {{ n }} of the rolling replacement."}},
                        "data": {"n": n}}
                status, answer = call("POST", f"{base}/v1/notifications", key, body, {"Idempotency-Key": str(uuid.uuid4())})
                ok = status == 202
            else:
                status, answer = call("GET", f"{base}/v1/notifications/{last}", key)
                ok = status == 200
            outcome = str(status)
        except Exception as error:  # transport errors are failures the client saw
            ok, answer, outcome = False, None, type(error).__name__
        with lock:
            state["sent"] += 1
            state["statuses"][outcome] = state["statuses"].get(outcome, 0) + 1
            if not ok:
                state["failed"] += 1
                window = f"{int((time.monotonic() - started) // 10) * 10}s"
                state["failed_at"][window] = state["failed_at"].get(window, 0) + 1
                if len(state["errors"]) < 20:
                    state["errors"].append(f"{time.monotonic() - started:.1f}s request {n}: {outcome} {json.dumps(answer) if answer else ''}".rstrip())
            elif last is None:
                state["accepted"].append(answer["id"])
                state["deliveries"] += len(answer["deliveries"])

    threads = []
    n = 0
    next_at = time.monotonic()
    while not os.path.exists(stop_file):
        next_at += interval
        thread = threading.Thread(target=one, args=(n,))
        thread.start()
        threads.append(thread)
        n += 1
        if n % 10 == 0:
            with lock, open(results_file + ".progress.tmp", "w") as progress:
                progress.write(str(state["sent"]))
            os.replace(results_file + ".progress.tmp", results_file + ".progress")
        time.sleep(max(0.0, next_at - time.monotonic()))
    for thread in threads:
        thread.join()
    state["seconds"] = round(time.monotonic() - started, 1)
    with open(results_file, "w") as out:
        json.dump(state, out)


def verify(base, key, results_file, timeout):
    accepted = json.load(open(results_file))["accepted"]
    deadline = time.monotonic() + timeout
    pending = list(accepted)
    while pending and time.monotonic() < deadline:
        still = []
        for notification in pending:
            status, answer = call("GET", f"{base}/v1/notifications/{notification}", key)
            done = status == 200 and answer["status"] == "completed" and all(d["status"] == "sent" for d in answer["deliveries"])
            if not done:
                still.append(notification)
        pending = still
        if pending:
            time.sleep(1)  # a poll interval, bounded by the deadline above
    print(len(accepted) - len(pending))
    return 0 if not pending else 1


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "run":
        run(args[0], args[1], float(args[2]), args[3], args[4])
    else:
        sys.exit(verify(args[0], args[1], args[2], float(args[3])))
