// Every screen but login and visits is a wasm chunk fetched when first opened
// (src/components/lazy_page.rs); the service worker precaches them.
import { expect, hydrated, logIn, SECRETARY, serviceWorkerReady, test, WORKER } from "../support/fixtures";

const CHUNK = /\/pkg\/(split|chunk)_[^/]*\.wasm$/;

test("an admin screen loads its chunk on demand and opens offline after a first visit", async ({ page, context }) => {
  const chunks: string[] = [];
  page.on("request", (request) => {
    if (CHUNK.test(request.url())) chunks.push(request.url());
  });
  await logIn(page, SECRETARY);
  await serviceWorkerReady(page);
  // 我的 (where a login lands) is a chunk too; no admin screen's chunk comes before it is opened.
  expect(chunks.filter((url) => url.includes("split_org_admin_screen")), "no admin chunk yet").toEqual([]);

  await page.getByTestId("manage-org").tap();
  await expect(page.getByTestId("node-row").first()).toContainText("光明社区");
  expect(chunks.some((url) => url.includes("split_org_admin_screen")), "opening the screen fetched its chunk").toBe(true);

  await page.goto("/admin/staffing");
  await hydrated(page);
  await expect(page.getByTestId("staff-row")).not.toHaveCount(0);

  await context.setOffline(true);
  const offline = await context.newPage();
  await offline.goto("/admin/staffing");
  await hydrated(offline);
  await expect(offline.getByTestId("staff-row")).not.toHaveCount(0);
  await offline.getByText("添加人员").tap();
  await expect(offline.locator('input[name="grid_code"]')).toBeVisible();
  await offline.close();
  await context.setOffline(false);
});

test.describe("without the service worker", () => {
  // The chunk loader reports the aborted fetches as uncaught errors; the app must not panic.
  test.use({ serviceWorkers: "block", expectedPageErrors: ["Failed to fetch"] });

  test("a screen whose chunk does not arrive says so and offers a retry", async ({ page }) => {
    await logIn(page, SECRETARY);
    await page.route(CHUNK, (route) => route.abort("internetdisconnected"));
    await page.getByTestId("manage-staffing").tap();
    await expect(page.getByTestId("chunk-error")).toContainText("没能加载");

    await page.unroute(CHUNK);
    await page.getByRole("button", { name: "重试" }).tap();
    await hydrated(page);
    await expect(page.getByTestId("staff-row")).not.toHaveCount(0);
  });

  test("when the sync's chunk does not arrive the phone says so and syncs once it can", async ({ page }) => {
    // The sync round (push, pull, photo uploads) is its own chunk, fetched when the first sync starts.
    const SYNC_CHUNK = /\/pkg\/split_sync_round\.[^/]*\.wasm$/;
    await page.route(SYNC_CHUNK, (route) => route.abort("internetdisconnected"));
    await logIn(page, WORKER);
    await page.goto("/sync");
    await hydrated(page);
    await expect(page.getByTestId("phone-problem")).toContainText("部分程序未能加载");

    await page.unroute(SYNC_CHUNK);
    await page.getByRole("button", { name: "立即同步", exact: true }).tap();
    await expect(page.getByTestId("phone-problem")).toHaveCount(0);
    await expect(page.getByTestId("sync-last")).not.toHaveText("还没有同步过");
    await expect(page.getByTestId("sync-badge")).toHaveAttribute("data-pending", "0");
  });
});
