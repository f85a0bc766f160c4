/**
 * Starts a real `moto_server` for integration tests: on a free loopback port, waited for until it answers,
 * killed on teardown. Returns undefined when moto is not installed, so a suite can skip itself VISIBLY
 * (see `motoSuiteName`); with WIREWATCH_REQUIRE_MOTO=1 a missing moto throws instead (CI requires it).
 *
 *   const moto = await startMoto();
 *   describe.skipIf(!moto)(motoSuiteName("SNS to SQS delivery", moto), () => { ... });
 *   afterAll(() => moto?.stop());  beforeEach(() => moto?.reset());
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

export const MOTO_REGION = "us-east-1";
export const MOTO_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;

export interface Moto {
  /** e.g. http://localhost:50123 */
  endpoint: string;
  /** Options for any AWS SDK v3 client: `new SNSClient(moto.clientConfig)`. */
  clientConfig: { endpoint: string; region: string; credentials: typeof MOTO_CREDENTIALS };
  /** Forgets every resource (POST /moto-api/reset); call between tests. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const MOTO_BINARY = process.env.WIREWATCH_MOTO_SERVER ?? "moto_server";

export function motoRequired(): boolean {
  return process.env.WIREWATCH_REQUIRE_MOTO === "1";
}

export function motoInstalled(): boolean {
  const probe = spawnSync(MOTO_BINARY, ["--help"], { stdio: "ignore", timeout: 20_000 });
  return !probe.error && probe.status === 0;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`moto_server exited before answering on ${endpoint}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/**
 * Starts moto_server, or returns undefined when it is not installed (and WIREWATCH_REQUIRE_MOTO is not 1,
 * in which case this throws). Prints a console warning when skipping, so a skipped tier is never silent.
 */
export async function startMoto({ timeoutMs = 30_000 } = {}): Promise<Moto | undefined> {
  if (!motoInstalled()) {
    const message = `moto_server not found (${MOTO_BINARY}): install it with "pip install 'moto[server]'"`;
    if (motoRequired()) throw new Error(`${message}; WIREWATCH_REQUIRE_MOTO=1 requires it`);
    console.warn(`\n!!! SKIPPING moto tests: ${message}\n`);
    return undefined;
  }
  const port = await freePort();
  const endpoint = `http://localhost:${port}`;
  const child = spawn(MOTO_BINARY, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, AWS_DEFAULT_REGION: MOTO_REGION },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  try {
    await waitUntilAnswering(endpoint, child, timeoutMs);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    endpoint,
    clientConfig: { endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS },
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
    },
    stop,
  };
}

/** The marker a skipped moto suite carries in its name; test/support/skipped-suites-reporter.ts lists them. */
export const MOTO_SKIP_MARKER = "[SKIPPED: moto_server not installed]";

/**
 * A suite name that says, in the test report itself, why the suite was skipped; when it is, the suite is also
 * named on stderr at once (whatever the reporter), so a developer's `npm test` shows which suites did not run.
 */
export function motoSuiteName(name: string, moto: Moto | undefined): string {
  if (moto) return `${name} (moto)`;
  console.warn(`!!! SKIPPED moto suite "${name}": moto_server not installed (pip install "moto[server]")`);
  return `${name} ${MOTO_SKIP_MARKER}`;
}
