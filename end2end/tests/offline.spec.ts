import { expect, hydrated, logIn, SECRETARY, serviceWorkerReady, test, WORKER, type Page } from "../support/fixtures";

const syncBadge = (page: Page) => page.getByTestId("sync-badge");

async function recordVisit(page: Page, unitIndex: number, notes: string, need?: string) {
  const form = page.getByTestId("visit-form");
  await form.locator('select[name="building"]').selectOption({ index: 1 });
  await form.locator('select[name="household"]').selectOption({ index: unitIndex });
  await form.locator('select[name="visit_type"]').selectOption("care");
  await form.locator('textarea[name="notes"]').fill(notes);
  if (need) {
    // A need heard at the door goes with the visit, offline too.
    await form.locator('input[name="raise_need"]').check();
    await form.locator('select[name="need_category"]').selectOption("elderly_care");
    await form.locator('textarea[name="need_text"]').fill(need);
  }
  await form.getByRole("button", { name: "保存" }).tap();
  await expect(page.getByTestId("visit-row").filter({ hasText: notes })).toBeVisible();
}

test("records made offline survive reloads and reach the secretary once", async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  await logIn(page, WORKER);
  await page.goto("/visits");
  await hydrated(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  // The first sync brought the worker's buildings and households.
  await expect(page.locator('select[name="building"] option')).toHaveCount(4);
  await expect(syncBadge(page)).toHaveAttribute("data-pending", "0");

  await context.setOffline(true);
  await recordVisit(page, 1, "第一户：老人身体很好");
  await recordVisit(page, 2, "第二户：家中无人", "独居老人希望有人每周帮忙买菜");
  await expect(page.getByTestId("visit-row").filter({ hasText: "第二户" })).toContainText("已记需求");
  await recordVisit(page, 3, "第三户：反映楼道灯坏");
  await expect(page.locator('[data-testid="visit-row"][data-mark="pending"]')).toHaveCount(3);
  await expect(syncBadge(page)).toHaveAttribute("data-pending", "3");

  await page.goto("/issues");
  await hydrated(page);
  const form = page.getByTestId("issue-form");
  await form.locator('select[name="category"]').selectOption("safety");
  await form.locator('select[name="building"]').selectOption({ index: 1 });
  await form.locator('textarea[name="description"]').fill("3号楼楼道灯坏了，老人上下楼不方便");
  await form.locator('input[name="reporter_phone"]').fill("13912345678");
  await form.getByRole("button", { name: "保存" }).tap();
  await expect(page.getByTestId("issue-row").filter({ hasText: "楼道灯坏了" })).toHaveAttribute("data-mark", "pending");
  await expect(syncBadge(page)).toHaveAttribute("data-pending", "4");

  // Still offline: a reload keeps everything, listed as pending.
  await page.goto("/visits");
  await page.reload();
  await hydrated(page);
  await expect(page.locator('[data-testid="visit-row"][data-mark="pending"]')).toHaveCount(3);
  await expect(syncBadge(page)).toHaveAttribute("data-pending", "4");
  await page.screenshot({ path: "test-results/phone-offline-pending.png" });

  // Close the page and open the app again, still offline.
  await page.close();
  const again = await context.newPage();
  await again.goto("/visits");
  await hydrated(again);
  await expect(again.locator('[data-testid="visit-row"][data-mark="pending"]')).toHaveCount(3);

  await context.setOffline(false);
  await expect(syncBadge(again)).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  // The three, and the demo's care visit of a week ago.
  await expect(again.locator('[data-testid="visit-row"][data-mark="synced"]')).toHaveCount(4);

  // The secretary finds the issue in the queue with its deadline and assigns it.
  const desk = await browser.newContext();
  const secretary = await desk.newPage();
  await logIn(secretary, SECRETARY);
  await secretary.goto("/issues/queue");
  await hydrated(secretary);
  const row = secretary.getByTestId("queue-row").filter({ hasText: "楼道灯坏了" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("queue-due")).toContainText("期限");
  await expect(row).not.toContainText("13912345678");
  await row.getByTestId("queue-open").tap();
  await expect(row.getByTestId("timeline")).toContainText("上报");
  await row.getByTestId("assign-worker").selectOption({ label: "张伟" });
  await row.getByTestId("assign").tap();
  await expect(secretary.getByTestId("queue-answers")).toContainText("1");

  // The need raised at the door waits in the needs list as a draft.
  await secretary.goto("/lists");
  await hydrated(secretary);
  await secretary.getByTestId("list-status").selectOption("draft");
  await expect(secretary.getByTestId("list-item").filter({ hasText: "独居老人希望有人每周帮忙买菜" })).toHaveCount(1);
  await desk.close();

  // The worker's next sync brings the issue back, assigned.
  await again.goto("/issues");
  await hydrated(again);
  const mine = again.getByTestId("issue-row").filter({ hasText: "楼道灯坏了" });
  await expect(mine).toHaveAttribute("data-status", "assigned", { timeout: 30_000 });
  await expect(mine.getByTestId("issue-assignee")).toContainText("张伟");
});

test("a record the server refuses is set aside with the reason, never dropped silently", async ({ page, context }) => {
  await logIn(page, WORKER);
  await page.goto("/sync");
  await hydrated(page);
  await expect(syncBadge(page)).toHaveAttribute("data-pending", "0");
  // The reload below is offline: the service worker must have the shell.
  await serviceWorkerReady(page);
  await context.setOffline(true);
  // A record the server cannot read (as an older or broken app might send).
  await page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open("gridlink");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const id = "01900000-0000-7000-8000-00000000e2e1";
    const payload = { visit_id: id, household: "demo-c1-g1-b1-101", visit_type: "party", notes: "", follow_up_on: null, corrects: null };
    const op = { op_id: "01900000-0000-7000-8000-00000000e2e2", device_id: "e2e", kind: "record_visit", payload, captured_at: Date.now(), app_version: "0.1.0" };
    const visit = { visit_id: id, household: payload.household, place: "1号楼 101", visit_type: "routine", notes: "坏记录", follow_up_on: null, corrects: null, captured_at: op.captured_at };
    const tx = db.transaction(["records", "outbox"], "readwrite");
    tx.objectStore("records").put({ id, mark: "pending", visit, issue: null });
    // No owner: the login's claim of the phone runs in the background and may
    // not have finished before the page reloads (an owned entry would be held).
    tx.objectStore("outbox").put({ op_id: op.op_id, op, record_id: id, mark: "pending", answer: null, summary: "走访 · 1号楼 101", seq: 1, owner: "" });
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  });
  await page.reload();
  await hydrated(page);
  await expect(syncBadge(page)).toHaveAttribute("data-pending", "1");

  await context.setOffline(false);
  const row = page.getByTestId("attention-row");
  await expect(row).toContainText("记录内容无法识别", { timeout: 30_000 });
  await expect(syncBadge(page)).toHaveAttribute("data-state", "attention");
  await expect(page.getByTestId("sync-attention")).toHaveText("1");

  // Discarding asks first; declining keeps it.
  page.once("dialog", (dialog) => dialog.dismiss());
  await row.getByRole("button", { name: "放弃这条" }).tap();
  await expect(row).toBeVisible();
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "放弃这条" }).tap();
  await expect(page.getByTestId("attention-row")).toHaveCount(0);
  await expect(page.getByTestId("sync-attention")).toHaveText("0");
});
