// Starting a `gridlink` server for the tests, with its output in a log
// file that the tests read: any "panicked at" in it fails the run.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const REPO = resolve(__dirname, "../..");
export const BINARY = process.env.GRIDLINK_BIN ?? resolve(REPO, "target/debug/gridlink");

export interface Server {
  base: string;
  log: string;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServerOptions {
  port: number;
  log: string;
  /// Extra environment, e.g. an embedded database in a temporary directory.
  env?: Record<string, string>;
  args?: string[];
}

export async function startServer({ port, log, env = {}, args = ["--demo"] }: ServerOptions): Promise<Server> {
  mkdirSync(dirname(log), { recursive: true });
  appendFileSync(log, `\n==== ${new Date().toISOString()} ${BINARY} ${args.join(" ")}\n`);
  const out = openSync(log, "a");
  const child = spawn(BINARY, args, {
    cwd: REPO,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      GRIDLINK_DATABASE_URL: "mem://",
      GRIDLINK_BACKUP_DIR: "",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      RUST_LOG: process.env.GRIDLINK_E2E_RUST_LOG ?? "warn",
      ...env,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const server: Server = {
    base,
    log,
    process: child,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`gridlink exited with ${child.exitCode}; see ${log}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop("SIGKILL");
  throw new Error(`gridlink did not become healthy in 120 s; see ${log}`);
}
