/**
 * The credential chain the Lambda bundles use in place of the SDK's default one: the execution role's keys from
 * the environment, else a container credentials endpoint over HTTP (served here by a loopback server of ours).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultProvider } from "../../lambdas/adapters/lambda-credentials.ts";

const NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));

let server: Server;
let url: string;
let served = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    served++;
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        AccessKeyId: "AKIDFROMCONTAINER",
        SecretAccessKey: "container-secret",
        Token: "container-token",
        Expiration: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/creds`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
  served = 0;
});

describe("the Lambda credential chain", () => {
  it("takes the execution role's keys from the environment, without asking the container endpoint", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDFROMENV";
    process.env.AWS_SECRET_ACCESS_KEY = "env-secret";
    process.env.AWS_SESSION_TOKEN = "env-token";
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = url;
    const creds = await defaultProvider()();
    expect(creds).toMatchObject({
      accessKeyId: "AKIDFROMENV",
      secretAccessKey: "env-secret",
      sessionToken: "env-token",
    });
    expect(served).toBe(0);
  });

  it("reads the container credentials endpoint when the environment holds no keys", async () => {
    for (const n of NAMES) delete process.env[n];
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = url;
    const creds = await defaultProvider()();
    expect(creds).toMatchObject({ accessKeyId: "AKIDFROMCONTAINER", sessionToken: "container-token" });
    expect(served).toBe(1);
  });

  it("can be built with neither, and fails only when asked for credentials", async () => {
    for (const n of NAMES) delete process.env[n];
    const provider = defaultProvider();
    await expect(provider()).rejects.toThrow(/AWS_CONTAINER_CREDENTIALS_FULL_URI/);
  });
});
