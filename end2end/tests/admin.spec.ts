import { expect, logIn, SECRETARY, test } from "../support/fixtures";

test("a secretary adds a grid and a team member at phone size", async ({ page }) => {
  await logIn(page, SECRETARY);
  await page.getByTestId("manage-org").tap();
  await expect(page.getByTestId("node-row").first()).toContainText("光明社区");
  await page.getByText("新增节点").tap();
  await page.locator('select[name="level"]').selectOption("grid");
  await page.locator('form:has(select[name="level"]) input[name="code"]').fill("e2e-grid");
  await page.locator('form:has(select[name="level"]) input[name="name"]').fill("测试网格");
  await page.locator('form:has(select[name="level"]) input[name="parent_code"]').fill("demo-c1");
  await page.locator('form:has(select[name="level"])').getByRole("button", { name: "保存" }).tap();
  await expect(page.getByTestId("node-row").filter({ hasText: "测试网格" })).toBeVisible();

  await page.goto("/admin/staffing");
  await expect(page.getByTestId("staff-row")).toHaveCount(8);
  await expect(page.getByTestId("unit-row")).toHaveCount(2);
  await page.getByText("添加人员").tap();
  await page.locator('input[name="grid_code"]').fill("e2e-grid");
  await page.locator('input[name="person_name"]').fill("新队员");
  await page.locator('form:has(input[name="grid_code"])').getByRole("button", { name: "保存" }).tap();
  await expect(page.getByTestId("staff-row").filter({ hasText: "新队员" })).toContainText("测试网格");
});

test("a roster file picked on the phone is checked and imported", async ({ page }) => {
  await logIn(page, SECRETARY);
  await page.goto("/admin/accounts");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const csv = "\ufeffmobile,name,roles,org_code,temporary_password\n13700000021,吴静,grid_worker;party_member,demo-c1-g2,first-day-2026\n";
  await page.locator('input[type="file"]').setInputFiles({ name: "roster.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.locator('textarea[name="csv"]')).toHaveValue(/13700000021/);
  await page.getByRole("button", { name: "检查并导入" }).tap();
  await expect(page.getByTestId("import-done")).toContainText("1");
  await expect(page.getByTestId("account-row").filter({ hasText: "吴静" })).toBeVisible();
});
