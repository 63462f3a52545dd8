import { expect, hydrated, logIn, SECRETARY, test } from "../support/fixtures";

const NEW_MEMBER = "13800000008"; // 吴倩, party member of 光明社区, not reported in
const UNIT_ADMIN = "13800000006"; // 赵强, admin of 区税务局

// Issue 11, reporting in: a member registers from their phone, the
// secretary approves, and the member sees the decision and their status.
test("a party member reports in and the secretary approves", async ({ page, browser }) => {
  const member = await browser.newContext();
  const phone = await member.newPage();
  await logIn(phone, NEW_MEMBER);
  await phone.goto("/me");
  await hydrated(phone);
  await phone.getByTestId("report-in").tap();
  const form = phone.getByTestId("register-form");
  await form.locator('select[name="unit_key"]').selectOption({ label: "区人民医院" });
  await form.locator('input[name="skills"]').fill("护理、急救培训");
  await form.locator('input[name="offer"]').fill("每月一次健康讲座");
  await form.locator('input[name="times"]').fill("周六下午");
  await form.getByRole("button", { name: "提交报到" }).tap();
  const mine = phone.getByTestId("my-registration");
  await expect(mine.getByTestId("registration-state")).toHaveText("待审核");
  await expect(phone.getByTestId("register-form")).toHaveCount(0);

  await logIn(page, SECRETARY);
  await page.goto("/me");
  await hydrated(page);
  await page.getByTestId("reporting").tap();
  const row = page.getByTestId("registration-row").filter({ hasText: "吴倩" });
  await expect(row).toContainText("护理、急救培训");
  await row.getByRole("button", { name: "通过", exact: true }).tap();
  await expect(row.getByTestId("registration-state")).toHaveText("已通过");
  await expect(page.getByTestId("status-row").filter({ hasText: "吴倩" })).toContainText("已报到");

  await phone.reload();
  await hydrated(phone);
  await expect(mine.getByTestId("registration-state")).toHaveText("已通过");
  await expect(phone.getByTestId("status-row").first()).toContainText("已报到");
  await member.close();
});

test("a unit's admin keeps the member list", async ({ page }) => {
  await logIn(page, UNIT_ADMIN);
  await page.goto("/me");
  await hydrated(page);
  await page.getByTestId("unit-members").tap();
  await expect(page.getByTestId("unit-name")).toHaveText("区税务局");
  await expect(page.getByTestId("unit-member").filter({ hasText: "陈静" })).toContainText("已报到");
  await expect(page.getByTestId("unit-member").filter({ hasText: "钱程" })).toContainText("未报到");
  await page.getByText("添加党员").tap();
  await page.locator('input[name="name"]').fill("吴刚");
  await page.locator('input[name="mobile"]').fill("13700000002");
  await page.locator('input[name="position"]').fill("科员");
  await page.getByRole("button", { name: "保存" }).tap();
  await expect(page.getByTestId("unit-member").filter({ hasText: "吴刚" })).toContainText("137****0002");
});
