import { expect, hydrated, logIn, SECRETARY, serviceWorkerReady, test, WORKER, type Page } from "../support/fixtures";

// A 4-inch phone, its location allowed (a stairwell in 上海).
test.use({
  viewport: { width: 360, height: 640 },
  geolocation: { latitude: 31.2304, longitude: 121.4737, accuracy: 18 },
  permissions: ["geolocation"],
});

/// A camera-sized photo (4000×3000, noisy so that it weighs what a real one
/// does), made in the page, as JPEG bytes.
async function cameraPhoto(page: Page, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate(async (seed) => {
    const canvas = document.createElement("canvas");
    canvas.width = 4000;
    canvas.height = 3000;
    const context = canvas.getContext("2d")!;
    let state = seed;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 6000; i++) {
      context.fillStyle = `hsl(${random() * 360}, 60%, ${30 + random() * 50}%)`;
      context.fillRect(random() * 4000, random() * 3000, 20 + random() * 300, 20 + random() * 300);
    }
    const blob: Blob = await new Promise((done) => canvas.toBlob((b) => done(b!), "image/jpeg", 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, seed);
  return Buffer.from(base64, "base64");
}

/// The phone's own account of its photos (IndexedDB), read without leaving the page.
async function uploadedOnPhone(page: Page): Promise<{ uploaded: number; bytes: number }> {
  return page.evaluate(
    () =>
      new Promise((done, fail) => {
        const opening = indexedDB.open("gridlink");
        opening.onerror = () => fail(opening.error);
        opening.onsuccess = () => {
          const reading = opening.result.transaction("photos").objectStore("photos").getAll();
          reading.onerror = () => fail(reading.error);
          reading.onsuccess = () => {
            const photos = reading.result as { state: string; bytes: number }[];
            const uploaded = photos.filter((photo) => photo.state === "uploaded").length;
            done({ uploaded, bytes: photos.reduce((sum, photo) => sum + photo.bytes, 0) });
            opening.result.close();
          };
        };
      }),
  );
}

async function openIssues(page: Page) {
  await page.goto("/issues");
  await hydrated(page);
  await expect(page.locator('select[name="building"] option')).toHaveCount(4, { timeout: 30_000 });
}

async function fillIssue(page: Page, description: string) {
  const form = page.getByTestId("issue-form");
  await form.locator('select[name="category"]').selectOption("facilities");
  await form.locator('select[name="building"]').selectOption({ index: 2 });
  await form.locator('textarea[name="description"]').fill(description);
  return form;
}

test("an issue recorded offline keeps its photo and location and reaches the secretary", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  await logIn(page, WORKER);
  await openIssues(page);
  await serviceWorkerReady(page);
  const photo = await cameraPhoto(page, 7);

  await context.setOffline(true);
  const form = await fillIssue(page, "单元门禁损坏，门关不上");
  await form.getByTestId("photo-input").setInputFiles({ name: "door.jpg", mimeType: "image/jpeg", buffer: photo });
  await expect(form.getByTestId("photo-thumb")).toHaveCount(1);
  await form.getByTestId("location-toggle").check();
  await expect(form.getByTestId("location-text")).toContainText("31.230400, 121.473700 (±18 m)");
  await form.getByRole("button", { name: "保存", exact: true }).tap();
  const row = page.getByTestId("issue-row").filter({ hasText: "单元门禁损坏" });
  await expect(row).toHaveAttribute("data-mark", "pending");
  await expect(row.getByTestId("record-photo")).toHaveAttribute("src", /^blob:/);
  await expect(form.getByTestId("photo-thumb")).toHaveCount(0);

  // Offline, after a reload: the issue and its photo, from the phone.
  await page.reload();
  await hydrated(page);
  await expect(row.getByTestId("record-photo")).toHaveAttribute("src", /^blob:/);
  expect(await row.getByTestId("record-photo").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
  await page.screenshot({ path: "test-results/phone-issue-photo.png", fullPage: true });

  await page.goto("/sync");
  await hydrated(page);
  const photoRow = page.getByTestId("photo-row");
  await expect(photoRow).toHaveAttribute("data-state", "waiting");
  console.log(`photo ${photo.length} bytes from the camera; on the phone: ${await photoRow.textContent()}`);

  await context.setOffline(false);
  await expect(photoRow).toHaveAttribute("data-state", "uploaded", { timeout: 30_000 });
  await expect(page.getByTestId("photo-storage")).toContainText("MB");

  // The secretary's queue shows the issue with the photo and the place.
  const desk = await browser.newContext();
  const secretary = await desk.newPage();
  await logIn(secretary, SECRETARY);
  await secretary.goto("/issues/queue");
  await hydrated(secretary);
  const queued = secretary.getByTestId("queue-row").filter({ hasText: "单元门禁损坏" });
  await expect(queued).toHaveCount(1);
  await expect(queued.getByTestId("queue-location")).toContainText("31.230400, 121.473700");
  const image = queued.getByTestId("record-photo");
  await expect(image).toHaveAttribute("src", /^\/api\/photos\//);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
  await desk.close();
});

test("three photos upload on a slow line (figure printed)", async ({ page, context }) => {
  test.setTimeout(180_000);
  await logIn(page, WORKER);
  await openIssues(page);
  const photos = [await cameraPhoto(page, 1), await cameraPhoto(page, 2), await cameraPhoto(page, 3)];
  const form = await fillIssue(page, "楼顶水箱漏水，三张照片");
  await form.getByTestId("photo-input").setInputFiles(
    photos.map((buffer, i) => ({ name: `tank-${i}.jpg`, mimeType: "image/jpeg", buffer })),
  );
  await expect(form.getByTestId("photo-thumb")).toHaveCount(3);
  // Slow 4G as Lighthouse simulates it: 150 ms, 1.6 Mbit/s down, 750 kbit/s up.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6e6 / 8) * 0.9,
    uploadThroughput: (750e3 / 8) * 0.9,
  });
  const started = Date.now();
  await form.getByRole("button", { name: "保存", exact: true }).tap();
  await expect.poll(() => uploadedOnPhone(page), { timeout: 120_000 }).toEqual({ uploaded: 3, bytes: expect.any(Number) });
  const seconds = (Date.now() - started) / 1000;
  const { bytes } = await uploadedOnPhone(page);
  console.log(`three photos (${bytes} bytes in all) saved, sent and uploaded on slow 4G in ${seconds.toFixed(1)} s`);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
});
