"""What the scripts share: starting and stopping a GridLink server on a data
directory, logging in, and building and sending sync operations as a phone
does (docs/sync.md)."""
import json, os, random, signal, subprocess, sys, threading, time, urllib.request, uuid

PASSWORD = "gridlink-demo"
# Three phones: two in 光明社区第1网格 (a grid worker and a building leader)
# and one in 和平社区第1网格.
PHONES = {"13800000003": "demo-c1-g1", "13800000004": "demo-c1-g1", "13800000007": "demo-c2-g1"}


def uuid7():
    ms = int(time.time() * 1000)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms << 80) | (0x7 << 76) | ((rand >> 68) & 0xFFF) << 64 | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def default_binary(profile="release"):
    target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/gridlink-target"))
    return os.path.join(target, profile, "gridlink")


class Server:
    """One `gridlink --demo` process on an embedded database in `data_dir`.
    Its output goes to `log`, and any panic in it fails the run."""

    def __init__(self, binary, data_dir, port, log_path=None):
        self.binary, self.data_dir, self.port = binary, data_dir, port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path or os.path.join(data_dir, "server.log")
        self.process = None
        self.starts = 0

    def start(self, timeout=120):
        os.makedirs(self.data_dir, exist_ok=True)
        env = dict(os.environ, GRIDLINK_DATA_DIR=self.data_dir, GRIDLINK_DATABASE_URL="",
                   GRIDLINK_BACKUP_DIR="", LEPTOS_SITE_ADDR=f"127.0.0.1:{self.port}",
                   RUST_LOG=os.environ.get("RUST_LOG", "warn,surrealkv=info"))
        self.log = open(self.log_path, "a")
        self.log.write(f"\n==== start {self.starts} ====\n")
        self.log.flush()
        self.starts += 1
        started = time.time()
        self.process = subprocess.Popen([self.binary, "--demo"], env=env, stdout=self.log, stderr=self.log)
        while time.time() - started < timeout:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                return time.time() - started
            except Exception:
                if self.process.poll() is not None:
                    sys.exit(f"server exited with {self.process.returncode}; see {self.log_path}")
                time.sleep(0.02)
        sys.exit(f"server did not become healthy in {timeout} s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self):
        """SIGTERM, as an operator or systemd stops it; waits for the exit."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=120)
        self.log.close()
        if code != 0:
            sys.exit(f"server exited with {code} after SIGTERM; see {self.log_path}")

    def panics(self):
        with open(self.log_path, errors="replace") as log:
            return [line for line in log if "panicked at" in line]


def post(base, path, body, cookie=None, json_body=False, timeout=30):
    data = json.dumps(body).encode() if json_body else body.encode()
    headers = {"Content-Type": "application/json" if json_body else "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = f"gridlink_session={cookie}"
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read().decode(), response.headers.get_all("Set-Cookie") or []


def log_in(base, mobile):
    _, cookies = post(base, "/api/auth/login", f"mobile={mobile}&password={PASSWORD}")
    for cookie in cookies:
        if cookie.startswith("gridlink_session="):
            return cookie.split(";")[0].split("=", 1)[1]
    sys.exit(f"login of {mobile} failed")


def households(grid):
    return [f"{grid}-b{b}-{f}0{d}" for b in (1, 2, 3) for f in (1, 2, 3) for d in (1, 2)]


def operation(kind, payload, device):
    return {"op_id": uuid7(), "device_id": device, "kind": kind, "payload": payload,
            "captured_at": int(time.time() * 1000), "app_version": "0.1.0"}


def visit_op(grid, device, n):
    record = uuid7()
    payload = {"visit_id": record, "household": random.choice(households(grid)), "visit_type": "routine",
               "notes": f"test visit {n}", "follow_up_on": None, "corrects": None}
    return operation("record_visit", payload, device), record


def issue_op(grid, device, n):
    record = uuid7()
    household = random.choice(households(grid))
    payload = {"issue_id": record, "category": random.choice(["property", "environment", "facilities"]),
               "description": f"test issue {n}", "building": household.rsplit("-", 1)[0],
               "household": household, "urgency": "normal", "reporter_name": None, "reporter_phone": None}
    return operation("report_issue", payload, device), record


def push(base, cookie, ops, timeout=30):
    """The server's answer per op_id; raises when the request got no answer."""
    body, _ = post(base, "/api/sync/push", {"ops": ops}, cookie, json_body=True, timeout=timeout)
    return {answer["op_id"]: answer["result"]["result"] for answer in json.loads(body)}


def pull(base, cookie, since):
    body, _ = post(base, "/api/sync/pull", f"since={since}", cookie)
    data = json.loads(body)
    return [v["visit_id"] for v in data["visits"]], [i["issue_id"] for i in data["issues"]], data["boot_id"]


def not_held(base, cookie, checks):
    """Of `checks` (op_id, kind, record_id), the op_ids the server does not hold."""
    missing = []
    for start in range(0, len(checks), 500):
        chunk = [{"op_id": o, "kind": k, "record_id": r} for o, k, r in checks[start:start + 500]]
        body, _ = post(base, "/api/sync/held", {"checks": chunk}, cookie, json_body=True)
        missing.extend(json.loads(body))
    return missing
