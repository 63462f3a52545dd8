import { readFile } from "node:fs/promises";
import type { Browser } from "@playwright/test";
import { expect, hydrated, logIn, type Page, SECRETARY, test } from "../support/fixtures";

const MEMBER = "13800000005"; // 陈静, party member of 光明社区
const LEADER = "13800000004"; // 刘洋, building leader in its first grid

// Issue 11: a resident with no account and JavaScript off reads the
// community's page and sends a need; the secretary publishes it.
test("a resident's need, sent with JavaScript off, is published and claimed offline", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const resident = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
  });
  const phone = await resident.newPage();
  const code: string[] = [];
  phone.on("request", (request) => {
    if (request.resourceType() === "script" || request.url().endsWith(".wasm")) code.push(request.url());
  });
  await phone.goto("/s/");
  await phone.getByRole("link", { name: "光明社区" }).tap();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("光明社区");
  await expect(phone.getByText("义诊服务")).toBeVisible();
  await expect(phone.getByText("楼道堆放杂物")).toHaveCount(0);

  await phone.locator('select[name="category"]').selectOption("repairs");
  await phone.locator('textarea[name="text"]').fill("二号楼电梯按钮失灵");
  await phone.locator('input[name="place"]').fill("2号楼");
  await phone.locator('input[name="contact"]').fill("王阿姨 13912349999");
  await phone.getByRole("button", { name: "提交" }).tap();
  await expect(phone.getByRole("status")).toContainText("已收到您的需求");
  const needs = phone.locator('section[aria-labelledby="needs"]');
  await expect(needs).not.toContainText("二号楼电梯按钮失灵");

  await logIn(page, SECRETARY);
  await page.getByTestId("service-lists").tap();
  await page.getByTestId("list-status").selectOption("draft");
  const row = page.getByTestId("list-item").filter({ hasText: "二号楼电梯按钮失灵" });
  await expect(row).toContainText("13912349999");
  await row.getByRole("button", { name: "发布" }).tap();
  await expect(row).toHaveCount(0);
  await page.getByTestId("list-status").selectOption("published");
  await expect(page.getByTestId("list-item").filter({ hasText: "二号楼电梯按钮失灵" })).toBeVisible();

  await phone.goto("/s/demo-c1?after=publish");
  await expect(needs).toContainText("二号楼电梯按钮失灵");
  await expect(phone.locator("body")).not.toContainText("13912349999");
  expect(code, "the residents' page loads no script").toEqual([]);
  await resident.close();

  // The secretary turns it into a task with one place.
  const published = page.getByTestId("list-item").filter({ hasText: "二号楼电梯按钮失灵" });
  await published.getByText("转为任务").tap();
  // Under way: started an hour ago (China Standard Time), ends tomorrow.
  const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
  await published.locator('input[name="starts"]').fill(cst(Date.now() - 3_600_000));
  await published.locator('input[name="ends"]').fill(cst(Date.now() + 86_400_000));
  await published.locator('input[name="hours"]').fill("1.5");
  await published.locator('input[name="points"]').fill("5");
  await published.getByRole("button", { name: "保存" }).tap();
  await expect(published).toContainText("任务已发布");

  // Two members have it on their phones, go offline and both claim it.
  const first = await memberPhone(browser, MEMBER);
  const second = await memberPhone(browser, LEADER);
  for (const phone of [first, second]) {
    await phone.page.context().setOffline(true);
    await phone.task.getByRole("button", { name: "报名" }).tap();
    await expect(phone.task.getByTestId("task-state")).toContainText("报名待同步");
  }
  // The first to come back online gets the place; the other waits in line.
  await first.page.context().setOffline(false);
  await expect(first.task.getByTestId("task-state")).toHaveText("你已报上", { timeout: 30_000 });
  await second.page.context().setOffline(false);
  await expect(second.task.getByTestId("task-state")).toHaveText("候补第 1 位", { timeout: 30_000 });

  // The member reports it done; the secretary confirms; the hours and points count.
  await first.task.locator('input[name="note"]').fill("已联系物业修好");
  await first.task.getByRole("button", { name: "报告完成" }).tap();
  await expect(first.task.getByTestId("task-state")).toHaveText("已报告完成，待社区确认", { timeout: 30_000 });
  const scoreBefore = await unitScore(page);
  await page.goto("/me");
  await hydrated(page);
  await page.getByTestId("task-reviews").tap();
  const review = page.getByTestId("review-row").filter({ hasText: "二号楼电梯按钮失灵" });
  await expect(review).toContainText("已联系物业修好");
  await review.getByRole("button", { name: "确认" }).tap();
  await expect(review).toContainText("已确认");
  await first.page.reload();
  await hydrated(first.page);
  await expect(first.task.getByTestId("task-state")).toHaveText("社区已确认，时长和积分已记入", { timeout: 30_000 });
  await expect(first.page.getByTestId("my-totals")).toContainText("1.5 小时 · 5 积分");

  // The unit's score counts the confirmation; its feedback sheet downloads as XLSX.
  expect(await unitScore(page)).not.toEqual(scoreBefore);
  const unit = page.getByTestId("unit-score").filter({ hasText: "区税务局" });
  await expect(unit).toContainText("2/2");
  const download = page.waitForEvent("download");
  await unit.getByTestId("feedback-xlsx").tap();
  const sheet = await download;
  expect(sheet.suggestedFilename()).toMatch(/^feedback-.*\.xlsx$/);
  const bytes = await readFile((await sheet.path()) as string);
  expect(bytes.subarray(0, 2).toString()).toBe("PK");
  await first.page.context().close();
  await second.page.context().close();
});

/// The secretary's assessment table: 区税务局's score.
async function unitScore(page: Page) {
  await page.goto("/assessment");
  await hydrated(page);
  const unit = page.getByTestId("unit-score").filter({ hasText: "区税务局" });
  await expect(unit).toBeVisible();
  return unit.getByTestId("score").textContent();
}

/// A member logged in on their own phone, on the 任务 tab, and the task.
async function memberPhone(browser: Browser, mobile: string) {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  await logIn(page, mobile);
  await page.goto("/tasks");
  await hydrated(page);
  const task = page.getByTestId("task").filter({ hasText: "二号楼电梯按钮失灵" });
  await expect(task).toHaveCount(1, { timeout: 30_000 });
  return { page, task };
}
