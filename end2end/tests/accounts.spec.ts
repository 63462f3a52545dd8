import { expect, hydrated, PASSWORD, submitLogin, test } from "../support/fixtures";

const WORKER = { mobile: "13800000003", name: "张伟" };

test("a grid worker logs in, sees their profile, and logs out", async ({ page }) => {
  await submitLogin(page, WORKER.mobile, PASSWORD);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId("profile-name")).toHaveText(WORKER.name);
  await expect(page.getByTestId("profile-roles")).toHaveText("网格员");
  await expect(page.getByTestId("profile-org")).toHaveText("光明社区第1网格");
  await expect(page.locator("main")).toContainText("138****0003");
  await expect(page.locator("main")).not.toContainText(WORKER.mobile);

  await page.goto("/");
  await expect(page.getByTestId("street-name")).toHaveText("光明社区第1网格");
  await expect(page.getByTestId("stat-buildings")).toContainText("3");
  await expect(page.getByTestId("stat-communities")).toHaveCount(0);
  await expect(page.getByTestId("stat-grids")).toHaveCount(0);

  await page.goto("/me");
  await page.getByTestId("log-out").tap();
  await expect(page).toHaveURL(/\/login$/);
  // Back to the profile: nothing private comes back.
  await page.goBack();
  await expect(page.locator("main")).toContainText("您还没有登录");
  await expect(page.locator("main")).not.toContainText(WORKER.name);
  await page.goto("/me");
  await expect(page.locator("main")).toContainText("您还没有登录");
});

test("a wrong password gets a plain answer and no session", async ({ page, context }) => {
  await submitLogin(page, WORKER.mobile, "not-the-password");
  await expect(page.getByRole("alert")).toContainText("手机号或密码不正确");
  await expect(page).toHaveURL(/\/login$/);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name.includes("gridlink_session"))).toBeUndefined();
});

test("a weak new password is refused in plain words", async ({ page }) => {
  await submitLogin(page, "13800000004", PASSWORD);
  await expect(page.getByTestId("profile-roles")).toHaveText("党员楼长");
  await page.getByText("修改密码").tap();
  await page.locator('input[name="current"]').fill(PASSWORD);
  await page.locator('input[name="new"]').fill("12345678");
  await page.getByRole("button", { name: "保存" }).tap();
  await expect(page.getByRole("alert")).toContainText("这个密码太常见了");
});

test("a secretary sees their whole community", async ({ page }) => {
  await submitLogin(page, "13800000002", PASSWORD);
  await expect(page.getByTestId("profile-roles")).toHaveText("社区书记");
  await page.goto("/");
  await expect(page.getByTestId("street-name")).toHaveText("光明社区");
  await expect(page.getByTestId("stat-grids")).toContainText("2");
  await expect(page.getByTestId("stat-buildings")).toContainText("6");
  await expect(page.getByTestId("stat-communities")).toHaveCount(0);
});

test("a secretary manages the accounts of their community only", async ({ page }) => {
  await submitLogin(page, "13800000002", PASSWORD);
  await page.getByTestId("manage-accounts").tap();
  await expect(page).toHaveURL(/\/admin\/accounts$/);
  const rows = page.getByTestId("account-row");
  await expect(rows).toHaveCount(6);
  await expect(page.locator("main")).not.toContainText("和平社区");
  await expect(page.locator("main")).not.toContainText("13800000003");

  const worker = rows.filter({ hasText: "张伟" });
  await worker.getByRole("button", { name: "停用" }).tap();
  await expect(worker).toHaveAttribute("data-active", "false");
  await worker.getByRole("button", { name: "启用" }).tap();
  await expect(worker).toHaveAttribute("data-active", "true");
});

test("a street admin reads the audit log", async ({ page }) => {
  await submitLogin(page, "13800000001", PASSWORD);
  await page.getByTestId("audit-log").tap();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await expect(page.locator("main")).toContainText("登录");
  await expect(page.locator("main")).toContainText("王芳");
});

test("a secretary exports the tree and imports a checked CSV", async ({ page }) => {
  await submitLogin(page, "13800000002", PASSWORD);
  await page.getByTestId("manage-org").tap();
  await expect(page).toHaveURL(/\/admin\/org$/);
  const download = page.waitForEvent("download");
  await page.getByTestId("export-org").tap();
  expect((await download).suggestedFilename()).toBe("gridlink-org.csv");

  const textarea = page.locator('textarea[name="csv"]');
  await textarea.fill("level,code,name,parent_code,address\ngrid,e2e-g9,第9网格,no-such-parent,\n");
  await page.getByRole("button", { name: "检查并导入" }).tap();
  await expect(page.getByTestId("import-problems")).toContainText("行 2");
  await expect(page.getByTestId("import-problems")).toContainText("找不到上级");

  await textarea.fill("level,code,name,parent_code,address\ngrid,e2e-g9,光明社区第9网格,demo-c1,\n");
  await page.getByRole("button", { name: "检查并导入" }).tap();
  await expect(page.getByTestId("import-done")).toContainText("1");
});

test("a grid worker sees masked contacts and reveals one on purpose", async ({ page }) => {
  await submitLogin(page, WORKER.mobile, PASSWORD);
  await page.getByTestId("households").tap();
  await expect(page).toHaveURL(/\/households$/);
  await expect(page.getByTestId("household-row")).toHaveCount(18);
  const first = page.getByTestId("household-row").first();
  await expect(first.getByTestId("household-contact")).toContainText("139****0000");
  await expect(page.locator("main")).not.toContainText("13900000000");
  await first.getByRole("button", { name: "显示完整" }).tap();
  await expect(first.getByTestId("household-contact")).toContainText("13900000000");
});

test("a secretary creates an account who must change the password", async ({ page }) => {
  await submitLogin(page, "13800000002", PASSWORD);
  await expect(page).toHaveURL(/\/me$/);
  await page.goto("/admin/accounts");
  await hydrated(page);
  await page.getByText("新建账号").tap();
  const form = page.locator('form:has(select[name="role"])');
  await form.locator('input[name="mobile"]').fill("13700000009");
  await form.locator('input[name="name"]').fill("周敏");
  await form.locator('select[name="role"]').selectOption("grid_worker");
  await form.locator('input[name="org_code"]').fill("demo-c1-g2");
  await form.locator('input[name="password"]').fill("first-day-2026");
  await form.getByRole("button", { name: "保存" }).tap();
  await expect(page.getByText("账号已创建")).toBeVisible();
  await expect(page.getByTestId("account-row").filter({ hasText: "周敏" })).toBeVisible();

  // The newcomer is asked to replace the temporary password.
  await page.goto("/me");
  await hydrated(page);
  await page.getByTestId("log-out").tap();
  await expect(page).toHaveURL(/\/login$/);
  await submitLogin(page, "13700000009", "first-day-2026");
  await expect(page.getByTestId("must-change-password")).toBeVisible();
  await expect(page.locator('input[name="new"]')).toBeVisible();
});
