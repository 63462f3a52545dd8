// Sync benchmark: wall time for a headless phone to send 1 000 queued
// operations to a local server, and the server's apply throughput over HTTP.
//
//   node end2end/bench/sync-bench.mjs [path/to/gridlink] [operations]
//
// Prints figures; asserts nothing about speed.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";

const binary = process.argv[2] ?? join(process.env.CARGO_TARGET_DIR ?? "target", "release/gridlink");
const count = Number(process.argv[3] ?? 1000);
const port = 3398;
const base = `http://127.0.0.1:${port}`;
const WORKER = "13800000003";
// What a phone sends in one request (PUSH_BATCH in src/model/sync.rs).
const BATCH = 200;
const HOUSEHOLD = "demo-c1-g1-b1-101";

function uuid7() {
  const bytes = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function visitOp(n) {
  const visit_id = uuid7();
  const payload = { visit_id, household: HOUSEHOLD, visit_type: "routine", notes: `bench ${n}`, follow_up_on: null, corrects: null };
  const op = { op_id: uuid7(), device_id: "bench", kind: "record_visit", payload, captured_at: Date.now(), app_version: "0.1.0" };
  return { op, visit_id };
}

async function startServer(dataDir) {
  const log = openSync(join(dataDir, "server.log"), "a");
  const server = spawn(binary, ["--demo"], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { ...process.env, GRIDLINK_DATA_DIR: dataDir, GRIDLINK_DATABASE_URL: "", GRIDLINK_BACKUP_DIR: "", LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RUST_LOG: "error" },
    stdio: ["ignore", log, log],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

async function login() {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `mobile=${WORKER}&password=gridlink-demo`,
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("gridlink_session="));
  return cookie.split(";")[0];
}

async function serverThroughput(cookie) {
  const ops = Array.from({ length: count }, (_, n) => visitOp(n).op);
  const started = performance.now();
  for (let i = 0; i < ops.length; i += BATCH) {
    const response = await fetch(`${base}/api/sync/push`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ ops: ops.slice(i, i + BATCH) }),
    });
    const answers = await response.json();
    if (answers.some((a) => a.result.result !== "applied")) throw new Error(JSON.stringify(answers[0]));
  }
  return (performance.now() - started) / 1000;
}

async function browserSync() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator('body[data-hydrated="true"]').waitFor();
  await page.locator('input[name="mobile"]').fill(WORKER);
  await page.locator('input[name="password"]').fill("gridlink-demo");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/me$/);
  await page.goto("/sync");
  await page.locator('body[data-hydrated="true"]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-badge"]')?.dataset.pending === "0");
  // The reload below happens offline: the service worker must be active
  // (its install caches the page), or the reload fails now and then.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  const entries = Array.from({ length: count }, (_, n) => visitOp(n));
  await page.evaluate(async (entries) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open("gridlink");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(["records", "outbox"], "readwrite");
    for (const { op, visit_id } of entries) {
      const visit = { visit_id, household: op.payload.household, place: "1号楼 101", visit_type: "routine", notes: op.payload.notes, follow_up_on: null, corrects: null, captured_at: op.captured_at };
      tx.objectStore("records").put({ id: visit_id, mark: "pending", visit, issue: null });
      tx.objectStore("outbox").put({ op_id: op.op_id, op, record_id: visit_id, mark: "pending", answer: null, summary: "bench" });
    }
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  }, entries);
  await page.reload();
  await page.locator('body[data-hydrated="true"]').waitFor();
  await page.waitForFunction((n) => document.querySelector('[data-testid="sync-badge"]')?.dataset.pending === String(n), count);
  const started = performance.now();
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-badge"]')?.dataset.pending === "0", null, { timeout: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  // How long the server took on each push as the phone saw it (Resource
  // Timing: request sent to first byte of the answer); the rest is the phone's.
  const pushes = await page.evaluate(() =>
    performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/api/sync/push")).map((e) => e.responseStart - e.requestStart),
  );
  await browser.close();
  return { seconds, pushes };
}

const dataDir = mkdtempSync(join(tmpdir(), "gridlink-bench-"));
const server = await startServer(dataDir);
try {
  const cookie = await login();
  const apply = await serverThroughput(cookie);
  const { seconds: phone, pushes } = await browserSync();
  console.log(`binary: ${binary} (embedded SurrealKV, sync=every)`);
  console.log(`server apply: ${count} operations in ${apply.toFixed(2)} s = ${(count / apply).toFixed(0)} ops/s (HTTP, batches of ${BATCH}, one client)`);
  console.log(`phone sync:   ${count} queued operations sent in ${phone.toFixed(2)} s from going online to an empty outbox (headless Chromium)`);
  const waited = pushes.reduce((a, b) => a + b, 0) / 1000;
  console.log(`  of which the server answering its ${pushes.length} pushes: ${waited.toFixed(2)} s (${pushes.map((ms) => Math.round(ms)).join(", ")} ms)`);
} finally {
  server.kill("SIGKILL");
  // A benchmark that passes through a server panic measures a broken server.
  const panics = readFileSync(join(dataDir, "server.log"), "utf8").split("\n").filter((l) => l.includes("panicked at"));
  rmSync(dataDir, { recursive: true, force: true });
  if (panics.length > 0) {
    console.error(`FAILED: the server panicked:\n${panics.join("\n")}`);
    process.exitCode = 1;
  }
}
