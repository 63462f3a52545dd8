import { expect, hydrated, logIn, SECRETARY, serviceWorkerReady, test, WORKER } from "../support/fixtures";

test("the grid worker's home is the day's work, offline too", async ({ page, context }) => {
  test.setTimeout(90_000);
  await logIn(page, WORKER);
  await page.goto("/");
  await hydrated(page);
  await serviceWorkerReady(page);
  const day = page.getByTestId("day");
  // The demo's care visit of a week ago promised a follow-up today.
  await expect(day.getByTestId("day-follow-up").filter({ hasText: "1号楼 101" })).toBeVisible({ timeout: 30_000 });
  // The stair light assigned to 张伟, due in 20 hours.
  await expect(day.getByTestId("day-issue").filter({ hasText: "楼道灯不亮" })).toContainText("还剩");
  await expect(day.getByTestId("day-quiet-household").first()).toContainText("从未走访");
  // The list above may still be the server's; offline, the phone's copy must be here.
  await expect(day.getByTestId("day-search")).toBeEnabled({ timeout: 30_000 });
  await page.screenshot({ path: "test-results/phone-day.png", fullPage: true });

  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  await expect(day.getByTestId("day-follow-up").filter({ hasText: "1号楼 101" })).toBeVisible();
  await expect(day.getByTestId("day-fresh")).not.toContainText("还没有同步过");

  // A line opens the place to act: the visit form with the household chosen.
  await day.getByTestId("day-follow-up").filter({ hasText: "1号楼 101" }).locator("a").tap();
  await expect(page).toHaveURL(/\/visits\?household=/);
  await hydrated(page);
  await expect(page.locator('select[name="household"]')).not.toHaveValue("");
  await context.setOffline(false);
});

test("the day's work is drawn by the server before the app runs, then the phone's copy takes over", async ({
  browser,
  page,
  context,
}) => {
  await logIn(page, WORKER);
  // The same login in a page whose app never runs: the server's HTML alone.
  const noApp = await browser.newContext({ viewport: page.viewportSize() });
  await noApp.addCookies(await context.cookies());
  const before = await noApp.newPage();
  await before.route(/\.wasm$/, (route) => route.abort());
  await before.goto("/");
  const drawn = before.getByTestId("day");
  await expect(drawn.getByTestId("day-follow-up").filter({ hasText: "1号楼 101" })).toBeVisible();
  await expect(drawn.getByTestId("day-issue").filter({ hasText: "楼道灯不亮" })).toContainText("还剩");
  await expect(drawn.getByTestId("day-search")).toBeDisabled();
  await noApp.close();

  await page.goto("/");
  await hydrated(page);
  const day = page.getByTestId("day");
  await expect(day.getByTestId("day-search")).toBeEnabled({ timeout: 30_000 });
  await expect(day.getByTestId("day-follow-up").filter({ hasText: "1号楼 101" })).toBeVisible();
  await expect(day).toHaveCount(1);
});

test("searching a household works offline", async ({ page, context }) => {
  await logIn(page, WORKER);
  await page.goto("/");
  await hydrated(page);
  await serviceWorkerReady(page);
  await expect(page.getByTestId("day-follow-up").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("day-search")).toBeEnabled({ timeout: 30_000 });
  await context.setOffline(true);
  await page.getByTestId("day-search").fill("2号楼 302");
  await expect(page.getByTestId("search-household")).toHaveCount(1);
  await expect(page.getByTestId("search-household")).toContainText("2号楼 302");
  await page.getByTestId("day-search").fill("楼道灯");
  await expect(page.getByTestId("search-issue")).toContainText("2号楼三层楼道灯不亮");

  // Offline, a household found opens its page from the phone's copy.
  await page.getByTestId("day-search").fill("1号楼 101");
  await page.getByTestId("search-household").first().locator("a").tap();
  await expect(page.getByTestId("household-from-phone")).toBeVisible();
  await expect(page.getByTestId("household-place")).toHaveText("1号楼 101");
  await expect(page.getByTestId("household-visit").first()).toContainText("关爱老弱");
  await page.goBack();
  await hydrated(page);
  await context.setOffline(false);

  // Online, a household found opens its page: its story and care tags.
  await page.getByTestId("day-search").fill("1号楼 101");
  await page.getByTestId("search-household").first().locator("a").tap();
  await hydrated(page);
  await expect(page.getByTestId("household-place")).toHaveText("1号楼 101");
  await expect(page.getByTestId("household-visit").first()).toContainText("张伟");
  await page.getByText("关怀标签").tap();
  await page.getByLabel("独居老人").check();
  await page.getByTestId("save-tags").tap();
  await expect(page.getByTestId("care-tag")).toHaveText("独居老人");
});

test("a secretary's home shows the queue in figures", async ({ page }) => {
  await logIn(page, SECRETARY);
  await page.goto("/");
  await hydrated(page);
  const summary = page.getByTestId("queue-summary");
  // The demo's stair light, assigned to 张伟 and open.
  await expect(summary.getByTestId("summary-open").locator("dd")).not.toHaveText("0");
  await expect(summary.getByTestId("summary-awaiting")).toBeVisible();
  await summary.getByRole("link", { name: "打开受理队列" }).tap();
  await expect(page).toHaveURL(/\/issues\/queue$/);
});
