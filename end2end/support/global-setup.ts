// The server under test, for the whole run: the built `gridlink` binary
// (scripts/test-all sets GRIDLINK_BIN) on an in-memory database with the
// demo street. Its output goes to SERVER_LOG; a panic in it fails the run
// (each test also fails on a panic during it: see fixtures.ts).
import { readFileSync, rmSync } from "node:fs";
import { PORT, SERVER_LOG } from "./config";
import { startServer } from "./server";

export default async function globalSetup() {
  // Only this run's output counts.
  rmSync(SERVER_LOG, { force: true });
  const server = await startServer({ port: PORT, log: SERVER_LOG });
  return async () => {
    await server.stop();
    const panics = readFileSync(SERVER_LOG, "utf8").split("\n").filter((line) => line.includes("panicked at"));
    if (panics.length > 0) {
      throw new Error(`the server panicked during the run (${SERVER_LOG}):\n${panics.join("\n")}`);
    }
  };
}
