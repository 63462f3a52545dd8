import { type Browser, expect, hydrated, logIn, type Page, SECRETARY, test } from "../support/fixtures";

const VOLUNTEER = "13800000008"; // 吴倩, party member of 光明社区
const DUTY = "寒潮应急值守"; // the demo's emergency duty, under way now, organised by the secretary

/// The volunteer on their own phone, on the activities screen.
async function volunteerPhone(browser: Browser) {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  await logIn(page, VOLUNTEER);
  await page.goto("/activities");
  await hydrated(page);
  const duty = page.getByTestId("activity").filter({ hasText: DUTY });
  await expect(duty).toHaveCount(1, { timeout: 30_000 });
  return { page, duty };
}

async function hoursTotal(page: Page) {
  await page.goto("/hours");
  await hydrated(page);
  return page.getByTestId("hours-total");
}

test("a check-in with the organiser's code, typed offline, becomes verified hours", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const phone = await volunteerPhone(browser);
  await expect(await hoursTotal(phone.page)).toContainText("累计 0.0");
  await phone.page.goto("/activities");
  await hydrated(phone.page);

  // The organiser shows the code; it is made on the phone from the activity's secret.
  await logIn(page, SECRETARY);
  await page.goto("/activities");
  await hydrated(page);
  const shown = page.getByTestId("activity").filter({ hasText: DUTY });
  await shown.getByTestId("show-code").tap();
  await expect(shown.getByTestId("qr")).toBeVisible();
  const code = (await shown.getByTestId("code-digits").textContent())!.trim();
  expect(code).toMatch(/^\d{6}$/);

  // The volunteer has no signal: the check-in waits on the phone.
  await phone.page.context().setOffline(true);
  await phone.duty.locator('input[name="code"]').fill(code);
  await phone.duty.getByRole("button", { name: "签到", exact: true }).tap();
  await expect(phone.duty.getByTestId("check-in-waiting")).toBeVisible();
  await phone.page.screenshot({ path: "test-results/phone-check-in-offline.png" });

  // Back online, the server verifies the code: 3 hours, no secretary needed.
  await phone.page.context().setOffline(false);
  await expect(phone.duty.getByTestId("check-in-waiting")).toHaveCount(0, { timeout: 30_000 });
  await expect(phone.duty.getByRole("button", { name: "签退", exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(await hoursTotal(phone.page)).toContainText("累计 3.0");

  // Hours entered by hand wait for the secretary, then count too.
  const form = phone.page.getByTestId("hours-form");
  await form.locator('input[name="what"]').fill("帮邻居老人代购年货");
  await form.locator('input[name="on"]').fill(new Date().toISOString().slice(0, 10));
  await form.locator('input[name="hours"]').fill("1.5");
  await form.getByRole("button", { name: "保存" }).tap();
  await expect(phone.page.getByTestId("hours-entry").filter({ hasText: "帮邻居老人代购年货" })).toHaveAttribute(
    "data-state",
    "pending",
    { timeout: 30_000 },
  );

  await page.goto("/hours/verify");
  await hydrated(page);
  const row = page.getByTestId("verify-row").filter({ hasText: "帮邻居老人代购年货" });
  await row.locator("input[type=checkbox]").check();
  await page.getByTestId("verify-chosen").tap();
  await expect(row).toHaveCount(0);

  await expect(await hoursTotal(phone.page)).toContainText("累计 4.5");
  await expect(phone.page.getByTestId("hours-line").filter({ hasText: "帮邻居老人代购年货" })).toContainText("李明");
  await phone.page.context().close();
});
