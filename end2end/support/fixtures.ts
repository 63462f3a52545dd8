// What every test shares: `test` fails when the server panicked while it
// ran, and the helpers for logging in and waiting for hydration.
import { expect, test as base, type Page } from "@playwright/test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { SERVER_LOG } from "./config";

export { expect };
export type { Page };

export const PASSWORD = "gridlink-demo";
export const STREET_ADMIN = "13800000001";
export const SECRETARY = "13800000002";
export const WORKER = "13800000003";

function logSize(log: string) {
  return existsSync(log) ? statSync(log).size : 0;
}

/// The panics a server wrote to `log` after byte `from`.
export function panicsSince(log: string, from: number): string[] {
  if (!existsSync(log)) return [];
  const added = readFileSync(log).subarray(from).toString("utf8");
  return added.split("\n").filter((line) => line.includes("panicked at"));
}

export const test = base.extend<{ noServerPanic: void; expectedPageErrors: string[] }>({
  // Uncaught errors a test provokes on purpose (exact messages); any other fails it.
  expectedPageErrors: [[], { option: true }],
  // A panic in the browser (a hydration mismatch, say) fails the test too.
  page: async ({ page, expectedPageErrors }, use) => {
    const panics: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && message.text().includes("panicked at")) panics.push(message.text());
    });
    page.on("pageerror", (error) => {
      if (!expectedPageErrors.includes(error.message)) panics.push(error.message);
    });
    await use(page);
    expect(panics, "the page panicked").toEqual([]);
  },
  noServerPanic: [
    async ({}, use) => {
      const from = logSize(SERVER_LOG);
      await use();
      // Log lines may trail the last response a little.
      await new Promise((r) => setTimeout(r, 200));
      const panics = panicsSince(SERVER_LOG, from);
      expect(panics, `the server panicked during this test (${SERVER_LOG})`).toEqual([]);
    },
    { auto: true },
  ],
});

export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/// Fills the login form; does not wait for where it leads.
export async function submitLogin(page: Page, mobile: string, password = PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.locator('input[name="mobile"]').fill(mobile);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "登录" }).tap();
}

export async function logIn(page: Page, mobile: string, password = PASSWORD) {
  await submitLogin(page, mobile, password);
  await expect(page).toHaveURL(/\/me$/);
}

/// Waits until a service worker controls the page. On a timeout the error
/// says what the worker was doing and which precached URLs did not load,
/// since an install fails as a whole when one of them fails.
export async function serviceWorkerReady(page: Page, timeout = 60_000) {
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout });
  } catch (error) {
    throw new Error(`no service worker took control: ${await serviceWorkerState(page)}`, { cause: error });
  }
}

async function serviceWorkerState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registrations = await navigator.serviceWorker.getRegistrations();
    const workers = registrations.map((r) =>
      JSON.stringify({
        scope: r.scope,
        installing: r.installing?.state,
        waiting: r.waiting?.state,
        active: r.active?.state,
      }),
    );
    const script = await (await fetch("/sw.js", { cache: "no-store" })).text();
    const list = /const PRECACHE = (\[.*?\]);/.exec(script)?.[1] ?? "[]";
    const failed: string[] = [];
    for (const url of JSON.parse(list) as string[]) {
      const response = await fetch(url, { cache: "no-store", credentials: "omit" }).catch((e) => String(e));
      if (typeof response === "string" || !response.ok) {
        failed.push(`${url}: ${typeof response === "string" ? response : response.status}`);
      }
    }
    return `registrations ${workers.join(", ") || "none"}; precache failures ${failed.join(", ") || "none"}`;
  });
}
