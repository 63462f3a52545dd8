import { resolve } from "node:path";

export const PORT = Number(process.env.GRIDLINK_E2E_PORT ?? 3300);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
/// Outside test-results/, which Playwright empties at the start of a run.
export const SERVER_LOG = resolve(__dirname, "../server-logs/server.log");
