/**
 * Faults, with nothing lost and nothing doubled, on the embedded backend and on moto. Faults are injected through
 * the SDK middleware stack of the handlers' own clients; Lambda's stream event source mapping (retries from the
 * checkpoint, bisect, on-failure destination) runs in process (StreamMappingSimulator).
 */
import { DescribeStreamCommand } from "@aws-sdk/client-dynamodb-streams";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, DynamoDBRecord } from "aws-lambda";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { redriveDeadLetters } from "../../cli/commands/redrive.ts";
import { main } from "../../cli/main.ts";
import { localClientOptions } from "../../lambdas/adapters/clients.ts";
import { apiEvent, PLAIN_STORY, STORY } from "../support/embedded.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";
import {
  embeddedUnderTest,
  expectedDeliveries,
  failPublishEntries,
  faults,
  idsBySubscriber,
  injectFault,
  loadSample,
  type MappingOptions,
  MOTO_SUBSCRIBERS,
  motoUnderTest,
  type PipelineUnderTest,
  queueDepth,
} from "../support/moto-harness.ts";

const moto: Moto | undefined = await startMoto();
afterAll(async () => {
  await moto?.stop();
});

/** Three tagged articles of our own samples: all three topics; deadline + expulsions; intelligence only. */
const SEED = JSON.parse(
  loadSample<APIGatewayProxyEvent>("api/01-seed-czechia-caps-russian-diplomats.json").body ?? "",
);
const ULTIMATUM = JSON.parse(
  loadSample<APIGatewayProxyEvent>("api/04-ultimatum-within-72-hours.json").body ?? "",
);
const COUNTER_INTEL = (
  JSON.parse(loadSample<APIGatewayProxyEvent>("api/03-batch-two-articles.json").body ?? "") as {
    articles: unknown[];
  }
).articles[0];

type Body = { id: string; status: number; outcome?: string; results?: Body[]; error?: { message: string } };
const bodyOf = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Body;
const articleSeqs = (records: DynamoDBRecord[]) =>
  records
    .filter((r) => r.dynamodb?.NewImage?.sk?.S === "ARTICLE")
    .map((r) => r.dynamodb?.SequenceNumber ?? "");

/** Ingests the three tagged articles in one batch request: ids in stream order. */
async function ingestThree(p: PipelineUnderTest): Promise<[string, string, string]> {
  const response = await p.ingestApi(apiEvent({ articles: [SEED, ULTIMATUM, COUNTER_INTEL] }));
  expect(response.statusCode).toBe(200);
  const ids = (bodyOf(response).results ?? []).map((r) => r.id);
  expect(ids).toHaveLength(3);
  return ids as [string, string, string];
}

/** Deliveries per subscriber match the stored articles' topics, each alert exactly once. */
async function expectEachAlertOnce(p: PipelineUnderTest, except: string[] = []) {
  const { articles } = await p.table();
  const expected = expectedDeliveries(articles.filter((a) => !except.includes(String(a.id))));
  expect(idsBySubscriber(await p.takeDeliveries())).toEqual(expected);
  return expected;
}

const backends = [
  { kind: "embedded" as const, available: true },
  { kind: "moto" as const, available: moto !== undefined },
];

for (const { kind, available } of backends) {
  const title = (name: string) => (kind === "moto" ? motoSuiteName(name, moto) : `${name} (embedded)`);
  const start = async (mapping: Partial<Omit<MappingOptions, "onFailure">> = {}) => {
    if (kind === "embedded") return embeddedUnderTest({ mapping });
    await moto?.reset();
    return motoUnderTest(moto as Moto, { mapping });
  };

  describe.skipIf(!available)(title("SNS PublishBatch faults in notify"), () => {
    let p: PipelineUnderTest;
    afterEach(async () => {
      await p?.stop();
    });

    it.each([
      ["throttled", faults.throttling],
      ["a 5xx", faults.serverError],
    ])(
      "PublishBatch %s as a whole: exactly the batch's records fail, the retry alerts each once",
      async (_n, error) => {
        p = await start({ maxRetryAttempts: 2 });
        await ingestThree(p);
        const fault = injectFault(p.handlerClients.sns, {
          commands: ["PublishBatchCommand"],
          times: 1,
          error,
        });
        const report = await p.pump();
        const seqs = articleSeqs(report.records);
        expect(fault.injected).toBe(1);
        expect(report.invocationLog).toEqual([
          { sequenceNumbers: seqs, failures: seqs },
          { sequenceNumbers: seqs, failures: [] },
        ]);
        expect(report.deadLettered).toEqual([]);
        const expected = await expectEachAlertOnce(p);
        expect(expected["everything-desk"]).toHaveLength(3);
      },
    );

    it("PublishBatch with one entry Failed: only that record fails; the retry from it alerts each article once", async () => {
      p = await start({ maxRetryAttempts: 2 });
      const [, ultimatum] = await ingestThree(p);
      const fault = failPublishEntries(p.handlerClients.sns, (id) => id === ultimatum, { times: 1 });
      const report = await p.pump();
      const [a, b, c] = articleSeqs(report.records) as [string, string, string];
      expect(fault.injected).toBe(1);
      expect(report.invocationLog).toEqual([
        { sequenceNumbers: [a, b, c], failures: [b] },
        // Lambda retries from the checkpoint (the failed record): C comes again and is skipped as already alerted.
        { sequenceNumbers: [b, c], failures: [] },
      ]);
      await expectEachAlertOnce(p);
    });

    it("a record that keeps failing lands in the dead-letter queue, its article id recoverable; the others alert once", async () => {
      p = await start({ maxRetryAttempts: 2, bisectOnError: true });
      const [seed, ultimatum, counterIntel] = await ingestThree(p);
      failPublishEntries(p.handlerClients.sns, (id) => id === ultimatum);
      const report = await p.pump();
      const [a, b, c] = articleSeqs(report.records) as [string, string, string];
      // Tried once and retried twice from the checkpoint; then the batch from the checkpoint is dead-lettered.
      expect(report.invocationLog).toEqual([
        { sequenceNumbers: [a, b, c], failures: [b] },
        { sequenceNumbers: [b, c], failures: [b] },
        { sequenceNumbers: [b, c], failures: [b] },
      ]);
      expect(report.deadLettered).toHaveLength(1);
      const [message] = await p.deadLetters();
      expect(message?.requestContext.condition).toBe("RetryAttemptsExhausted");
      expect(message?.DDBStreamBatchInfo).toMatchObject({
        startSequenceNumber: b,
        endSequenceNumber: c,
        batchSize: 2,
      });
      // The on-failure message names the batch, not its records: the article ids come back from the stream.
      expect(await p.articleIdsOf(message as NonNullable<typeof message>)).toEqual([ultimatum, counterIntel]);
      await expectEachAlertOnce(p, [ultimatum]);
      const { articles } = await p.table();
      const alerted = Object.fromEntries(articles.map((x) => [x.id, x.alertedAt !== undefined]));
      expect(alerted).toEqual({ [seed]: true, [ultimatum]: false, [counterIntel]: true });
    });

    it("reading the alerted markers throttled: the whole batch is retried and alerts each article once", async () => {
      p = await start({ maxRetryAttempts: 2 });
      await ingestThree(p);
      const fault = injectFault(p.handlerClients.db, {
        commands: ["BatchGetCommand", "BatchGetItemCommand"],
        times: 1,
        error: faults.provisionedThroughput,
      });
      const report = await p.pump();
      const seqs = articleSeqs(report.records);
      expect(fault.injected).toBe(1);
      expect(report.invocationLog[0]).toEqual({ sequenceNumbers: seqs, failures: seqs });
      expect(report.invocationLog).toHaveLength(2);
      await expectEachAlertOnce(p);
    });
  });

  describe.skipIf(!available)(title("DynamoDB faults at ingest"), () => {
    let p: PipelineUnderTest;
    beforeEach(async () => {
      p = await start();
    });
    afterEach(async () => {
      await p?.stop();
    });

    it.each([
      ["throttled", faults.throttling],
      ["over its throughput", faults.provisionedThroughput],
      ["failing with a 5xx", faults.serverError],
    ])(
      "the store %s: 503 with retry-after, nothing stored; the retried request stores one item",
      async (_n, error) => {
        const fault = injectFault(p.handlerClients.db, { commands: ["PutCommand", "PutItemCommand"], error });
        const failed = await p.ingestApi(apiEvent(STORY));
        expect(failed.statusCode).toBe(503);
        expect(failed.headers?.["retry-after"]).toBe("2");
        expect(bodyOf(failed).error?.message).toMatch(
          /article store is temporarily unavailable .*retry shortly/,
        );
        expect(failed.body).not.toMatch(/at .*\.ts:\d+|stack/i);
        expect(await p.table()).toEqual({ articles: [], tags: [] });
        expect((await p.pump()).records).toEqual([]);

        fault.clear();
        const retried = await p.ingestApi(apiEvent(STORY));
        expect(retried.statusCode).toBe(201);
        const again = await p.ingestApi(apiEvent(STORY));
        expect(bodyOf(again)).toMatchObject({ status: 200, outcome: "duplicate" });
        const { articles, tags } = await p.table();
        expect(articles).toHaveLength(1);
        expect(tags).toHaveLength(3);
        await p.pump();
        const got = idsBySubscriber(await p.takeDeliveries());
        for (const s of MOTO_SUBSCRIBERS) expect(got[s.name], s.name).toEqual([bodyOf(retried).id]);
      },
    );

    it("a batch reports per item, never half-writes the failed one, and the re-sent batch completes it", async () => {
      const fault = injectFault(p.handlerClients.db, {
        commands: ["PutCommand", "PutItemCommand"],
        when: (input) => JSON.stringify(input.Item ?? {}).includes(ULTIMATUM.title),
        error: faults.throttling,
      });
      const first = await p.ingestApi(apiEvent({ articles: [SEED, ULTIMATUM, PLAIN_STORY] }));
      expect(first.statusCode).toBe(207);
      expect(first.headers?.["retry-after"]).toBe("2");
      const results = bodyOf(first).results ?? [];
      expect(results.map((r) => r.status)).toEqual([201, 503, 201]);
      expect(results[1]).toMatchObject({ retryAfterSeconds: 2, error: { code: "unavailable" } });
      let table = await p.table();
      expect(table.articles.map((a) => a.title).sort()).toEqual([PLAIN_STORY.title, SEED.title].sort());
      // No tag edge of the failed article either: it is absent, not half there.
      expect(table.tags.filter((t) => t.title === ULTIMATUM.title)).toEqual([]);

      fault.clear();
      const resent = await p.ingestApi(apiEvent({ articles: [SEED, ULTIMATUM, PLAIN_STORY] }));
      expect((bodyOf(resent).results ?? []).map((r) => r.status)).toEqual([200, 201, 200]);
      table = await p.table();
      expect(table.articles).toHaveLength(3);
      const ultimatum = table.articles.find((a) => a.title === ULTIMATUM.title);
      expect(
        table.tags
          .filter((t) => t.id === ultimatum?.id)
          .map((t) => t.topic)
          .sort(),
      ).toEqual([...((ultimatum?.topics ?? []) as string[])].sort());
      await p.pump();
      await expectEachAlertOnce(p);
    });

    it("the tag-edge write failing after the article item: 503, and the retry heals the edges without a second alert", async () => {
      const fault = injectFault(p.handlerClients.db, {
        commands: ["BatchWriteCommand", "BatchWriteItemCommand"],
        times: 1,
        // The tag-edge batch, not the story's LSH bucket batch written before the article.
        when: (input) => JSON.stringify(input).includes('"TAG#'),
        error: faults.throttling,
      });
      const failed = await p.ingestApi(apiEvent(STORY));
      expect(failed.statusCode).toBe(503);
      expect(fault.injected).toBe(1);
      let table = await p.table();
      // The article item is whole (written in one conditional put), its index edges are missing.
      expect(table.articles).toHaveLength(1);
      expect(table.articles[0]?.tags).toHaveLength(3);
      expect(table.tags).toEqual([]);

      const retried = await p.ingestApi(apiEvent(STORY));
      expect(bodyOf(retried)).toMatchObject({ status: 200, outcome: "duplicate" });
      table = await p.table();
      expect(table.articles).toHaveLength(1);
      expect(table.tags.map((t) => t.topic).sort()).toEqual(["deadline", "expulsions", "intelligence"]);
      const pumped = await p.pump();
      expect(articleSeqs(pumped.records)).toHaveLength(1);
      await expectEachAlertOnce(p);
    });

    it("a non-transient store error answers 500 with a request id, no internals", async () => {
      injectFault(p.handlerClients.db, {
        commands: ["PutCommand", "PutItemCommand"],
        error: faults.accessDenied,
      });
      const response = await p.ingestApi(apiEvent(STORY));
      expect(response.statusCode).toBe(500);
      expect(bodyOf(response).error?.message).toMatch(/^internal error; request id test-/);
      expect(response.body).not.toMatch(/AccessDenied|dynamodb:PutItem|\.ts:/);
      expect(await p.table()).toEqual({ articles: [], tags: [] });
    });
  });

  describe.skipIf(!available)(title("the same article by two paths or twice at once"), () => {
    let p: PipelineUnderTest;
    beforeEach(async () => {
      p = await start();
    });
    afterEach(async () => {
      await p?.stop();
    });

    const asText = `${STORY.title}\n\n${STORY.body}\n`;

    it("from the API and then from S3: one item, one alert per subscriber", async () => {
      const api = await p.ingestApi(apiEvent(STORY));
      expect(api.statusCode).toBe(201);
      const s3 = await p.ingestS3(await p.dropObject("incoming/same-story.txt", asText));
      expect(s3.objects[0]?.results?.[0]).toMatchObject({
        status: 200,
        outcome: "duplicate",
        id: bodyOf(api).id,
      });
      await p.pump();
      expect((await p.table()).articles).toHaveLength(1);
      const got = idsBySubscriber(await p.takeDeliveries());
      for (const s of MOTO_SUBSCRIBERS) expect(got[s.name], s.name).toEqual([bodyOf(api).id]);
    });

    it("twice from the API and once from S3, all at once: one item, one alert per subscriber", async () => {
      const event = await p.dropObject("incoming/same-story.txt", asText);
      const [one, two, s3] = await Promise.all([
        p.ingestApi(apiEvent(STORY)),
        p.ingestApi(apiEvent(STORY)),
        p.ingestS3(event),
      ]);
      const statuses = [one.statusCode, two.statusCode, s3.objects[0]?.results?.[0]?.status].sort();
      expect(statuses).toEqual([200, 200, 201]);
      const { articles, tags } = await p.table();
      expect(articles).toHaveLength(1);
      expect(tags).toHaveLength(3);
      const pumped = await p.pump();
      expect(articleSeqs(pumped.records)).toHaveLength(1);
      const got = idsBySubscriber(await p.takeDeliveries());
      for (const s of MOTO_SUBSCRIBERS) expect(got[s.name], s.name).toEqual([String(articles[0]?.id)]);
    });
  });
}

describe.skipIf(!moto)(motoSuiteName("wirewatch redrive", moto), () => {
  let p: Awaited<ReturnType<typeof motoUnderTest>>;
  beforeEach(async () => {
    await moto?.reset();
    p = await motoUnderTest(moto as Moto, { mapping: { maxRetryAttempts: 1, bisectOnError: false } });
  });

  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      return { code: await main(args), out };
    } finally {
      spy.mockRestore();
    }
  }

  const target = () => [
    "--endpoint",
    (moto as Moto).endpoint,
    "--queue-url",
    p.pipeline.dlqUrl,
    "--table",
    p.pipeline.tableName,
    "--topic-arn",
    p.pipeline.topicArn,
  ];

  it("re-runs a dead-lettered batch once the fault is gone, skipping what was alerted, and says how many", async () => {
    const [seed, ultimatum, counterIntel] = await ingestThree(p);
    const fault = failPublishEntries(p.handlerClients.sns, (id) => id === ultimatum);
    const report = await p.pump();
    // Without bisect the retried batch from the checkpoint [ultimatum, counterIntel] is what is dead-lettered.
    expect(report.deadLettered).toHaveLength(1);
    expect(report.deadLettered[0]?.DDBStreamBatchInfo.batchSize).toBe(2);
    await expectEachAlertOnce(p, [ultimatum]);

    // Still failing (the redrive publishes through the faulted client): the message stays, and is reported.
    const stillFailing = await redriveDeadLetters({
      clientOptions: localClientOptions((moto as Moto).endpoint),
      target: { queueUrl: p.pipeline.dlqUrl, tableName: p.pipeline.tableName, topicArn: p.pipeline.topicArn },
      clients: { sns: p.handlerClients.sns },
    });
    expect(stillFailing).toMatchObject({ redriven: 0, kept: 1, alertsPublished: 0 });
    expect(stillFailing.messages[0]).toMatchObject({
      outcome: "failed-again",
      articleIds: [ultimatum, counterIntel],
    });
    expect(await queueDepth(p.pipeline.admin.sqs, p.pipeline.dlqUrl)).toBe(1);

    fault.clear();
    const done = await cli(["redrive", ...target()]);
    expect(done.code).toBe(0);
    expect(done.out).toContain(`articles ${ultimatum}, ${counterIntel}`);
    expect(done.out).toMatch(
      /redrove 1 of 1 dead-lettered batch\(es\) \(2 record\(s\), 1 alert\(s\) published\); 0 left/,
    );
    expect(await queueDepth(p.pipeline.admin.sqs, p.pipeline.dlqUrl)).toBe(0);
    // The ultimatum reaches its subscribers once; the intelligence story, alerted before, is not sent again.
    const got = idsBySubscriber(await p.takeDeliveries());
    expect(got).toEqual({
      "expulsions-desk": [ultimatum],
      "intel-desk": [],
      "deadline-desk": [ultimatum],
      "everything-desk": [ultimatum],
      "intel-and-deadline": [ultimatum],
    });
    expect(seed).not.toBe(ultimatum);

    const again = await cli(["redrive", ...target()]);
    expect(again.out).toMatch(/redrove 0 of 0/);
    expect(idsBySubscriber(await p.takeDeliveries())["everything-desk"]).toEqual([]);
  });

  it("--dry-run names the dead-lettered batch and changes nothing: no alert, no marker, the message stays", async () => {
    const [, ultimatum, counterIntel] = await ingestThree(p);
    const fault = failPublishEntries(p.handlerClients.sns, (id) => id === ultimatum);
    expect((await p.pump()).deadLettered).toHaveLength(1);
    fault.clear();
    await p.takeDeliveries();

    const dry = await cli(["redrive", ...target(), "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`dry-run`);
    expect(dry.out).toContain(`articles ${ultimatum}, ${counterIntel}`);
    expect(dry.out).toMatch(
      /would redrive 1 of 1 dead-lettered batch\(es\) \(2 record\(s\), 0 alert\(s\) published\)/,
    );
    expect(await queueDepth(p.pipeline.admin.sqs, p.pipeline.dlqUrl)).toBe(1);
    expect(Object.values(await p.takeDeliveries()).flat()).toEqual([]);
    const { articles } = await p.table();
    expect(articles.find((a) => a.id === ultimatum)?.alertedAt).toBeUndefined();

    // The same run without --dry-run does the work.
    const done = await cli(["redrive", ...target()]);
    expect(done.out).toMatch(/redrove 1 of 1/);
    expect(idsBySubscriber(await p.takeDeliveries())["expulsions-desk"]).toEqual([ultimatum]);
  });

  it("keeps a message it cannot use: not an on-failure message, or records the stream no longer holds", async () => {
    await ingestThree(p);
    const { records } = await p.pump();
    const streamArn = records[0]?.eventSourceARN as string;
    const shardId = (await p.pipeline.peekDeadLetters()).length === 0 ? await firstShard(streamArn) : "";
    for (const body of [
      { hello: "world" },
      {
        DDBStreamBatchInfo: {
          shardId,
          startSequenceNumber: "99999999999999999999990",
          endSequenceNumber: "99999999999999999999999",
          streamArn,
          batchSize: 1,
        },
      },
    ])
      await p.pipeline.admin.sqs.send(
        new SendMessageCommand({ QueueUrl: p.pipeline.dlqUrl, MessageBody: JSON.stringify(body) }),
      );
    const report = await redriveDeadLetters({
      clientOptions: localClientOptions((moto as Moto).endpoint),
      target: { queueUrl: p.pipeline.dlqUrl, tableName: p.pipeline.tableName, topicArn: p.pipeline.topicArn },
    });
    expect(report).toMatchObject({ redriven: 0, kept: 2, alertsPublished: 0 });
    expect(report.messages.map((m) => m.outcome).sort()).toEqual(["records-gone", "unrecognised"]);
    expect(await queueDepth(p.pipeline.admin.sqs, p.pipeline.dlqUrl)).toBe(2);
  });

  async function firstShard(streamArn: string): Promise<string> {
    const out = await p.pipeline.admin.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    return out.StreamDescription?.Shards?.[0]?.ShardId as string;
  }
});
