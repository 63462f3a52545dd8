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

const MEMBER = "13800000005"; // 陈静, a member of the demo's vanguard post, which the duty is for
const HAIRCUTS = "为独居老人上门理发"; // the demo's service activity in two days, with sign-up

/// A 1×1 PNG: the phone's camera photo; the stubbed barcode reader below reads it.
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test("a scanned code checks in; the secretary cancels the hours with a reason; the certificate and sign-up", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  // Headless Chromium on Linux has no BarcodeDetector: this one reads what the test puts in `__qr`.
  const context = await browser.newContext();
  await context.addInitScript(() => {
    (window as any).BarcodeDetector = class {
      async detect() {
        return [{ rawValue: (window as any).__qr }];
      }
    };
  });
  const phone = await context.newPage();
  await logIn(phone, MEMBER);
  await phone.goto("/activities");
  await hydrated(phone);
  const duty = phone.getByTestId("activity").filter({ hasText: DUTY });
  await expect(duty).toHaveCount(1, { timeout: 30_000 });
  await expect(duty.getByTestId("activity-team")).toContainText("先锋岗");

  await logIn(page, SECRETARY);
  await page.goto("/activities");
  await hydrated(page);
  const shown = page.getByTestId("activity").filter({ hasText: DUTY });
  await shown.getByTestId("show-code").tap();
  const code = (await shown.getByTestId("code-digits").textContent())!.trim();
  const key = await shown.getAttribute("data-key");
  const step = Math.floor(Date.now() / 30_000);

  await phone.evaluate((text) => ((window as any).__qr = text), `GLCI1:${key}:${step}:${code}`);
  await duty.locator('input[type="file"]').setInputFiles({ name: "qr.png", mimeType: "image/png", buffer: PHOTO });
  await expect(duty.getByRole("button", { name: "签退", exact: true })).toBeVisible({ timeout: 30_000 });
  await phone.goto("/hours");
  await hydrated(phone);
  const line = phone.getByTestId("hours-line").filter({ hasText: DUTY });
  await expect(line).toContainText("3.0");

  // The secretary finds the line in the area's ledger and cancels it with a reason.
  await page.goto("/hours/verify");
  await hydrated(page);
  await page.getByTestId("ledger-person").fill("陈静");
  await page.getByTestId("ledger-person").press("Enter");
  await page.getByTestId("ledger-person").blur();
  const ledgerLine = page.getByTestId("ledger-line").filter({ hasText: DUTY }).filter({ hasText: "3.0" });
  await expect(ledgerLine).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId("cancel-reason").fill("签到后未在岗");
  page.once("dialog", (dialog) => dialog.accept());
  await ledgerLine.getByTestId("cancel-line").tap();
  const lines = page.getByTestId("ledger-line").filter({ hasText: DUTY });
  await expect(lines.filter({ hasText: "已撤销" })).toHaveCount(1, { timeout: 30_000 });
  await expect(lines.filter({ hasText: "更正" })).toContainText("签到后未在岗");
  await expect(lines.filter({ hasText: "已撤销" }).getByTestId("cancel-line")).toHaveCount(0);

  // The volunteer sees the correction beside the line, which stays as it was.
  await phone.reload();
  await hydrated(phone);
  await expect(phone.getByTestId("hours-line").filter({ hasText: "更正" })).toContainText("签到后未在岗");
  await expect(phone.getByTestId("hours-line").filter({ hasText: "已撤销" })).toContainText(DUTY);

  // A printable certificate: name and community, no numbers that identify.
  await phone.getByTestId("certificate-link").tap();
  await hydrated(phone);
  const certificate = phone.getByTestId("certificate");
  await expect(certificate.getByTestId("cert-name")).toHaveText("陈静");
  await expect(certificate).toContainText("光明社区");
  await expect(certificate).not.toContainText("138");
  await phone.emulateMedia({ media: "print" });
  await expect(phone.getByTestId("cert-print")).toBeHidden();
  await phone.screenshot({ path: "test-results/certificate-print.png", fullPage: true });
  await phone.emulateMedia({ media: "screen" });

  // Signing up for an activity that asks for it.
  await phone.goto("/activities");
  await hydrated(phone);
  const haircuts = phone.getByTestId("activity").filter({ hasText: HAIRCUTS });
  await expect(haircuts.getByTestId("signups")).toContainText("1/6", { timeout: 30_000 });
  await haircuts.getByTestId("sign-up").tap();
  await expect(haircuts.getByTestId("signed-up")).toBeVisible({ timeout: 30_000 });
  await expect(haircuts.getByTestId("signups")).toContainText("2/6");

  // The team behind the duty, on the secretary's screen.
  await page.goto("/teams");
  await hydrated(page);
  await expect(page.getByTestId("team").filter({ hasText: "寒潮应急党员先锋岗" })).toContainText("陈静");
  await context.close();
});
