import { expect, hydrated, logIn, test, WORKER, type Page } from "../support/fixtures";

const badge = (page: Page) => page.getByTestId("connection-badge");

test("the home page is rendered on the server, in Chinese", async ({ request }) => {
  const response = await request.get("/");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-cache");
  const html = await response.text();
  expect(html).toContain('lang="zh-CN"');
  expect(html).toContain("网格连心");
  expect(html).toContain("幸福路街道");
  expect(html).toContain('rel="manifest"');
  // The app's js and wasm are fetched when the phone is idle, not preloaded before the first paint.
  expect(html).toMatch(/import\("\/pkg\/gridlink\.[\w-]+\.js"\)/);
  expect(html).not.toMatch(/<link[^>]*pkg\/gridlink\.[\w-]+\.(js|wasm)"/);
});

test("hydrates, installs the service worker and opens offline", async ({ page, context }) => {
  await page.goto("/");
  await expect(page.getByTestId("street-name")).toHaveText("幸福路街道");
  await hydrated(page);

  // An interactive element reacts: the language switch.
  await page.getByTestId("language-switch").tap();
  await expect(page.locator(".app-title")).toHaveText("GridLink");
  await expect(page.locator(".tab-bar")).toContainText("Visits");
  await page.getByTestId("language-switch").tap();
  await expect(page.locator(".app-title")).toHaveText("网格连心");

  // The service worker takes control once it has precached the shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  await expect(badge(page)).toHaveAttribute("data-state", "online");
  await page.screenshot({ path: "test-results/phone-online.png" });

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".app-title")).toHaveText("网格连心");
  await expect(page.getByTestId("street-name")).toHaveText("幸福路街道");
  await hydrated(page);
  await expect(badge(page)).toHaveAttribute("data-state", "offline");
  await expect(badge(page)).toHaveText("离线");
  await expect(page.getByTestId("offline-hint")).toBeVisible();
  await page.screenshot({ path: "test-results/phone-offline.png" });

  // A page never opened before still opens offline, as itself.
  await page.goto("/tasks");
  await hydrated(page);
  await expect(page.locator("main h1")).toHaveText("任务");
  await expect(badge(page)).toHaveAttribute("data-state", "offline");

  await context.setOffline(false);
  await expect(badge(page)).toHaveAttribute("data-state", "online");
  await expect(badge(page)).toHaveText("在线");
});

test("the language choice is remembered", async ({ page, context }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByTestId("language-switch").tap();
  await expect(page.locator(".app-title")).toHaveText("GridLink");
  // The cookie is written after the switch renders; don't race it.
  await expect
    .poll(async () => (await context.cookies()).find((c) => c.name === "i18n_pref_locale")?.value)
    .toBe("en");
  await page.reload();
  await expect(page.locator(".app-title")).toHaveText("GridLink");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("a visitor sees the public tabs only; a worker's tabs all open and are phone-sized", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await expect(page.locator(".tab-bar a:visible")).toHaveText(["⌂首页", "☺我的"]);
  await expect(page.getByTestId("sync-badge")).toBeHidden();

  await logIn(page, WORKER);
  await page.goto("/");
  await hydrated(page);
  await expect(page.getByTestId("sync-badge")).toBeVisible();
  for (const [label, path] of [
    ["走访", "/visits"],
    ["诉求", "/issues"],
    ["任务", "/tasks"],
    ["我的", "/me"],
    ["首页", "/"],
  ]) {
    const tab = page.locator(".tab-bar a", { hasText: label });
    const box = await tab.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThanOrEqual(44);
    await tab.tap();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(tab).toHaveAttribute("aria-current", "page");
  }
});

test("the visit form is drawn before the app runs and opens once the phone has the area", async ({ browser, page }) => {
  // The server's HTML alone: the form is there, its fields wait for the app.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const before = await noScript.newPage();
  await before.goto("/visits");
  await expect(before.getByTestId("visit-form").locator('textarea[name="notes"]')).toBeDisabled();
  await expect(before.getByTestId("visit-form").locator('select[name="building"]')).toContainText("加载中");
  await noScript.close();

  await logIn(page, WORKER);
  await page.goto("/visits");
  await hydrated(page);
  const form = page.getByTestId("visit-form");
  await expect(form.locator('textarea[name="notes"]')).toBeEnabled();
  await expect(form.locator('select[name="building"] option').first()).toHaveText("请选择");
});
