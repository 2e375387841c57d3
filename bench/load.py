"""Load, durability and concurrency: gunicorn with 4 workers, 50 fillers and the office at once.

    .venv/bin/python bench/load.py [--db pg|sqlite|both] [--seconds 60] [--fillers 50] [--think 2] [--kill]

Each simulated filler logs in, opens its unit's sheet, saves its rows one by one over HTMX (each
save a new text, based on the version the server returned), submits at its own moment in the run's
last fifth and reads its sheet until the end; three office users read the round's dashboard and
roll-up meanwhile. Everything goes to 127.0.0.1 only, and
the run is bounded in time and in request count.

A filler pauses between two saves as a person does when typing the next row: a random pause with
mean ``--think`` seconds (exponential, default 5 s). That is 50 fillers saving 10 rows a second
together, far above a real bureau's busiest hour, but not a closed loop with no pause, which would
only measure the queue in front of two cores (``--think 0`` does that, for a stress run).

Printed: p50 / p95 / p99 per request kind, the error count, and the saves the server acknowledged
against the saves found in the database afterwards (each filing's stored text must be the last
acknowledged one, and its version the number of acknowledged saves). ``--kill`` sends SIGKILL to
the gunicorn master and its workers halfway through, starts it again, and checks the same.

The floor in the same run is the login page (no data): the ratio of each kind's p95 to it is
printed. Target: p95 < 200 ms, 0 errors (outside the kill window), 0 acknowledged saves lost.
PostgreSQL is the throw-away cluster of scripts/pg (port DUBAN_PG_PORT, default 55432).
"""

import argparse
import http.client
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MAX_REQUESTS = 200_000
PASSWORD = "load-bench-pass-2025"
TASKS_PER_UNIT = 8
LOGIN_SPREAD = 20  # seconds over which the users log in, before the timed run
# Each filler stops editing and submits at its own moment in the last fifth of the run: a deadline rush
# (50 submits in ~12 s of a 60 s run), not fifty submits in the same instant, which no bureau sees;
# then it keeps reading its sheet until the end, so the load stays at fifty users.
SUBMIT_SPREAD = 0.2


# What a unit writes in 完成情况: its own measures, as real units do (copying the odd phrase from a neighbour),
# not one sentence for all fifty, which makes every pair of units a 照搬 match (bench/quality.py stresses that).
MEASURES = (
    "组织家庭医生团队入户开展签约服务{a}次",
    "在辖区{b}个村（社区）设立签约服务点",
    "对高血压、糖尿病患者开展随访{a}人次",
    "联合居委会举办健康讲座{b}场",
    "完成65岁及以上老年人健康体检{a}人",
    "签约服务包增加中医药服务项目",
    "通过微信公众号宣传签约政策，阅读量{a}次",
    "对已签约居民开展履约情况回访{a}人",
    "为行动不便的签约老人提供上门服务{b}次",
    "与区人民医院建立转诊绿色通道",
    "开展孕产妇和0-6岁儿童签约服务{b}人",
    "完成签约居民电子健康档案更新{a}份",
)
CLOSINGS = (
    "工作有序推进。",
    "下一步将继续扩大重点人群覆盖面。",
    "因人员不足，入户进度略慢，正协调解决。",
    "已达到序时进度。",
)


def completion_text(username, n):
    """The ``n``-th text a filler saves (unique per filler: the acknowledged-save check finds each one)."""
    rng = random.Random(f"{username}-{n}")
    parts = [m.format(a=rng.randint(50, 900), b=rng.randint(2, 30)) for m in rng.sample(MEASURES, 3)]
    return f"截至目前，{'；'.join(parts)}，新增签约居民{100 + n}人，{rng.choice(CLOSINGS)}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "duban.settings",
        "SECRET_KEY": "load-bench-" + "x" * 50,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DUBAN_PLAIN_STATIC": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CONN_MAX_AGE": "60",
    }


# --- data ------------------------------------------------------------------------------------------
def build(database_url, fillers):
    """Migrate a fresh database and create the bureau: one unit (with a filler) per simulated filler."""
    env = server_env(database_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
    code = f"""
import datetime
from django.utils import timezone
from units.models import Unit, User
from plans.models import Plan, Section, Task, Indicator
from filings.models import Round
bureau = Unit.objects.create(name="压测区卫生健康局", kind="bureau")
User.objects.create_user("office", password="{PASSWORD}", unit=bureau, role="office")
for n in range(3):
    User.objects.create_user(f"office{{n}}", password="{PASSWORD}", unit=bureau, role="office")
plan = Plan.objects.create(year=2025, title="2025年重点工作（压测）", issuer=bureau)
sections = [Section.objects.create(plan=plan, label=f"{{i + 1}}、", title=f"板块{{i + 1}}", order=i) for i in range(6)]
for u in range({fillers}):
    unit = Unit.objects.create(name=f"社区卫生服务中心{{u:02d}}", parent=bureau, order=u + 1)
    User.objects.create_user(f"filler{{u}}", password="{PASSWORD}", unit=unit, role="filler", display_name=f"填报人{{u}}")
    for t in range({TASKS_PER_UNIT}):
        task = Task.objects.create(plan=plan, section=sections[t % 6], number=str(u * {TASKS_PER_UNIT} + t + 1), order=u * {TASKS_PER_UNIT} + t,
                                   text=f"推进家庭医生签约服务，新增签约居民{{100 + t}}人。", lead_unit=unit)
        Indicator.objects.create(task=task, subject="签约居民", target_value=100 + t, unit="人", comparator="add")
today = timezone.localdate()
r = Round.objects.create(plan=plan, name="2025年第三季度", as_of=today, due=today + datetime.timedelta(days=10))
print(r.pk)
"""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return int(out.stdout.strip().splitlines()[-1])


def check(database_url, acks):
    """{"acknowledged": n, "stored": n, "lost": [...]}: every acknowledged save must be in the database."""
    env = server_env(database_url)
    code = "import json; from filings.models import Filing; print(json.dumps({str(f.pk): [f.completion, f.version] for f in Filing.objects.all()}))"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    import json

    stored = json.loads(out.stdout.strip().splitlines()[-1])
    lost = []
    total = 0
    for filing_id, attempts in acks.items():
        acked = [i for i, (_text, ok) in enumerate(attempts) if ok]
        total += len(acked)
        if not acked:
            continue
        text, version = stored.get(str(filing_id), ["", 0])
        # The stored text is the last acknowledged one, or a later attempt whose answer was lost
        # (the server was killed after it saved); and no acknowledged version is missing.
        allowed = {t for t, _ok in attempts[acked[-1] :]}
        if text not in allowed or version < len(acked):
            lost.append((filing_id, attempts[acked[-1]][0], text, version, len(acked)))
    return {"acknowledged": total, "lost": lost}


# --- the server ----------------------------------------------------------------------------------------
class Server:
    def __init__(self, database_url, port, workers=4):
        self.env, self.port, self.workers = server_env(database_url), port, workers
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "duban.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/accounts/login/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def kill(self):
        """SIGKILL to the master and every worker: nothing gets to clean up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


# --- the clients ------------------------------------------------------------------------------------------
class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.kill_window_errors = 0
        self.requests = 0
        self.acks = defaultdict(list)  # filing id -> [(text, acknowledged?)] in the order they were sent
        self.timeline = []  # (seconds since start, kind, ms) of every answered request

    def add(self, kind, ms, ok, in_kill_window=False):
        with self.lock:
            self.requests += 1
            if ok:
                self.times[kind].append(ms)
                self.timeline.append((time.monotonic(), kind, ms))
            elif in_kill_window:
                self.kill_window_errors += 1
            else:
                self.errors[kind] += 1


class Client:
    """A browser-like session: cookies, the CSRF token, redirects followed for GETs."""

    def __init__(self, base, stats, kill_flag):
        self.base, self.stats, self.kill_flag = base, stats, kill_flag
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def call(self, kind, path, data=None, headers=None, ok_status=(200,)):
        if self.stats.requests >= MAX_REQUESTS:
            raise TimeoutError("request budget used up")
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"X-CSRFToken": self.csrf(), "Referer": self.base + "/", **(headers or {})},
        )
        started = time.perf_counter()
        window = self.kill_flag.is_set()
        try:
            with self.opener.open(request, timeout=30) as response:
                text = response.read().decode("utf-8", "replace")
                status, url = response.status, response.url
        except urllib.error.HTTPError as exc:
            text, status, url = exc.read().decode("utf-8", "replace"), exc.code, path
        except (OSError, http.client.HTTPException):
            self.stats.add(kind, 0, False, window or self.kill_flag.is_set())
            return None, None, None
        ms = (time.perf_counter() - started) * 1000
        ok = status in ok_status
        self.stats.add(kind, ms, ok, window or self.kill_flag.is_set())
        return status, text, url

    def login(self, username):
        for _attempt in range(50):
            status, page, _url = self.call("login page", "/accounts/login/")
            if status == 200:
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
                status, _page, url = self.call(
                    "login",
                    "/accounts/login/",
                    {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                )
                if status == 200 and not url.endswith("/accounts/login/"):
                    return True
            time.sleep(0.5)
        return False


VERSION = re.compile(r'name="f(\d+)-version" value="(\d+)"')


def pause(think):
    if think > 0:
        time.sleep(min(random.expovariate(1 / think), 5 * think))


def filler(base, username, round_id, clock, stats, kill_flag, think):
    client = Client(base, stats, kill_flag)
    time.sleep(random.uniform(0, LOGIN_SPREAD))  # people arrive over a few seconds, not in one instant
    logged_in = client.login(username)
    clock.wait()
    deadline = clock.deadline - random.uniform(0, SUBMIT_SPREAD * clock.seconds)
    if not logged_in:
        return
    pause(think)  # not all fifty open the sheet in the same instant
    status, page, url = client.call("sheet", f"/rounds/{round_id}/mine/")
    while status != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
        status, page, url = client.call("sheet", f"/rounds/{round_id}/mine/")
    if status != 200:
        return
    submission_path = urllib.parse.urlparse(url).path
    versions = {int(f): int(v) for f, v in VERSION.findall(page)}
    n = 0
    while time.monotonic() < deadline and stats.requests < MAX_REQUESTS:
        for filing_id in list(versions):
            if time.monotonic() >= deadline:
                break
            pause(think)
            n += 1
            text = completion_text(username, n)
            data = {
                f"f{filing_id}-version": versions[filing_id],
                f"f{filing_id}-completion": text,
                f"f{filing_id}-completed": "yes",
                f"f{filing_id}-reason": "",
                f"f{filing_id}-problems": "",
                f"f{filing_id}-self_assessment": "on_track",
            }
            status, row, _ = client.call("save row", f"/filings/{filing_id}/row/", data, {"HX-Request": "true"})
            saved = status == 200 and 'data-state="saved"' in row
            with stats.lock:
                stats.acks[filing_id].append((text, saved))
            if saved:
                versions[filing_id] = int(VERSION.search(row).group(2))
            elif status is None or status >= 500 or (status == 200 and 'data-state="conflict"' in row):
                # The server died mid-request, or a save landed that we never heard of: ask the sheet.
                status, page, _ = client.call("sheet", submission_path)
                if status == 200:
                    versions.update({int(f): int(v) for f, v in VERSION.findall(page)})
        client.call("sheet", submission_path)
    # A refused submit (400: a row still incomplete when time ran out) is an answer, not an error.
    client.call(
        "submit",
        submission_path.rstrip("/") + "/submit/",
        {"filler_name": username, "contact": "0571-88888888"},
        ok_status=(200, 302, 400),
    )
    # Submitted, the filler stays on: it reads its package (and the next one's tasks) at the same pace
    # until the run ends, so fifty users load the server from the first second to the last.
    while time.monotonic() < clock.deadline and stats.requests < MAX_REQUESTS:
        pause(think)
        client.call("sheet", submission_path)


def office(base, username, round_id, clock, stats, kill_flag, think):
    client = Client(base, stats, kill_flag)
    logged_in = client.login(username)
    clock.wait()
    deadline = clock.deadline
    if not logged_in:
        return
    while time.monotonic() < deadline and stats.requests < MAX_REQUESTS:
        client.call("dashboard", f"/supervision/rounds/{round_id}/")
        pause(think)
        client.call("roll-up", f"/documents/rounds/{round_id}/rollup/")
        pause(think)


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def print_timeline(timeline, started, step=10):
    """p95 per kind in each ``step`` seconds of the run (where the slow requests were: a burst, a warm-up)."""
    kinds = ("sheet", "save row", "submit", "dashboard", "roll-up")
    print("   timeline (p95 ms / count per 10 s):  " + "  ".join(f"{k:>14}" for k in kinds))
    buckets = defaultdict(lambda: defaultdict(list))
    for at, kind, ms in timeline:
        if at >= started:
            buckets[int((at - started) // step)][kind].append(ms)
    for b in sorted(buckets):
        cells = [
            f"{pct(buckets[b][k], 95):8.0f} /{len(buckets[b][k]):4d}" if buckets[b][k] else " " * 14 for k in kinds
        ]
        print(f"   {b * step:>4}–{(b + 1) * step:<4} s                          " + "  ".join(cells))


def run(db, seconds, fillers, kill, think, timeline=False):
    tmp = Path(tempfile.mkdtemp(prefix="duban-load-"))
    if db == "sqlite":
        database_url = f"sqlite:///{tmp / 'load.sqlite3'}"
    else:
        base_url = subprocess.run(
            ["scripts/pg", "start"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
        name = f"duban_load_{os.getpid()}"
        admin = base_url.rsplit("/", 1)[0] + "/postgres"
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(
                f"CREATE DATABASE {name} ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' TEMPLATE template0"
            )
        database_url = base_url.rsplit("/", 1)[0] + f"/{name}"
    print(f"\n== {db}: building {fillers} units × {TASKS_PER_UNIT} tasks", flush=True)
    round_id = build(database_url, fillers)
    port = free_port()
    server = Server(database_url, port)
    server.start()
    base = f"http://127.0.0.1:{port}"
    stats, kill_flag = Stats(), threading.Event()
    # The floor: the login page (framework, session, template; no data), measured alone first.
    floor_client = Client(base, Stats(), threading.Event())
    floor = []
    for _ in range(30):
        t0 = time.perf_counter()
        floor_client.call("login page", "/accounts/login/")
        floor.append((time.perf_counter() - t0) * 1000)
    # Everyone logs in first (PBKDF2 makes 53 simultaneous logins a queue of their own); the timed
    # run starts when the last one is in, as a working day's steady state.
    clock = threading.Barrier(fillers + 3 + 1, action=lambda: setattr(clock, "deadline", time.monotonic() + seconds))
    clock.seconds = seconds
    threads = [
        threading.Thread(
            target=filler, args=(base, f"filler{u}", round_id, clock, stats, kill_flag, think), daemon=True
        )
        for u in range(fillers)
    ]
    threads += [
        threading.Thread(
            target=office, args=(base, f"office{n}", round_id, clock, stats, kill_flag, think), daemon=True
        )
        for n in range(3)
    ]
    for t in threads:
        t.start()
    clock.wait(timeout=600)
    started = time.monotonic()
    if kill:
        time.sleep(seconds / 2)
        kill_flag.set()
        server.kill()
        print(f"   kill -9 gunicorn (master and workers) at {time.monotonic() - started:.0f} s", flush=True)
        time.sleep(1)
        server.start()
        time.sleep(2)
        kill_flag.clear()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.monotonic() - started
    server.stop()
    result = check(database_url, stats.acks)
    floor_p50 = statistics.median(floor)
    print(
        f"   {stats.requests} requests in {elapsed:.0f} s ({stats.requests / elapsed:.0f}/s), {fillers} fillers + 3 office users (mean pause {think} s), 4 gunicorn workers"
    )
    print(f"   {'kind':<12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'p95/floor':>10}")
    for kind in ("login", "sheet", "save row", "submit", "dashboard", "roll-up"):
        values = stats.times.get(kind, [])
        print(
            f"   {kind:<12} {len(values):>6} {pct(values, 50):8.1f} {pct(values, 95):8.1f} {pct(values, 99):8.1f} {stats.errors.get(kind, 0):>7} {pct(values, 95) / floor_p50:10.1f}"
        )
    print(f"   floor: login page alone p50 {floor_p50:.1f} ms")
    if timeline:
        print_timeline(stats.timeline, started)
    print(
        f"   errors: {sum(stats.errors.values())} (target 0)"
        + (f"; {stats.kill_window_errors} refused while the server was down (kill window)" if kill else "")
    )
    print(f"   saves acknowledged: {result['acknowledged']}, lost: {len(result['lost'])} (target 0)")
    for lost in result["lost"][:5]:
        print(f"     lost: filing {lost[0]}: acknowledged {lost[1]!r}, stored {lost[2]!r} v{lost[3]} (acks {lost[4]})")
    return not result["lost"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["pg", "sqlite", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--fillers", type=int, default=50)
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between a user's requests, seconds")
    parser.add_argument("--kill", action="store_true")
    parser.add_argument("--timeline", action="store_true", help="also print each kind's p95 per 10 s of the run")
    args = parser.parse_args()
    ok = True
    for db in ["pg", "sqlite"] if args.db == "both" else [args.db]:
        ok &= run(db, min(args.seconds, 600), min(args.fillers, 200), args.kill, max(args.think, 0.0), args.timeline)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
