// The worst day: the server is restored from last night's backup and has
// lost what phones sent since. The phone proves what the server still holds
// (docs/sync.md, "Proof of holding") and sends the lost records again, once.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  expect,
  hydrated,
  type Page,
  panicsSince,
  PASSWORD,
  serviceWorkerReady,
  test,
  WORKER,
} from "../support/fixtures";
import { BINARY, REPO, startServer, type Server } from "../support/server";

const PORT = 3311;

function embedded(dataDir: string) {
  return { GRIDLINK_DATABASE_URL: "", GRIDLINK_DATA_DIR: dataDir, GRIDLINK_BACKUP_DIR: join(dataDir, "backups") };
}

async function waitForBackup(dir: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".surql")) : [];
    if (files.length > 0) return join(dir, files[0]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no backup appeared in ${dir}`);
}

/// This test's servers are its own (not the suite's baseURL).
async function openVisitsAs(page: Page, base: string, mobile: string) {
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.locator('input[name="mobile"]').fill(mobile);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).tap();
  await expect(page).toHaveURL(/\/me$/);
  await page.goto(`${base}/visits`);
  await hydrated(page);
}

async function serverVisits(base: string, request: import("@playwright/test").APIRequestContext) {
  await request.post(`${base}/api/auth/login`, { form: { mobile: WORKER, password: PASSWORD } });
  const pull = await request.post(`${base}/api/sync/pull`, { form: { since: "0" } });
  expect(pull.status()).toBe(200);
  const data = await pull.json();
  return data.visits.map((v: { notes: string }) => v.notes) as string[];
}

test("after a restore from backup the phone sends the visits the server lost, once", async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), "gridlink-restore-"));
  const log = join(work, "server.log");
  const before = join(work, "before");
  let server: Server | undefined;
  try {
    // Last night: the server writes its daily backup as it starts.
    server = await startServer({ port: PORT, log, env: embedded(before) });
    const backup = await waitForBackup(join(before, "backups"));

    // Today: a visit reaches the server and is marked synced on the phone.
    await openVisitsAs(page, server.base, WORKER);
    await serviceWorkerReady(page);
    const form = page.getByTestId("visit-form");
    await form.locator('select[name="building"]').selectOption({ index: 1 });
    await form.locator('select[name="household"]').selectOption({ index: 1 });
    await form.locator('textarea[name="notes"]').fill("今天的走访：备份之后");
    await form.getByRole("button", { name: "保存" }).tap();
    const row = page.getByTestId("visit-row").filter({ hasText: "备份之后" });
    await expect(row).toHaveAttribute("data-mark", "synced", { timeout: 30_000 });

    // The server is lost and restored from the backup, into a new directory.
    await server.stop();
    const after = join(work, "after");
    execFileSync(BINARY, ["restore", backup], { cwd: REPO, env: { ...process.env, ...embedded(after), RUST_LOG: "warn" } });
    server = await startServer({ port: PORT, log, env: embedded(after) });
    const api = await playwright.request.newContext();
    expect(await serverVisits(server.base, api)).not.toContain("今天的走访：备份之后");

    // The phone's next sync (its session went with the restore: log in again).
    await openVisitsAs(page, server.base, WORKER);
    await expect(page.getByTestId("visit-row").filter({ hasText: "备份之后" })).toHaveAttribute("data-mark", "synced", {
      timeout: 30_000,
    });
    await expect
      .poll(async () => (await serverVisits(server!.base, api)).filter((n) => n === "今天的走访：备份之后").length, {
        timeout: 30_000,
      })
      .toBe(1);

    // Another sync changes nothing: the server holds it now.
    await page.reload();
    await hydrated(page);
    await page.goto(`${server.base}/sync`);
    await hydrated(page);
    await page.getByRole("button", { name: "立即同步" }).tap();
    await expect(page.getByTestId("sync-pending")).toHaveText("0");
    expect((await serverVisits(server.base, api)).filter((n) => n === "今天的走访：备份之后")).toHaveLength(1);
    await api.dispose();
  } finally {
    await server?.stop();
    expect(panicsSince(log, 0), `the server panicked (${log})`).toEqual([]);
    if (!process.env.GRIDLINK_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  }
});
