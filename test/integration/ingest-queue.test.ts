/**
 * The S3 path as deployed: EventBridge puts each "Object Created" event on the ingest queue, Lambda's SQS event
 * source mapping drives ingest-s3 with partial batch responses, and a message that keeps failing moves to the
 * ingest dead-letter queue after maxReceiveCount receives, from where `wirewatch redrive` ingests it. Run on the
 * embedded backend (in-memory queue) and on moto (a real SQS queue with a redrive policy).
 */
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main.ts";
import { type IngestQueue, memoryIngestQueue, motoIngestQueue } from "../support/ingest-queue.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";
import {
  embeddedUnderTest,
  expectedDeliveries,
  faults,
  idsBySubscriber,
  injectFault,
  motoUnderTest,
  type PipelineUnderTest,
  queueDepth,
} from "../support/moto-harness.ts";

const moto: Moto | undefined = await startMoto();
afterAll(async () => {
  await moto?.stop();
});

// Two stories of our own, as dropped .txt objects (first line the title).
const EXPULSION = [
  "Ministry expels two diplomats over secret recordings",
  "",
  "The foreign ministry declared two diplomats of a neighbouring state persona non grata on Monday and gave them until Friday to leave, saying they had recorded meetings of officials in secret.",
].join("\n");
const SPY_TRIAL = [
  "Court jails engineer for passing drawings to foreign agents",
  "",
  "A court sentenced an engineer to nine years in prison on Wednesday for handing technical drawings of a naval radar to officers of a foreign military intelligence service.",
].join("\n");
const SPY_TRIAL_TITLE = "Court jails engineer for passing drawings to foreign agents";
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);

/** Throttles the conditional put of one story (the rest of the store works). */
const throttleStory = (p: PipelineUnderTest, title: string, times?: number) =>
  injectFault(p.handlerClients.db, {
    // The document client's PutCommand reaches the middleware as the marshalled PutItemCommand.
    commands: ["PutCommand", "PutItemCommand"],
    ...(times === undefined ? {} : { times }),
    when: (input) => JSON.stringify(input.Item ?? {}).includes(title),
    error: faults.throttling,
  });

const backends = [
  { kind: "embedded" as const, available: true },
  { kind: "moto" as const, available: moto !== undefined },
];

for (const { kind, available } of backends) {
  const title = (name: string) => (kind === "moto" ? motoSuiteName(name, moto) : `${name} (embedded)`);

  describe.skipIf(!available)(title("the ingest queue drives ingest-s3"), () => {
    let p: PipelineUnderTest & { pipeline?: Awaited<ReturnType<typeof motoUnderTest>>["pipeline"] };
    let queue: IngestQueue;
    const start = async () => {
      if (kind === "embedded") {
        p = await embeddedUnderTest();
        queue = memoryIngestQueue();
      } else {
        await moto?.reset();
        const m = await motoUnderTest(moto as Moto);
        p = m;
        queue = await motoIngestQueue(m.pipeline.admin.sqs);
      }
    };
    afterEach(async () => {
      await p?.stop();
    });

    it("reports a throttled object for retry and never counts it as done; the retry stores it once", async () => {
      await start();
      const ids = [
        await queue.send(await p.dropObject("incoming/expulsion.txt", EXPULSION)),
        await queue.send(await p.dropObject("incoming/spy-trial.txt", SPY_TRIAL)),
        await queue.send(await p.dropObject("incoming/photo.txt", BINARY)),
      ];
      const fault = throttleStory(p, SPY_TRIAL_TITLE, 2);

      const report = await queue.drain((event) => p.ingestS3(event));
      // The first batch holds all three: only the throttled object's message fails (the binary one is skipped,
      // retrying cannot fix it); it fails once more, then goes through.
      expect(report.failures).toEqual([[ids[1]], [ids[1]], []]);
      expect(report.deliveries).toBe(5);
      expect(fault.injected).toBe(2);
      expect(await queue.deadLetters()).toEqual([]);

      const { articles } = await p.table();
      expect(articles.map((a) => a.title).sort()).toEqual([
        "Court jails engineer for passing drawings to foreign agents",
        "Ministry expels two diplomats over secret recordings",
      ]);
      await p.pump();
      expect(idsBySubscriber(await p.takeDeliveries())).toEqual(expectedDeliveries(articles));
    });

    it("moves a message that fails maxReceiveCount times to the dead-letter queue, and keeps one that holds no S3 event", async () => {
      await start();
      const event = await p.dropObject("incoming/spy-trial.txt", SPY_TRIAL);
      const failing = await queue.send(event);
      const junk = await queue.send({ hello: "not an S3 event" });
      // S3's test message (sent when a notification to a queue is set up) names no object: deleted, not failed.
      await queue.send({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "b" });
      const fault = throttleStory(p, SPY_TRIAL_TITLE);

      const report = await queue.drain((e) => p.ingestS3(e));
      expect(fault.injected).toBe(5);
      expect(report.failures.flat().filter((id) => id === failing)).toHaveLength(5);
      expect(report.failures.flat().filter((id) => id === junk)).toHaveLength(5);
      const dead = await queue.deadLetters();
      expect(dead.map((d) => d.messageId).sort()).toEqual([failing, junk].sort());
      // The dead letter is the event itself, ready for redrive.
      expect(JSON.parse(dead.find((d) => d.messageId === failing)?.body ?? "")).toEqual(event);
      expect((await p.table()).articles).toEqual([]);
    });
  });
}

describe.skipIf(!moto)(motoSuiteName("wirewatch redrive of the ingest dead-letter queue", moto), () => {
  let m: Awaited<ReturnType<typeof motoUnderTest>>;
  afterEach(async () => {
    await m?.stop();
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

  it("--dry-run names the dead-lettered objects and changes nothing; a redrive then stores each once", async () => {
    await moto?.reset();
    m = await motoUnderTest(moto as Moto);
    const queue = await motoIngestQueue(m.pipeline.admin.sqs, { maxReceiveCount: 2 });
    await queue.send(await m.dropObject("incoming/expulsion.txt", EXPULSION));
    await queue.send(await m.dropObject("incoming/spy-trial.txt", SPY_TRIAL));
    const fault = throttleStory(m, SPY_TRIAL_TITLE);
    await queue.drain((e) => m.ingestS3(e));
    expect(await queue.deadLetters()).toHaveLength(1);
    fault.clear();
    const before = (await m.table()).articles.map((a) => a.title);
    expect(before).toEqual(["Ministry expels two diplomats over secret recordings"]);
    await m.pump();
    await m.takeDeliveries();

    const args = [
      "redrive",
      "--endpoint",
      (moto as Moto).endpoint,
      "--queue-url",
      queue.dlqUrl as string,
      "--table",
      m.pipeline.tableName,
      "--topic-arn",
      m.pipeline.topicArn,
    ];
    const dry = await cli([...args, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`objects s3://${m.pipeline.bucket}/incoming/spy-trial.txt`);
    expect(dry.out).toMatch(/would redrive 1 of 1 dead-lettered batch/);
    expect((await m.table()).articles.map((a) => a.title)).toEqual(before);
    expect(await queueDepth(m.pipeline.admin.sqs, queue.dlqUrl as string)).toBe(1);

    const done = await cli(args);
    expect(done.code, done.out).toBe(0);
    expect(done.out).toMatch(
      /redrove 1 of 1 dead-lettered batch.*0 left in the queue; 1 article\(s\) stored/,
    );
    expect(await queueDepth(m.pipeline.admin.sqs, queue.dlqUrl as string)).toBe(0);
    const { articles } = await m.table();
    expect(articles).toHaveLength(2);
    await m.pump();
    const spyTrial = articles.find((a) => a.title === SPY_TRIAL_TITLE);
    expect(idsBySubscriber(await m.takeDeliveries())["intel-desk"]).toEqual([String(spyTrial?.id)]);

    const again = await cli(args);
    expect(again.out).toMatch(/redrove 0 of 0/);
  });
});
