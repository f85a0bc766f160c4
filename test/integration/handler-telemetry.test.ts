/**
 * What each function counts and logs, on the embedded tier (dynalite, the local alert bus, the local scheduler, a
 * folder for the bucket). The counts are the metrics the dashboard and the alarms read (COMMON.md's shared
 * names): a handler that stops counting, or counts the wrong thing, leaves an operator blind. The log lines
 * checked are the ones that tell an operator why something was not done.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createArticlesTable, startEmbeddedDynamo } from "../../cli/local/embedded-dynamo.ts";
import { FolderObjectSource } from "../../cli/local/folder-object-source.ts";
import { createLocalScheduler } from "../../cli/local/local-scheduler.ts";
import { createLocalSns } from "../../cli/local/local-sns.ts";
import { LocalStream } from "../../cli/local/local-stream.ts";
import {
  digestDeps,
  ingestApiDeps,
  ingestS3Deps,
  notifyDeps,
  remindDeps,
} from "../../lambdas/composition.ts";
import { DEFAULT_LIMITS } from "../../lambdas/config.ts";
import { ValidationError } from "../../lambdas/core/errors.ts";
import { createDigestHandler } from "../../lambdas/digest/app.ts";
import { createIngestApiHandler } from "../../lambdas/ingest-api/app.ts";
import { createIngestS3Handler } from "../../lambdas/ingest-s3/app.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { createRemindHandler } from "../../lambdas/remind/app.ts";
import { apiEvent, STORY } from "../support/embedded.ts";
import { TEST_REMINDERS } from "../support/moto-harness.ts";
import { type RecordingTelemetry, recordingTelemetry } from "../support/recording-telemetry.ts";

const NOW = new Date(STORY.publishedAt);
const BUCKET = "wirewatch-ingest-local";

let dir: string;
let dynamo: Awaited<ReturnType<typeof startEmbeddedDynamo>>;
let stream: LocalStream;
let sns: ReturnType<typeof createLocalSns>;
let scheduler: ReturnType<typeof createLocalScheduler>;
const rec: Record<string, RecordingTelemetry> = {};
let handlers: {
  ingestApi: ReturnType<typeof createIngestApiHandler>;
  ingestS3: ReturnType<typeof createIngestS3Handler>;
  notify: ReturnType<typeof createNotifyHandler>;
  digest: ReturnType<typeof createDigestHandler>;
  remind: ReturnType<typeof createRemindHandler>;
};

const objectCreated = (key: string) => ({
  version: "0",
  source: "aws.s3",
  "detail-type": "Object Created",
  time: STORY.publishedAt,
  detail: { bucket: { name: BUCKET }, object: { key } },
});

async function drop(key: string, body: string) {
  await mkdir(dirname(join(dir, "bucket", key)), { recursive: true });
  await writeFile(join(dir, "bucket", key), body);
  return objectCreated(key);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "wirewatch-telemetry-"));
  const subscribersFile = join(dir, "subscribers.json");
  await writeFile(
    subscribersFile,
    JSON.stringify({
      subscribers: [
        { endpoint: "desk@example.org", protocol: "email", topics: ["expulsions"], confirmed: true },
        {
          endpoint: "daily@example.org",
          protocol: "email",
          topics: ["expulsions", "intelligence", "deadline"],
          cadence: "daily",
          reminders: true,
          confirmed: true,
        },
      ],
    }),
  );
  dynamo = await startEmbeddedDynamo();
  const tableName = "wirewatch-articles";
  await createArticlesTable(dynamo.endpoint, tableName);
  stream = new LocalStream(tableName).attach(dynamo.db);
  sns = createLocalSns({ subscribersFile });
  scheduler = createLocalScheduler([TEST_REMINDERS.groupName]);
  for (const s of ["ingest-api", "ingest-s3", "notify", "digest", "remind"]) rec[s] = recordingTelemetry(s);
  const wiring = (s: string) => ({ telemetry: (rec[s] as RecordingTelemetry).telemetry, now: () => NOW });
  const config = { tableName, limits: DEFAULT_LIMITS };
  const scheduled = { tableName, topicArn: sns.topicArn };
  handlers = {
    ingestApi: createIngestApiHandler(ingestApiDeps(config, dynamo.db, wiring("ingest-api"))),
    ingestS3: createIngestS3Handler(
      ingestS3Deps(config, dynamo.db, new FolderObjectSource(join(dir, "bucket")), wiring("ingest-s3")),
    ),
    notify: createNotifyHandler(
      notifyDeps({ tableName, topicArn: sns.topicArn, reminders: TEST_REMINDERS }, dynamo.db, sns.client, {
        ...wiring("notify"),
        scheduler: scheduler.client,
      }),
    ),
    digest: createDigestHandler(digestDeps(scheduled, dynamo.db, sns.client, wiring("digest"))),
    remind: createRemindHandler(remindDeps(scheduled, dynamo.db, sns.client, wiring("remind"))),
  };
});

afterAll(async () => {
  await dynamo?.stop();
});

beforeEach(() => {
  for (const r of Object.values(rec)) r.clear();
});

describe("the functions' metrics and operator logs, in the order of one story's life", () => {
  let topics: string[] = [];

  it("ingest-api counts a stored article by source and each of its topics, once per request flushed", async () => {
    const response = await handlers.ingestApi(apiEvent(STORY));
    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body) as { id: string; topics: string[] };
    topics = body.topics;
    expect(topics.length).toBeGreaterThan(1);
    const r = rec["ingest-api"] as RecordingTelemetry;
    expect(r.counts.filter((c) => c.startsWith("ArticlesIngested"))).toEqual([
      "ArticlesIngested{source=api}",
    ]);
    expect(r.counts.filter((c) => c.startsWith("ArticlesTagged")).sort()).toEqual(
      topics.map((t) => `ArticlesTagged{topic=${t}}`).sort(),
    );
    expect(r.count("DuplicatesSkipped")).toBe(0);
    expect(r.logged("article stored")).toEqual([
      expect.objectContaining({
        level: "info",
        extra: expect.objectContaining({ articleId: body.id, topics }),
      }),
    ]);
    expect(r.flushes()).toBe(1);
  });

  it("ingest-api counts the same article again as a duplicate, not as ingested or tagged", async () => {
    const response = await handlers.ingestApi(apiEvent(STORY));
    expect(response.statusCode).toBe(200);
    const r = rec["ingest-api"] as RecordingTelemetry;
    expect(r.counts).toEqual(["DuplicatesSkipped"]);
    expect(r.logged("duplicate article skipped")).toHaveLength(1);
  });

  it("ingest-api counts a refused request as ArticlesRejected and logs its status and code", async () => {
    const response = await handlers.ingestApi(apiEvent("{not json", { raw: true }));
    expect(response.statusCode).toBe(400);
    const r = rec["ingest-api"] as RecordingTelemetry;
    expect(r.counts).toEqual(["ArticlesRejected"]);
    const [line] = r.logged("request rejected");
    expect(line?.level).toBe("warn");
    expect(line?.extra).toMatchObject({ status: 400, code: JSON.parse(response.body).error.code });
    expect(r.flushes()).toBe(1);
  });

  it("notify counts each published alert, and each reminder it schedules", async () => {
    const records = stream.take();
    expect(
      records.filter((x) => x.eventName === "INSERT" && x.dynamodb?.NewImage?.sk?.S === "ARTICLE"),
    ).toHaveLength(1);
    const result = await handlers.notify({ Records: records });
    expect(result.batchItemFailures).toEqual([]);
    const r = rec.notify as RecordingTelemetry;
    expect(r.count("AlertsPublished")).toBe(1);
    expect(r.count("RemindersScheduled")).toBe(1);
    expect(r.count("DuplicateAlertsSkipped")).toBe(0);
    expect(r.count("AlertPublishFailures")).toBe(0);
    expect(r.logged("alert published")[0]?.extra).toMatchObject({ topics: expect.arrayContaining(topics) });
    expect(r.logged("reminder scheduled")).toHaveLength(1);
    expect(r.flushes()).toBe(1);
    // Sent again (a retried batch): no second alert, no second schedule, and the skip is counted.
    r.clear();
    sns.takeDeliveries();
    const again = await handlers.notify({ Records: records });
    expect(again.batchItemFailures).toEqual([]);
    expect(sns.takeDeliveries()).toEqual([]);
    expect(r.count("AlertsPublished")).toBe(0);
    expect(r.count("DuplicateAlertsSkipped")).toBe(1);
    expect(r.count("RemindersScheduled")).toBe(0);
    expect(r.logged("reminder already scheduled")).toHaveLength(1);
    expect(r.logged("alert already published; skipped")).toHaveLength(1);
  });

  it("remind counts a reminder it sends, and says why it sends none a second time", async () => {
    const [schedule] = scheduler.takeCreated();
    expect(schedule?.input).toBeDefined();
    const at = /^at\((.+)\)$/.exec(schedule?.expression ?? "")?.[1];
    expect(at).toBeDefined();
    const event = { ...JSON.parse(schedule?.input as string), time: `${at}Z` };
    const r = rec.remind as RecordingTelemetry;
    const sent = await handlers.remind(event);
    expect(sent.outcome).toBe("sent");
    expect(r.counts).toEqual(["RemindersSent"]);
    expect(r.logged("reminder sent")[0]?.extra).toMatchObject({ storyId: event.detail.storyId, sources: 1 });
    expect(r.flushes()).toBe(1);
    r.clear();
    const again = await handlers.remind(event);
    expect(again).toMatchObject({ outcome: "skipped", reason: "already sent" });
    expect(r.counts).toEqual([]);
    expect(r.logged("reminder already sent; skipped")).toHaveLength(1);
    expect(r.flushes()).toBe(1);
  });

  it("digest counts a digest it sends, once per group and period", async () => {
    const event = {
      version: "0",
      source: "wirewatch.schedule",
      "detail-type": "Send digest",
      time: "2026-06-02T07:00:00Z",
      detail: { cadence: "daily" },
    };
    const r = rec.digest as RecordingTelemetry;
    const out = await handlers.digest(event);
    expect(out.digests).toEqual([expect.objectContaining({ outcome: "sent", stories: 1 })]);
    expect(r.counts).toEqual(["DigestsSent"]);
    expect(r.logged("digest sent")[0]?.extra).toMatchObject({ stories: 1, to: out.period.to });
    r.clear();
    const again = await handlers.digest(event);
    expect(again.digests).toEqual([expect.objectContaining({ outcome: "already-sent" })]);
    expect(r.counts).toEqual([]);
    expect(r.logged("digest already sent for this period; skipped")).toHaveLength(1);
    expect(r.flushes()).toBe(1);
  });
});

describe("ingest-api when the store fails in a way no retry fixes", () => {
  it("answers 500 without internals, naming 'unknown' for an event without a request id, and logs the failure", async () => {
    const r = recordingTelemetry("ingest-api");
    // A table that does not exist: DynamoDB's ResourceNotFoundException, not a transient error.
    const handler = createIngestApiHandler(
      ingestApiDeps({ tableName: "no-such-table", limits: DEFAULT_LIMITS }, dynamo.db, {
        telemetry: r.telemetry,
        now: () => NOW,
      }),
    );
    const { requestContext: _none, ...event } = apiEvent({
      ...STORY,
      title: "A story for a table that is not there",
    });
    const response = await handler(event as Parameters<typeof handler>[0]);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "internal", message: "internal error; request id unknown" },
    });
    expect(r.logged("unexpected failure")[0]?.level).toBe("error");
    expect(r.counts).toEqual([]);
    expect(r.flushes()).toBe(1);
  });
});

describe("ingest-s3's metrics and operator logs", () => {
  it("counts a stored object's article under source s3", async () => {
    const event = await drop(
      "incoming/telemetry-story.json",
      JSON.stringify({ ...STORY, title: "Second wire copy on embassy staff cap" }),
    );
    const out = await handlers.ingestS3(event);
    expect(out.objects).toEqual([
      expect.objectContaining({
        key: "incoming/telemetry-story.json",
        results: [expect.objectContaining({ outcome: "created" })],
      }),
    ]);
    const r = rec["ingest-s3"] as RecordingTelemetry;
    expect(r.counts.filter((c) => c.startsWith("ArticlesIngested"))).toEqual(["ArticlesIngested{source=s3}"]);
    expect(r.logged("article stored")[0]?.extra).toMatchObject({ key: "incoming/telemetry-story.json" });
    expect(r.flushes()).toBe(1);
  });

  it("counts a bad object as skipped and logs its bucket, key and reason", async () => {
    const event = await drop("incoming/empty.txt", "   \n");
    const out = await handlers.ingestS3(event);
    const [outcome] = out.objects;
    expect(outcome?.skipped).toBe("incoming/empty.txt is empty");
    const r = rec["ingest-s3"] as RecordingTelemetry;
    expect(r.counts).toEqual(["ObjectsSkipped"]);
    expect(r.logged("object skipped")).toEqual([
      {
        level: "warn",
        message: "object skipped",
        extra: { bucket: BUCKET, key: "incoming/empty.txt", reason: "incoming/empty.txt is empty" },
      },
    ]);
  });

  it("refuses an event that names no object, logs it, and still flushes", async () => {
    const r = rec["ingest-s3"] as RecordingTelemetry;
    const error = await handlers.ingestS3({ hello: "world" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe("not an S3 object-created event");
    expect(r.logged("not an S3 object-created event")[0]?.level).toBe("error");
    expect(r.flushes()).toBe(1);
  });

  it("from the queue: reports a message holding no event, names it in the log, and skips S3's test event", async () => {
    const r = rec["ingest-s3"] as RecordingTelemetry;
    const result = await handlers.ingestS3({
      Records: [
        { eventSource: "aws:sqs", messageId: "m-garbage", body: "not an event" },
        { eventSource: "aws:sqs", messageId: "m-test", body: JSON.stringify({ Event: "s3:TestEvent" }) },
      ],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-garbage" }] });
    expect(r.logged("queue message holds no S3 object-created event")).toEqual([
      expect.objectContaining({ level: "error", extra: { messageId: "m-garbage" } }),
    ]);
  });
});
