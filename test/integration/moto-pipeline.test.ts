/**
 * The moto tier: the real handlers against moto's DynamoDB (with streams), SNS (filter policies, PublishBatch),
 * SQS and S3. Stream records are read through the DynamoDB Streams API and handed to the notify handler by the
 * in-process event source mapping, as Lambda would. Skipped, visibly, when moto_server is not installed
 * (WIREWATCH_REQUIRE_MOTO=1 turns that into a failure).
 */
import { readFileSync } from "node:fs";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { apiEvent, PLAIN_STORY, STORY } from "../support/embedded.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";
import {
  countPublishBatches,
  createMotoPipeline,
  expectedDeliveries,
  idsBySubscriber,
  loadSample,
  MOTO_SUBSCRIBERS,
  type MotoPipeline,
} from "../support/moto-harness.ts";

const moto: Moto | undefined = await startMoto();
afterAll(async () => {
  await moto?.stop();
});

describe.skipIf(!moto)(
  motoSuiteName("pipeline on moto: stream -> notify -> SNS filter policies -> SQS", moto),
  () => {
    let p: MotoPipeline;
    beforeEach(async () => {
      await moto?.reset();
      p = await createMotoPipeline(moto as Moto);
    });

    it("stores the seed story once, streams its INSERTs, and sends ONE alert to each matching subscriber", async () => {
      const seed = loadSample<APIGatewayProxyEvent>("api/01-seed-czechia-caps-russian-diplomats.json");
      const response = await p.ingestApi(seed);
      expect(response.statusCode).toBe(201);
      const { id } = JSON.parse(response.body) as { id: string };

      const { articles, tags } = await p.table();
      expect(articles.map((a) => a.id)).toEqual([id]);
      expect(articles[0]?.topics).toEqual(expect.arrayContaining(["expulsions", "intelligence", "deadline"]));
      expect(tags.map((t) => t.topic).sort()).toEqual(["deadline", "expulsions", "intelligence"]);

      const pumped = await p.pump();
      // The stream holds the article INSERT and its three tag-edge INSERTs, as NEW_IMAGE records (and the
      // story item with its LSH bucket items, written before the article)...
      const bySk = (prefix: string) =>
        pumped.records.filter((r) => r.dynamodb?.NewImage?.pk?.S?.startsWith(prefix));
      expect(bySk("STORY#").map((r) => r.dynamodb?.NewImage?.sk?.S)).toEqual(["STORY"]);
      expect(bySk("LSH#").length).toBeGreaterThan(0);
      expect(
        bySk("ARTICLE#")
          .map((r) => `${r.eventName} ${r.dynamodb?.NewImage?.sk?.S}`)
          .sort(),
      ).toEqual([
        "INSERT ARTICLE",
        "INSERT TAG#deadline",
        "INSERT TAG#expulsions",
        "INSERT TAG#intelligence",
      ]);
      expect(pumped.records.every((r) => r.dynamodb?.StreamViewType === "NEW_IMAGE")).toBe(true);
      // ...and the notify filter lets only the article through: one invocation with one record.
      expect(pumped.invocations).toBe(1);
      expect(pumped.recordsDelivered).toBe(1);
      expect(pumped.deadLettered).toEqual([]);

      const deliveries = await p.takeDeliveries();
      expect(idsBySubscriber(deliveries)).toEqual({
        "expulsions-desk": [id],
        "intel-desk": [id],
        "deadline-desk": [id],
        "everything-desk": [id], // subscribed to all three topics, yet ONE alert
        "intel-and-deadline": [id],
      });
      const alert = deliveries["everything-desk"]?.[0];
      expect(alert?.topics.sort()).toEqual(["deadline", "expulsions", "intelligence"]);
      expect(alert?.subject).toMatch(/^\[wirewatch\]/);
      expect(JSON.parse(alert?.body ?? "{}")).toMatchObject({ articleId: id });

      // The alerted marker is a MODIFY: the filter drops it, so nothing is sent again.
      const after = await p.pump();
      expect(after.records.map((r) => r.eventName)).toEqual(["MODIFY"]);
      expect(after.invocations).toBe(0);
      expect(Object.values(await p.takeDeliveries()).flat()).toEqual([]);
      expect((await p.table()).articles[0]?.alertedAt).toEqual(expect.any(String));
    });

    it("publishes a stream batch of several articles with PublishBatch, each alert filtered per subscriber", async () => {
      const batches = countPublishBatches(p.handlerClients.sns);
      const ultimatum = loadSample<APIGatewayProxyEvent>("api/04-ultimatum-within-72-hours.json");
      const batch = loadSample<APIGatewayProxyEvent>("api/03-batch-two-articles.json");
      expect((await p.ingestApi(apiEvent(STORY))).statusCode).toBe(201);
      expect((await p.ingestApi(ultimatum)).statusCode).toBe(201);
      expect((await p.ingestApi(batch)).statusCode).toBe(200);
      expect((await p.ingestApi(apiEvent(PLAIN_STORY))).statusCode).toBe(201);

      const { articles } = await p.table();
      expect(articles).toHaveLength(5);
      const pumped = await p.pump();
      expect(pumped.invocations).toBe(1); // five article INSERTs fit one batch
      expect(pumped.recordsDelivered).toBe(5);
      // Untagged articles raise no alert: three tagged articles, one PublishBatch request with three entries.
      expect(batches).toEqual({ requests: 1, entries: 3 });

      const got = idsBySubscriber(await p.takeDeliveries());
      expect(got).toEqual(expectedDeliveries(articles));
      const idOf = (title: RegExp) => String(articles.find((a) => title.test(String(a.title)))?.id);
      // Spelled out for two subscribers, so the check does not rest on expectedDeliveries alone.
      expect(got["intel-desk"]).toEqual([idOf(/spy scandal/), idOf(/Counter-intelligence service/)].sort());
      expect(got["expulsions-desk"]).toEqual([idOf(/spy scandal/), idOf(/Envoys ordered out/)].sort());
      expect(Object.values(got).flat()).not.toContain(idOf(/tram line/));
      expect(Object.values(got).flat()).not.toContain(idOf(/Library/));
    });

    it("ingests an object from the bucket (EventBridge event) and alerts on it", async () => {
      const event = loadSample<{ detail: { bucket: { name: string }; object: { key: string } } }>(
        "s3/01-eventbridge-object-created-txt.json",
      );
      event.detail.bucket.name = p.bucket;
      const key = event.detail.object.key;
      await p.admin.s3.send(
        new PutObjectCommand({
          Bucket: p.bucket,
          Key: key,
          Body: loadText(`bucket/${key}`),
          ContentType: "text/plain",
        }),
      );
      const out = await p.ingestS3(event);
      expect(out.objects).toHaveLength(1);
      const [result] = out.objects[0]?.results ?? [];
      expect(result).toMatchObject({ status: 201, outcome: "created" });
      const id = (result as { id: string }).id;
      await p.pump();
      const got = idsBySubscriber(await p.takeDeliveries());
      expect(got["everything-desk"]).toEqual([id]);
      expect(got["deadline-desk"]).toEqual([id]);
    });

    it("skips a binary object with a logged reason, storing and alerting nothing", async () => {
      const event = loadSample<{ detail: { bucket: { name: string }; object: { key: string } } }>(
        "s3/03-bad-binary-object.json",
      );
      event.detail.bucket.name = p.bucket;
      await p.admin.s3.send(
        new PutObjectCommand({
          Bucket: p.bucket,
          Key: event.detail.object.key,
          Body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        }),
      );
      const out = await p.ingestS3(event);
      expect(out.objects[0]?.skipped).toMatch(/not valid UTF-8|binary/);
      expect((await p.table()).articles).toEqual([]);
      expect((await p.pump()).records).toEqual([]);
      expect(Object.values(await p.takeDeliveries()).flat()).toEqual([]);
    });

    it("stores an article sent twice once: one INSERT in the stream, one alert per subscriber", async () => {
      const first = await p.ingestApi(apiEvent(STORY));
      const second = await p.ingestApi(apiEvent({ ...STORY, url: "https://example.org/elsewhere" }));
      expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
      const pumped = await p.pump();
      expect(pumped.records.filter((r) => r.dynamodb?.NewImage?.sk?.S === "ARTICLE")).toHaveLength(1);
      const got = await p.takeDeliveries();
      for (const s of MOTO_SUBSCRIBERS) expect(got[s.name], s.name).toHaveLength(1);
      // Replaying the very same stream batch (a retried invocation) sends nothing more.
      const articleRecord = pumped.records.filter((r) => r.dynamodb?.NewImage?.sk?.S === "ARTICLE");
      expect(await p.notify({ Records: articleRecord })).toEqual({ batchItemFailures: [] });
      expect(Object.values(await p.takeDeliveries()).flat()).toEqual([]);
    });
  },
);

function loadText(path: string): Buffer {
  return readFileSync(new URL(`../../events/${path}`, import.meta.url));
}
