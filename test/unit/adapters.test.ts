/**
 * Narrow checks of the adapters' own logic (written to kill mutants Stryker found surviving): which SDK errors are
 * transient, how clients are configured for a local endpoint, what telemetry emits, the S3 size limits, and the
 * byte budget of a PublishBatch request. SDK responses are stubbed only in their documented shapes.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishBatchCommand, type PublishBatchRequestEntry, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { asUnavailable, isRetryable } from "../../lambdas/adapters/aws-errors.ts";
import {
  createDynamoClient,
  createS3Client,
  createSnsClient,
  localClientOptions,
} from "../../lambdas/adapters/clients.ts";
import { S3ObjectSource } from "../../lambdas/adapters/s3-object-source.ts";
import { SnsAlertPublisher } from "../../lambdas/adapters/sns-alert-publisher.ts";
import { createTelemetry, recordIngestResults, type Telemetry } from "../../lambdas/adapters/telemetry.ts";
import { alertMessageAttributes } from "../../lambdas/core/alerts/filter-policy.ts";
import { UnavailableError, ValidationError } from "../../lambdas/core/errors.ts";
import type { Alert } from "../../lambdas/core/ports.ts";

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe("isRetryable", () => {
  it.each([
    "ThrottlingException",
    "Throttling",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "ThrottledException",
    "TooManyRequestsException",
    "InternalServerError",
    "InternalFailure",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "TimeoutError",
    "RequestTimeout",
    "KMSThrottlingException",
  ])("treats %s as transient", (name) => {
    expect(isRetryable(named(name, { $metadata: { httpStatusCode: 400 } }))).toBe(true);
  });

  it.each(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"])(
    "treats a dropped connection (%s) as transient",
    (code) => {
      expect(isRetryable(named("Error", { code }))).toBe(true);
    },
  );

  it("treats a 5xx or an SDK-marked retryable error as transient, and nothing else", () => {
    expect(isRetryable(named("Odd", { $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isRetryable(named("Odd", { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryable(named("Odd", { $metadata: { httpStatusCode: 499 } }))).toBe(false);
    expect(isRetryable(named("Odd", { $retryable: { throttling: false } }))).toBe(true);
    expect(isRetryable(named("ValidationException", { $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isRetryable(named("Error", { code: "EACCES" }))).toBe(false);
    expect(isRetryable(named("Error"))).toBe(false);
    expect(isRetryable({ name: "ThrottlingException" })).toBe(false);
    expect(isRetryable("ThrottlingException")).toBe(false);
  });

  it("asUnavailable turns a transient error into a 503 naming the dependency, and rethrows the rest", () => {
    const throttled = named("ThrottlingException");
    const thrown = (() => {
      try {
        asUnavailable(throttled, "the article store");
      } catch (e) {
        return e;
      }
    })() as UnavailableError;
    expect(thrown).toBeInstanceOf(UnavailableError);
    expect(thrown.message).toBe(
      "the article store is temporarily unavailable (ThrottlingException); retry shortly",
    );
    expect(thrown.retryAfterSeconds).toBe(2);
    expect(thrown.cause).toBe(throttled);
    const denied = named("AccessDeniedException");
    expect(() => asUnavailable(denied, "x")).toThrow(denied);
  });
});

describe("clients", () => {
  it("point at a local endpoint with test credentials and a fixed region; S3 then uses path-style URLs", async () => {
    const options = localClientOptions("http://127.0.0.1:4566", { maxAttempts: 2 });
    expect(options).toEqual({
      endpoint: "http://127.0.0.1:4566",
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      requestTimeoutMs: 30_000,
      maxAttempts: 2,
    });
    const s3 = createS3Client(options);
    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.region()).toBe("us-east-1");
    expect((await s3.config.endpoint?.())?.hostname).toBe("127.0.0.1");
    expect(await s3.config.maxAttempts()).toBe(2);
    expect(await s3.config.credentials()).toMatchObject({ accessKeyId: "test" });
    const sns = createSnsClient(options);
    expect((await sns.config.endpoint?.())?.port).toBe(4566);
    const db = createDynamoClient(options);
    expect(db.config.region).toBe("us-east-1");
    expect(db.config.endpoint.port).toBe("4566");
    expect(db.config.maxAttempts).toBe(2);
    expect(db.config.requestTimeoutMs).toBe(30_000);
    for (const c of [s3, sns, db]) c.destroy();
  });

  it("leave everything to the environment without options (Lambda), and S3 virtual-hosted", async () => {
    const s3 = createS3Client({ region: "eu-west-1" });
    expect(s3.config.forcePathStyle).toBeFalsy();
    expect(await s3.config.region()).toBe("eu-west-1");
    expect(s3.config.endpoint).toBeUndefined();
    expect(await s3.config.maxAttempts()).toBe(3);
    s3.destroy();
  });
});

describe("telemetry", () => {
  const capture = (run: () => void): string[] => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      return true;
    });
    try {
      run();
    } finally {
      spy.mockRestore();
    }
    return lines;
  };

  it("emits counts with and without a dimension on flush, and nothing at all when silent", () => {
    const loud = capture(() => {
      const t = createTelemetry("wirewatch-test");
      t.count("Plain", 2);
      t.count("WithDimension", 1, { name: "topic", value: "deadline" });
      t.flush();
    })
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(loud).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Plain: 2, service: "wirewatch-test" }),
        expect.objectContaining({ WithDimension: 1, topic: "deadline" }),
      ]),
    );
    expect(loud.find((l) => "Plain" in l)).not.toHaveProperty("topic");
    const quiet = capture(() => {
      const t = createTelemetry("wirewatch-test", { silent: true });
      t.count("Plain");
      t.count("WithDimension", 1, { name: "topic", value: "x" });
      t.logger.info("hello");
      t.flush();
    });
    expect(quiet).toEqual([]);
  });

  it("counts a refused item as ArticlesRejected and a store failure as IngestUnavailable, each logged", () => {
    const counts: [string, number][] = [];
    const warnings: unknown[][] = [];
    const quiet = createTelemetry("t", { silent: true });
    const telemetry: Telemetry = {
      logger: Object.assign(Object.create(quiet.logger), {
        warn: (...args: unknown[]) => void warnings.push(args),
        info: () => undefined,
      }),
      count: (name, value = 1) => void counts.push([name, value]),
      flush: () => undefined,
    };
    recordIngestResults(
      telemetry,
      [
        { status: 422, error: { code: "empty_text", message: "too short" } },
        { status: 503, error: { code: "unavailable", message: "later" }, retryAfterSeconds: 2 },
        { status: 500, error: { code: "internal", message: "boom" } },
        { status: 499, error: { code: "odd", message: "odd" } },
      ],
      { key: "incoming/x.json", source: "s3" },
    );
    expect(counts).toEqual([
      ["ArticlesRejected", 1],
      ["IngestUnavailable", 1],
      ["IngestUnavailable", 1],
      ["ArticlesRejected", 1],
    ]);
    expect(warnings[0]).toEqual([
      "article rejected",
      {
        key: "incoming/x.json",
        source: "s3",
        status: 422,
        error: { code: "empty_text", message: "too short" },
      },
    ]);
  });
});

describe("S3ObjectSource size limits", () => {
  const s3 = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const mock = mockClient(s3);
  afterEach(() => mock.reset());
  /** The GetObject output's Body, as the SDK gives it: a stream with transform helpers. */
  const body = (bytes: Uint8Array) => {
    const cancel = vi.fn(async () => undefined);
    return {
      cancel,
      value: {
        transformToByteArray: async () => bytes,
        transformToWebStream: () => ({ cancel }),
        transformToString: async () => Buffer.from(bytes).toString(),
      },
    };
  };

  it("refuses an object whose ContentLength is over the limit without reading it, and cancels the stream", async () => {
    const b = body(new Uint8Array(11));
    mock.on(GetObjectCommand).resolves({ ContentLength: 11, Body: b.value as never });
    const error = await new S3ObjectSource(s3).read("b", "incoming/big.txt", 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(413);
    expect((error as ValidationError).code).toBe("body_too_large");
    expect((error as Error).message).toBe("s3://b/incoming/big.txt is 11 bytes; the limit is 10");
    expect(b.cancel).toHaveBeenCalled();
  });

  it("reads an object of exactly the limit, with its content type", async () => {
    const b = body(new Uint8Array(10).fill(65));
    mock
      .on(GetObjectCommand)
      .resolves({ ContentLength: 10, ContentType: "text/plain", Body: b.value as never });
    const out = await new S3ObjectSource(s3).read("b", "incoming/ok.txt", 10);
    expect(Buffer.from(out.bytes).toString()).toBe("AAAAAAAAAA");
    expect(out.contentType).toBe("text/plain");
    expect(b.cancel).not.toHaveBeenCalled();
    expect(mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: "b",
      Key: "incoming/ok.txt",
    });
  });

  it("measures the bytes read when no ContentLength is given, and has no content type when S3 names none", async () => {
    mock.on(GetObjectCommand).resolvesOnce({ Body: body(new Uint8Array(12)).value as never });
    const error = await new S3ObjectSource(s3).read("b", "incoming/chunked.txt", 10).catch((e: unknown) => e);
    expect((error as Error).message).toBe("s3://b/incoming/chunked.txt is 12 bytes; the limit is 10");
    expect((error as ValidationError).status).toBe(413);
    mock.on(GetObjectCommand).resolves({ Body: body(new Uint8Array(3)).value as never });
    const out = await new S3ObjectSource(s3).read("b", "incoming/small.txt", 10);
    expect(out).toEqual({ bytes: new Uint8Array(3) });
    mock.on(GetObjectCommand).resolves({});
    expect(await new S3ObjectSource(s3).read("b", "incoming/empty.txt", 10)).toEqual({
      bytes: new Uint8Array(),
    });
  });
});

describe("PublishBatch's 256 KiB budget", () => {
  const sns = new SNSClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const mock = mockClient(sns);
  afterEach(() => mock.reset());
  const LIMIT = 256 * 1024;
  // Every byte SNS counts: the message, the subject, and each attribute's name, type and value.
  const attributeBytes = Object.entries(alertMessageAttributes(["deadline"])).reduce(
    (n, [name, v]) => n + name.length + v.DataType.length + (v.StringValue ?? "").length,
    0,
  );
  const alertOfSize = (id: string, size: number, subject = "s"): Alert => {
    const fixed =
      JSON.stringify({ default: "", email: "e", sms: "s" }).length + subject.length + attributeBytes;
    return {
      articleId: id,
      topics: ["deadline"],
      subject,
      message: { default: "x".repeat(size - fixed), email: "e", sms: "s" },
    };
  };
  const chunkSizes = async (alerts: Alert[]) => {
    mock
      .on(PublishBatchCommand)
      .callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => ({
        Successful: input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id, MessageId: "m" })),
      }));
    await new SnsAlertPublisher(sns, "arn:aws:sns:us-east-1:1:t").publish(alerts);
    return mock
      .commandCalls(PublishBatchCommand)
      .map((c) => c.args[0].input.PublishBatchRequestEntries?.length);
  };

  it("puts two entries of exactly half the budget in one request", async () => {
    expect(await chunkSizes([alertOfSize("a", LIMIT / 2), alertOfSize("b", LIMIT / 2)])).toEqual([2]);
  });

  it("splits when one byte more, counting the subject and each attribute part", async () => {
    expect(await chunkSizes([alertOfSize("a", LIMIT / 2), alertOfSize("b", LIMIT / 2 + 1)])).toEqual([1, 1]);
    mock.reset();
    // The same total, with the extra byte in the subject instead of the message.
    const withSubject = alertOfSize("d", LIMIT / 2 + 1, "ss");
    expect(await chunkSizes([alertOfSize("c", LIMIT / 2), withSubject])).toEqual([1, 1]);
  });

  it("counts multi-byte characters as the bytes they take", async () => {
    const wide = alertOfSize("w", LIMIT / 2);
    wide.message.default = `${wide.message.default.slice(1)}é`;
    expect(await chunkSizes([alertOfSize("v", LIMIT / 2), wide])).toEqual([1, 1]);
  });
});
