/**
 * The document client (lambdas/adapters/dynamo-client.ts) on its own: every operation the stores use against a
 * real dynalite, and its transport (signing, endpoints, retries, timeouts, error names) against a local HTTP
 * server that answers as DynamoDB's JSON protocol does, so failures can be chosen.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createArticlesTable,
  type EmbeddedDynamo,
  startEmbeddedDynamo,
} from "../../cli/local/embedded-dynamo.ts";
import {
  BatchGetCommand,
  BatchWriteCommand,
  createDocumentClient,
  DeleteCommand,
  GetCommand,
  memoizeCredentials,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "../../lambdas/adapters/dynamo-client.ts";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "session-token" };

describe("document client on dynalite", () => {
  let dynamo: EmbeddedDynamo;
  const table = "client-test";
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    await createArticlesTable(dynamo.endpoint, table);
  });
  afterAll(async () => {
    dynamo.db.destroy();
    await dynamo.stop();
  });

  it("puts and gets documents with nested maps, lists, numbers, booleans and nulls; drops undefined values", async () => {
    const item = {
      pk: "A#1",
      sk: "ARTICLE",
      title: "Two envoys told to leave",
      score: 0.875,
      count: 3,
      ok: true,
      none: null,
      missing: undefined,
      tags: [{ topic: "expulsions", evidence: "Both were given 72 hours.", deadline: { date: null } }],
      nested: { a: { b: ["x", 1, false] } },
    };
    await dynamo.db.send(new PutCommand({ TableName: table, Item: item }));
    const { Item } = await dynamo.db.send(
      new GetCommand({ TableName: table, Key: { pk: "A#1", sk: "ARTICLE" } }),
    );
    const { missing: _missing, ...stored } = item;
    expect(Item).toEqual(stored);
    expect(Item && "missing" in Item).toBe(false);
  });

  it("round-trips binary values and sets of them (base64 on the wire)", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const set = new Set([new Uint8Array([1]), new Uint8Array([2, 3])]);
    await dynamo.db.send(
      new PutCommand({ TableName: table, Item: { pk: "A#bin", sk: "ARTICLE", bytes, set } }),
    );
    const { Item } = await dynamo.db.send(
      new GetCommand({ TableName: table, Key: { pk: "A#bin", sk: "ARTICLE" } }),
    );
    expect(Item?.bytes).toBeInstanceOf(Uint8Array);
    expect([...((Item?.bytes as Uint8Array | undefined) ?? [])]).toEqual([0, 1, 2, 250, 255]);
    const stored = (Item?.set as Set<Uint8Array> | undefined) ?? new Set<Uint8Array>();
    expect([...stored].map((b) => [...b]).sort()).toEqual([[1], [2, 3]]);
  });

  it("refuses the legacy parameters instead of sending them unconverted", async () => {
    await expect(
      dynamo.db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: "A#legacy", sk: "ARTICLE" },
          Expected: { pk: { Exists: false } },
        }),
      ),
    ).rejects.toThrow(/legacy parameter Expected/);
  });

  it("names a failed condition ConditionalCheckFailedException, with the HTTP status", async () => {
    const put = () =>
      dynamo.db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: "A#2", sk: "ARTICLE" },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    await put();
    const error = await put().catch((e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } });
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("ConditionalCheckFailedException");
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
  });

  it("refuses a malformed request with the service's ValidationException", async () => {
    const error = (await dynamo.db
      .send(new GetCommand({ TableName: table, Key: { pk: "only-half-a-key" } }))
      .catch((e: unknown) => e)) as Error;
    expect(error.name).toBe("ValidationException");
    expect(error.message.length).toBeGreaterThan(0);
  });

  it("updates with expression values and returns the new attributes; deletes", async () => {
    await dynamo.db.send(new PutCommand({ TableName: table, Item: { pk: "A#3", sk: "ARTICLE", n: 1 } }));
    const out = await dynamo.db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "A#3", sk: "ARTICLE" },
        UpdateExpression: "SET n = n + :one, labels = :labels",
        ExpressionAttributeValues: { ":one": 1, ":labels": ["a", "b"] },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(out.Attributes).toEqual({ pk: "A#3", sk: "ARTICLE", n: 2, labels: ["a", "b"] });
    await dynamo.db.send(new DeleteCommand({ TableName: table, Key: { pk: "A#3", sk: "ARTICLE" } }));
    const gone = await dynamo.db.send(
      new GetCommand({ TableName: table, Key: { pk: "A#3", sk: "ARTICLE" } }),
    );
    expect(gone.Item).toBeUndefined();
  });

  it("queries page by page through LastEvaluatedKey, and scans", async () => {
    await dynamo.db.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: ["1", "2", "3", "4", "5"].map((n) => ({
            PutRequest: { Item: { pk: "Q", sk: `S#${n}` } },
          })),
        },
      }),
    );
    const seen: string[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await dynamo.db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": "Q" },
          Limit: 2,
          ExclusiveStartKey: start,
        }),
      );
      pages++;
      seen.push(...(page.Items ?? []).map((i) => i.sk as string));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(seen).toEqual(["S#1", "S#2", "S#3", "S#4", "S#5"]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const scan = await dynamo.db.send(new ScanCommand({ TableName: table }));
    expect((scan.Items ?? []).filter((i) => i.pk === "Q")).toHaveLength(5);
  });

  it("batch-gets documents by key, with a projection", async () => {
    const out = await dynamo.db.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: {
            Keys: [
              { pk: "Q", sk: "S#1" },
              { pk: "Q", sk: "S#4" },
              { pk: "Q", sk: "none" },
            ],
            ProjectionExpression: "sk",
            ConsistentRead: true,
          },
        },
      }),
    );
    expect((out.Responses?.[table] ?? []).map((i) => i.sk).sort()).toEqual(["S#1", "S#4"]);
    expect(out.Responses?.[table]?.[0]).not.toHaveProperty("pk");
  });
});

/** A stand-in DynamoDB endpoint whose answers the test chooses, recording each request. */
interface Answer {
  status: number;
  body?: unknown;
  /** The body as written, instead of `body` as JSON. */
  raw?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Send the status line and headers, never the body. */
  stall?: boolean;
  /** Close the connection without answering when it already carried a request (a keep-alive socket gone stale). */
  dropReused?: boolean;
}

interface Fake {
  url: string;
  requests: {
    method: string;
    path: string;
    headers: IncomingMessage["headers"];
    body: string;
    reused: boolean;
  }[];
  answers: ((n: number) => Answer)[];
  close(): Promise<void>;
}

async function fakeDynamo(): Promise<Fake> {
  const fake: Omit<Fake, "url" | "close"> = { requests: [], answers: [] };
  const served = new WeakSet<object>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reused = served.has(req.socket);
      served.add(req.socket);
      const n = fake.requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        reused,
      });
      const answer: Answer = (
        fake.answers[n - 1] ??
        fake.answers.at(-1) ??
        (() => ({ status: 200, body: {} }))
      )(n);
      if (answer.dropReused && reused) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        res.writeHead(answer.status, {
          "content-type": "application/x-amz-json-1.0",
          "x-amzn-requestid": `r${n}`,
          ...answer.headers,
        });
        if (answer.stall) {
          res.write("{");
          return;
        }
        res.end(answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body)));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } as Fake;
}

describe("document client transport", () => {
  let fake: Fake;
  const clients: { destroy(): void }[] = [];
  const client = (options: Parameters<typeof createDocumentClient>[0] = {}) => {
    const c = createDocumentClient({
      endpoint: fake.url,
      region: "eu-west-1",
      credentials: CREDENTIALS,
      ...options,
    });
    clients.push(c);
    return c;
  };
  const get = (c: ReturnType<typeof client>) => c.send(new GetCommand({ TableName: "t", Key: { pk: "k" } }));
  beforeAll(async () => {
    fake = await fakeDynamo();
  });
  afterEach(() => {
    fake.requests.length = 0;
    fake.answers.length = 0;
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(() => fake.close());

  it("signs each request with Signature Version 4 for dynamodb in the client's region, with the session token", async () => {
    fake.answers.push(() => ({ status: 200, body: { Item: { pk: { S: "k" }, n: { N: "12" } } } }));
    expect((await get(client())).Item).toEqual({ pk: "k", n: 12 });
    const [request] = fake.requests;
    expect(request?.headers["x-amz-target"]).toBe("DynamoDB_20120810.GetItem");
    expect(request?.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(request?.headers["x-amz-security-token"]).toBe("session-token");
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request?.body ?? "")).toEqual({ TableName: "t", Key: { pk: { S: "k" } } });
  });

  it("retries throttling and 5xx answers, then succeeds", async () => {
    fake.answers.push(
      () => ({
        status: 400,
        body: { __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException", message: "slow down" },
      }),
      () => ({ status: 500, body: { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError" } }),
      () => ({ status: 200, body: {} }),
    );
    const out = await get(client());
    expect(fake.requests).toHaveLength(3);
    expect(out.$metadata).toEqual({ httpStatusCode: 200, requestId: "r3", attempts: 3 });
  });

  it("gives up after maxAttempts with the service's error name and status", async () => {
    fake.answers.push(() => ({
      status: 400,
      body: {
        __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        message: "too much",
      },
    }));
    const error = (await get(client({ maxAttempts: 2 })).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number; requestId: string };
    };
    expect(fake.requests).toHaveLength(2);
    expect(error.name).toBe("ProvisionedThroughputExceededException");
    expect(error.message).toBe("too much");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, requestId: "r2" });
  });

  it("does not retry a client error such as a failed condition or access denied", async () => {
    fake.answers.push(() => ({
      status: 400,
      body: {
        __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        message: "The conditional request failed",
      },
    }));
    await expect(get(client())).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    expect(fake.requests).toHaveLength(1);
    fake.requests.length = 0;
    fake.answers[0] = () => ({
      status: 400,
      body: { __type: "com.amazon.coral.service#AccessDeniedException", Message: "no" },
    });
    await expect(get(client())).rejects.toMatchObject({ name: "AccessDeniedException", message: "no" });
    expect(fake.requests).toHaveLength(1);
  });

  it("abandons a request that takes too long as a TimeoutError, and retries it", async () => {
    fake.answers.push(
      () => ({ status: 200, body: {}, delayMs: 500 }),
      () => ({ status: 200, body: { Item: { pk: { S: "late" } } } }),
    );
    const out = await get(client({ requestTimeoutMs: 100 }));
    expect(out.Item).toEqual({ pk: "late" });
    expect(fake.requests).toHaveLength(2);
    fake.requests.length = 0;
    fake.answers.length = 0;
    fake.answers.push(() => ({ status: 200, body: {}, delayMs: 500 }));
    await expect(get(client({ requestTimeoutMs: 100, maxAttempts: 1 }))).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });

  it("names a dropped connection by its code (retryable), and an answer that is not JSON by its status", async () => {
    const closed = createDocumentClient({
      endpoint: "http://127.0.0.1:9",
      region: "eu-west-1",
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    await expect(get(closed)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    closed.destroy();
    fake.answers.push(() => ({ status: 503 }));
    await expect(get(client({ maxAttempts: 1 }))).rejects.toMatchObject({
      name: "InternalServerError",
      $metadata: { httpStatusCode: 503 },
    });
  });

  it("runs middlewares by step, outside the retries, and removes them by name", async () => {
    fake.answers.push(() => ({ status: 200, body: { Item: { pk: { S: "k" } } } }));
    const c = client();
    const seen: string[] = [];
    c.middlewareStack.add(
      (next, context) => async (args) => {
        seen.push(`build ${context.commandName} ${JSON.stringify(args.input.Key)}`);
        return next(args);
      },
      { step: "build", name: "b" },
    );
    c.middlewareStack.add(
      (next, context) => async (args) => {
        seen.push(`initialize ${context.commandName} ${JSON.stringify(args.input.Key)}`);
        const out = await next(args);
        seen.push(`initialize saw ${JSON.stringify(out.output.Item)}`);
        return out;
      },
      { step: "initialize", name: "i" },
    );
    expect(c.middlewareStack.identify()).toEqual(["i", "b"]);
    await get(c);
    expect(seen).toEqual([
      'initialize GetItemCommand {"pk":"k"}',
      'build GetItemCommand {"pk":{"S":"k"}}',
      'initialize saw {"pk":"k"}',
    ]);
    expect(c.middlewareStack.remove("i")).toBe(true);
    expect(c.middlewareStack.remove("i")).toBe(false);
    expect(c.middlewareStack.identify()).toEqual(["b"]);
  });

  it("sends exactly what it signed: the signature verifies on the received request", async () => {
    fake.answers.push(() => ({ status: 200, body: {} }));
    await client().send(
      new PutCommand({ TableName: "t", Item: { pk: "k", title: "Zürich envoys — «expelled»" } }),
    );
    const [r] = fake.requests;
    if (!r) throw new Error("no request");
    const auth = String(r.headers.authorization);
    const signedHeaders = (/SignedHeaders=([^,]+)/.exec(auth)?.[1] ?? "").split(";");
    const amzDate = String(r.headers["x-amz-date"]);
    // The received request re-signed at its own time with the same secret must give the same signature.
    const verifier = new SignatureV4({
      service: "dynamodb",
      region: "eu-west-1",
      credentials: CREDENTIALS,
      sha256: class {
        #h;
        constructor(secret?: string | Uint8Array) {
          this.#h = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
        }
        update(d: string | Uint8Array) {
          this.#h.update(d);
        }
        async digest() {
          return new Uint8Array(this.#h.digest());
        }
        reset() {}
      } as never,
    });
    const headers = Object.fromEntries(signedHeaders.map((h) => [h, String(r.headers[h])]));
    const resigned = await verifier.sign(
      {
        method: r.method,
        protocol: "http:",
        hostname: "127.0.0.1",
        path: r.path,
        query: {},
        headers,
        body: r.body,
      },
      {
        signingDate: new Date(
          `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
        ),
      },
    );
    expect(resigned.headers.authorization).toBe(auth);
    expect(Number(r.headers["content-length"])).toBe(Buffer.byteLength(r.body));
  });

  it("names errors as the SDK does: the x-amzn-errortype header first, namespaces and suffixes dropped", async () => {
    fake.answers.push(
      () => ({
        status: 400,
        headers: {
          "x-amzn-errortype":
            "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        },
        body: { message: "bad key" },
      }),
      () => ({ status: 400, body: { code: "ResourceNotFoundException", message: "no table" } }),
      () => ({ status: 400, raw: "null" }),
    );
    const c = client({ maxAttempts: 1 });
    await expect(get(c)).rejects.toMatchObject({ name: "ValidationException", message: "bad key" });
    await expect(get(c)).rejects.toMatchObject({ name: "ResourceNotFoundException", message: "no table" });
    await expect(get(c)).rejects.toMatchObject({ name: "UnknownError", $metadata: { httpStatusCode: 400 } });
  });

  it("retries a 429 that names no error", async () => {
    fake.answers.push(
      () => ({ status: 429, raw: "" }),
      () => ({ status: 200, body: { Item: { pk: { S: "k" } } } }),
    );
    expect((await get(client())).Item).toEqual({ pk: "k" });
    expect(fake.requests).toHaveLength(2);
  });

  it("holds each attempt to its deadline even when the answer starts and then stalls", async () => {
    fake.answers.push(
      () => ({ status: 200, stall: true }),
      () => ({ status: 200, body: { Item: { pk: { S: "second" } } } }),
    );
    const started = Date.now();
    expect((await get(client({ requestTimeoutMs: 150 }))).Item).toEqual({ pk: "second" });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fake.requests).toHaveLength(2);
  });

  it("sends again at once, without spending an attempt, when a reused keep-alive connection was dropped", async () => {
    fake.answers.push(() => ({ status: 200, body: {}, dropReused: true }));
    const c = client({ maxAttempts: 1 });
    await get(c);
    const second = await get(c);
    expect(fake.requests.map((r) => r.reused)).toEqual([false, true, false]);
    expect(second.$metadata.attempts).toBe(1);
  });

  it("keeps credentials until five minutes before they expire, and fetches again after a failure", async () => {
    let calls = 0;
    let fail = false;
    let expiration: Date | undefined = new Date(Date.now() + 60 * 60_000);
    const provider = memoizeCredentials(async () => {
      calls++;
      if (fail) throw new Error("endpoint down");
      return { ...CREDENTIALS, ...(expiration ? { expiration } : {}) };
    });
    await provider();
    await provider();
    expect(calls).toBe(1);
    expiration = new Date(Date.now() + 60_000); // inside the five minutes: fetched each time
    const near = memoizeCredentials(async () => {
      calls++;
      return { ...CREDENTIALS, expiration };
    });
    await near();
    await near();
    expect(calls).toBe(3);
    fail = true;
    expiration = undefined;
    const flaky = memoizeCredentials(async () => {
      calls++;
      if (fail) throw new Error("endpoint down");
      return CREDENTIALS;
    });
    await expect(flaky()).rejects.toThrow("endpoint down");
    fail = false;
    await expect(flaky()).resolves.toMatchObject({ accessKeyId: "AKIDEXAMPLE" });
    await flaky();
    expect(calls).toBe(5);
  });
});

describe("document client endpoint and settings", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of [
      "AWS_ENDPOINT_URL",
      "AWS_ENDPOINT_URL_DYNAMODB",
      "AWS_REGION",
      "AWS_DEFAULT_REGION",
      "AWS_MAX_ATTEMPTS",
      "AWS_USE_FIPS_ENDPOINT",
    ])
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });
  const config = (options: Parameters<typeof createDocumentClient>[0] = {}) => {
    const c = createDocumentClient({ credentials: CREDENTIALS, ...options });
    c.destroy();
    return c.config;
  };

  it("uses the regional HTTPS endpoint by default (FIPS and China partitions too)", () => {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_REGION = "ap-southeast-2";
    expect(config().endpoint.href).toBe("https://dynamodb.ap-southeast-2.amazonaws.com/");
    expect(config({ region: "cn-north-1" }).endpoint.href).toBe(
      "https://dynamodb.cn-north-1.amazonaws.com.cn/",
    );
    process.env.AWS_USE_FIPS_ENDPOINT = "true";
    expect(config({ region: "us-east-1" }).endpoint.href).toBe(
      "https://dynamodb-fips.us-east-1.amazonaws.com/",
    );
  });

  it("honours AWS_ENDPOINT_URL_DYNAMODB over AWS_ENDPOINT_URL, and an explicit endpoint over both", () => {
    process.env.AWS_REGION = "eu-west-1";
    process.env.AWS_ENDPOINT_URL = "http://general.test:1";
    expect(config().endpoint.host).toBe("general.test:1");
    process.env.AWS_ENDPOINT_URL_DYNAMODB = "http://dynamo.test:2";
    expect(config().endpoint.host).toBe("dynamo.test:2");
    expect(config({ endpoint: "http://explicit.test:3" }).endpoint.host).toBe("explicit.test:3");
  });

  it("reads AWS_MAX_ATTEMPTS (default 4, as the SDK's DynamoDB client) and refuses to guess a region", () => {
    process.env.AWS_REGION = "eu-west-1";
    delete process.env.AWS_MAX_ATTEMPTS;
    expect(config().maxAttempts).toBe(4);
    process.env.AWS_MAX_ATTEMPTS = "5";
    expect(config().maxAttempts).toBe(5);
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    expect(() => config()).toThrow(/no region/);
    // The region is part of the host the signed request goes to: only a region name is taken.
    expect(() => config({ region: "x.attacker.test#" })).toThrow(/not a region name/);
  });
});
