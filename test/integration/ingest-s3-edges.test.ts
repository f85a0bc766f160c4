/**
 * ingest-s3's edges on the embedded tier (dynalite, a folder for the bucket): which size limit an object gets by
 * its extension, keys that do not decode, a missing object read once, and what the queue path logs about a
 * message it reports for retry.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticlesTable, startEmbeddedDynamo } from "../../cli/local/embedded-dynamo.ts";
import { FolderObjectSource } from "../../cli/local/folder-object-source.ts";
import { GetCommand } from "../../lambdas/adapters/dynamo-client.ts";
import { ARTICLE_SK, articlePk } from "../../lambdas/adapters/table-schema.ts";
import { ingestS3Deps } from "../../lambdas/composition.ts";
import { DEFAULT_LIMITS, type IngestLimits } from "../../lambdas/config.ts";
import type { ObjectSource } from "../../lambdas/core/ports.ts";
import { createIngestS3Handler, type ObjectOutcome } from "../../lambdas/ingest-s3/app.ts";
import { recordingTelemetry } from "../support/recording-telemetry.ts";

const BUCKET = "wirewatch-ingest-local";
let dir: string;
let dynamo: Awaited<ReturnType<typeof startEmbeddedDynamo>>;
let table = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "wirewatch-s3-edges-"));
  dynamo = await startEmbeddedDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

/** A handler on its own table, reading through `wrap` (to count reads) from the folder bucket. */
async function handlerWith(limits: Partial<IngestLimits> = {}, wrap?: (s: ObjectSource) => ObjectSource) {
  const tableName = `edges-${table++}`;
  await createArticlesTable(dynamo.endpoint, tableName);
  const rec = recordingTelemetry("ingest-s3");
  const folder = new FolderObjectSource(join(dir, "bucket"));
  const handler = createIngestS3Handler(
    ingestS3Deps(
      { tableName, limits: { ...DEFAULT_LIMITS, ...limits } },
      dynamo.db,
      wrap ? wrap(folder) : folder,
      {
        telemetry: rec.telemetry,
        now: () => new Date("2026-04-01T10:00:00Z"),
      },
    ),
  );
  return { handler, rec, tableName };
}

async function drop(key: string, body: string) {
  await mkdir(dirname(join(dir, "bucket", key)), { recursive: true });
  await writeFile(join(dir, "bucket", key), body);
}

const created = (key: string) => ({
  source: "aws.s3",
  "detail-type": "Object Created",
  time: "2026-04-01T09:00:00Z",
  detail: { bucket: { name: BUCKET }, object: { key } },
});

const PARAGRAPH =
  "The harbour board said on Tuesday that visiting crews must register with the port office before going ashore, a rule it plans to review in the autumn. ";

/** A page of our own, about `bytes` long, with a headline and enough article text. */
const page = (bytes: number) => {
  const head =
    "<!doctype html><html><head><title>Harbour board tightens shore leave</title></head><body><article><h1>Harbour board tightens shore leave</h1>";
  const tail = "</article></body></html>";
  let body = "";
  while (head.length + body.length + tail.length < bytes) body += `<p>${PARAGRAPH}</p>`;
  return head + body + tail;
};
const text = (bytes: number) =>
  `Harbour board tightens shore leave\n${PARAGRAPH.repeat(Math.ceil(bytes / PARAGRAPH.length))}`.slice(
    0,
    bytes,
  );

const outcome = (out: { objects: ObjectOutcome[] }) => out.objects[0] as ObjectOutcome;

describe("ingest-s3: the size limit an object gets", () => {
  it("gives an .html page the larger HTML limit and a .txt object the body limit", async () => {
    await drop("incoming/limits/page.html", page(6_000));
    await drop("incoming/limits/PAGE.HTM", page(6_000));
    await drop("incoming/limits/story.txt", text(6_000));
    const { handler } = await handlerWith({ maxBodyBytes: 4_000, maxHtmlBytes: 16_000 });
    expect(outcome(await handler(created("incoming/limits/page.html"))).results?.[0]).toMatchObject({
      outcome: "created",
    });
    expect(outcome(await handler(created("incoming/limits/PAGE.HTM"))).results?.[0]).toMatchObject({
      outcome: "duplicate",
    });
    expect(outcome(await handler(created("incoming/limits/story.txt"))).skipped).toMatch(
      /is 6000 bytes; the limit is 4000$/,
    );
  });

  it("gives the HTML limit by the key's last extension only", async () => {
    await drop("incoming/limits/page.html.txt", text(6_000));
    const { handler } = await handlerWith({ maxBodyBytes: 4_000, maxHtmlBytes: 16_000 });
    expect(outcome(await handler(created("incoming/limits/page.html.txt"))).skipped).toMatch(
      /the limit is 4000$/,
    );
  });

  it("never gives a page less than the body limit, even when the HTML limit is set lower", async () => {
    await drop("incoming/limits/small.html", page(3_000));
    const { handler } = await handlerWith({ maxBodyBytes: 4_000, maxHtmlBytes: 2_000 });
    expect(outcome(await handler(created("incoming/limits/small.html"))).results?.[0]).toMatchObject({
      outcome: "created",
    });
  });
});

describe("ingest-s3: keys", () => {
  it("reads a missing object once when its key has nothing to decode, and skips it as missing", async () => {
    const reads: string[] = [];
    const { handler, rec } = await handlerWith({}, (s) => ({
      read: (bucket, key, max) => {
        reads.push(key);
        return s.read(bucket, key, max);
      },
    }));
    const out = await handler(created("incoming/keys/never-dropped.txt"));
    expect(reads).toEqual(["incoming/keys/never-dropped.txt"]);
    expect(outcome(out).skipped).toMatch(
      /^s3:\/\/wirewatch-ingest-local\/incoming\/keys\/never-dropped\.txt does not exist/,
    );
    expect(rec.count("ObjectsSkipped")).toBe(1);
  });

  it("uses a notification's key that does not URL-decode exactly as it came", async () => {
    await drop("incoming/keys/100% sure.txt", text(400));
    const reads: string[] = [];
    const { handler } = await handlerWith({}, (s) => ({
      read: (bucket, key, max) => {
        reads.push(key);
        return s.read(bucket, key, max);
      },
    }));
    const notification = {
      Records: [
        {
          eventSource: "aws:s3",
          eventTime: "2026-04-01T09:00:00Z",
          s3: { bucket: { name: BUCKET }, object: { key: "incoming/keys/100%+sure.txt" } },
        },
      ],
    };
    // "%+s" is no valid escape, so the key is not decoded at all (not even "+" into a space).
    const out = await handler(notification);
    expect(reads[0]).toBe("incoming/keys/100%+sure.txt");
    expect(outcome(out).skipped).toMatch(/does not exist/);
  });
});

describe("ingest-s3: encoded keys", () => {
  it("finds an EventBridge object whose key arrives URL-encoded by reading it once more decoded", async () => {
    await drop("incoming/keys/wire copy+1.txt", text(400));
    const reads: string[] = [];
    const { handler } = await handlerWith({}, (s) => ({
      read: (bucket, key, max) => {
        reads.push(key);
        return s.read(bucket, key, max);
      },
    }));
    const out = await handler(created("incoming/keys/wire+copy%2B1.txt"));
    expect(reads).toEqual(["incoming/keys/wire+copy%2B1.txt", "incoming/keys/wire copy+1.txt"]);
    expect(outcome(out).results?.[0]).toMatchObject({ outcome: "created" });
  });
});

describe("ingest-s3: what is retried under the decoded key, and the object's time", () => {
  it("does not read the decoded key when the first read failed for another reason than a missing object", async () => {
    await drop("incoming/keys/big one.txt", text(6_000));
    const reads: string[] = [];
    const { handler } = await handlerWith({ maxBodyBytes: 4_000 }, (s) => ({
      read: (bucket, key, max) => {
        reads.push(key);
        if (key.includes("%20")) throw new TypeError("connection reset");
        return s.read(bucket, key, max);
      },
    }));
    await expect(handler(created("incoming/keys/big%20one.txt"))).rejects.toThrow("connection reset");
    expect(reads).toEqual(["incoming/keys/big%20one.txt"]);
    await drop("incoming/keys/big%20two.txt", text(6_000));
    await drop("incoming/keys/big two.txt", text(100));
    reads.length = 0;
    const { handler: sized } = await handlerWith({ maxBodyBytes: 4_000 }, (s) => ({
      read: (bucket, key, max) => {
        reads.push(key);
        return s.read(bucket, key, max);
      },
    }));
    const out = await sized(created("incoming/keys/big%20two.txt"));
    expect(reads).toEqual(["incoming/keys/big%20two.txt"]);
    expect(outcome(out).skipped).toMatch(/the limit is 4000$/);
  });

  it("dates an article that states no time by the object's creation time, from either event shape", async () => {
    await drop(
      "incoming/time/eventbridge.txt",
      "Quay office closes early for inspection\nThe quay office will close at noon for a safety inspection.",
    );
    await drop(
      "incoming/time/notification.txt",
      "Dock gates reopen after the storm\nThe dock gates reopened in the afternoon once the wind dropped.",
    );
    const { handler, tableName } = await handlerWith();
    const fromEventBridge = await handler({
      ...created("incoming/time/eventbridge.txt"),
      time: "2026-03-15T06:30:00Z",
    });
    const fromNotification = await handler({
      Records: [
        {
          eventSource: "aws:s3",
          eventTime: "2026-03-16T07:45:00.000Z",
          s3: { bucket: { name: BUCKET }, object: { key: "incoming/time/notification.txt" } },
        },
      ],
    });
    expect(outcome(fromEventBridge)).toMatchObject({ createdAt: "2026-03-15T06:30:00Z" });
    expect(outcome(fromNotification)).toMatchObject({ createdAt: "2026-03-16T07:45:00.000Z" });
    const publishedAt = async (out: { objects: ObjectOutcome[] }) => {
      const id = (outcome(out).results?.[0] as { id?: string } | undefined)?.id as string;
      const { Item } = await dynamo.db.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: articlePk(id), sk: ARTICLE_SK },
          ConsistentRead: true,
        }),
      );
      return Item?.publishedAt;
    };
    expect([await publishedAt(fromEventBridge), await publishedAt(fromNotification)]).toEqual([
      expect.stringMatching(/^2026-03-15T06:30:00(\.000)?Z$/),
      expect.stringMatching(/^2026-03-16T07:45:00(\.000)?Z$/),
    ]);
  });
});

describe("ingest-s3: an object holding a batch", () => {
  it("keeps the good items of an object whose first item is refused, and does not retry it", async () => {
    await drop(
      "incoming/batch/mixed.json",
      JSON.stringify([
        { title: "", body: "no title" },
        { title: "Pilot boats resume service", body: `${PARAGRAPH}${PARAGRAPH}` },
      ]),
    );
    const { handler } = await handlerWith();
    const out = await handler(created("incoming/batch/mixed.json"));
    expect(outcome(out).results?.map((r) => r.status)).toEqual([400, 201]);
  });
});

describe("ingest-s3: the queue path's log", () => {
  it("reports a message whose body is JSON null, and goes on with the others", async () => {
    await drop("incoming/queue/fine.txt", text(500).replace("Harbour board", "Quay office"));
    const { handler } = await handlerWith();
    const result = await handler({
      Records: [
        { eventSource: "aws:sqs", messageId: "m-null", body: "null" },
        {
          eventSource: "aws:sqs",
          messageId: "m-ok",
          body: JSON.stringify(created("incoming/queue/fine.txt")),
        },
      ],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-null" }] });
  });

  it("names the message and the error of an object it reports for retry", async () => {
    const { handler, rec } = await handlerWith({}, () => ({
      read: async () => {
        throw new TypeError("socket hang up");
      },
    }));
    const result = await handler({
      Records: [
        { eventSource: "aws:sqs", messageId: "m-1", body: JSON.stringify(created("incoming/any.txt")) },
      ],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    expect(rec.logged("object not ingested; the message will be retried")).toEqual([
      expect.objectContaining({
        level: "error",
        extra: { messageId: "m-1", error: "TypeError: socket hang up" },
      }),
    ]);
    expect(rec.flushes()).toBe(1);
  });
});
