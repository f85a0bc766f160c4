/**
 * Stories, digests and reminders through the real handlers, on the embedded backend (dynalite, local alert bus,
 * local scheduler) and on moto (DynamoDB with streams, SNS filter policies to SQS, EventBridge Scheduler).
 */
import { GetScheduleCommand, ListSchedulesCommand } from "@aws-sdk/client-scheduler";
import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScanCommand } from "../../lambdas/adapters/dynamo-client.ts";
import { apiEvent } from "../support/embedded.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";
import {
  embeddedUnderTest,
  faults,
  injectFault,
  motoUnderTest,
  type PipelineUnderTest,
  TEST_REMINDERS,
  type TestSubscriber,
} from "../support/moto-harness.ts";
import {
  ORIGINAL,
  OTHER_EXPULSION,
  REHEADLINED,
  TRIMMED_WITH_CREDIT,
  UPDATE_WITH_DEADLINE,
} from "../support/story-texts.ts";

const SUBSCRIBERS: TestSubscriber[] = [
  { name: "expulsions-desk", topics: ["expulsions"] },
  { name: "intel-desk", topics: ["intelligence"] },
  { name: "deadline-desk", topics: ["deadline"] },
  { name: "expulsions-and-deadline", topics: ["expulsions", "deadline"] },
  { name: "deadline-reminders", topics: ["deadline"], reminders: true },
  { name: "daily-desk", topics: ["expulsions", "deadline"], cadence: "daily" },
  { name: "weekly-reminders", topics: ["intelligence", "deadline"], cadence: "weekly", reminders: true },
];

const moto: Moto | undefined = await startMoto();
afterAll(async () => {
  await moto?.stop();
});

const send = (text: { title: string; body: string }, source: string, publishedAt: string) =>
  apiEvent({
    title: text.title,
    body: text.body,
    source,
    publishedAt,
    url: `https://${source.replace(/\W+/g, "-").toLowerCase()}.example.org/${publishedAt.slice(11, 13)}`,
  });
const bodyOf = (r: APIGatewayProxyResult) =>
  JSON.parse(r.body) as { id: string; story?: { id: string; outcome: string; copies: number } };

const TIERS = [
  ["embedded", () => true],
  ["moto", () => !!moto],
] as const;

for (const [tier, available] of TIERS) {
  const title = (name: string) => (tier === "moto" ? motoSuiteName(name, moto) : `${name} (embedded)`);

  describe.skipIf(!available())(title("stories, digests and reminders"), () => {
    let p: PipelineUnderTest;
    beforeEach(async () => {
      await moto?.reset();
      const options = { subscribers: SUBSCRIBERS, now: () => new Date("2026-03-03T13:05:00Z") };
      p = tier === "embedded" ? await embeddedUnderTest(options) : await motoUnderTest(moto as Moto, options);
    });
    afterEach(async () => {
      await p?.stop();
    });

    /** Everything delivered so far, per subscriber, as "kind:articleId-or-subject". */
    const received: Record<string, string[]> = {};
    async function collect(): Promise<Record<string, string[]>> {
      for (const [name, list] of Object.entries(await p.takeDeliveries()))
        for (const d of list) {
          received[name] ??= [];
          received[name].push(`${d.kind ?? "?"}:${d.articleId ?? d.subject ?? ""}`);
        }
      return received;
    }
    beforeEach(() => {
      for (const k of Object.keys(received)) delete received[k];
    });

    async function ingest(text: { title: string; body: string }, source: string, at: string) {
      const r = await p.ingestApi(send(text, source, at));
      expect(r.statusCode, r.body).toBe(201);
      await p.pump();
      return bodyOf(r);
    }

    async function storyItem(id: string) {
      const db = p.handlerClients.db;
      const all = await db.send(new ScanCommand({ TableName: await tableOf(p), ConsistentRead: true }));
      return (all.Items ?? []).find((i) => i.pk === `STORY#${id}`);
    }

    it("sends each subscriber one alert per story, however many syndicated copies arrive", async () => {
      const first = await ingest(ORIGINAL, "Example Wire", "2026-03-03T09:00:00Z");
      const trimmed = await ingest(TRIMMED_WITH_CREDIT, "Sample Post", "2026-03-03T11:00:00Z");
      const reheadlined = await ingest(REHEADLINED, "Example Daily", "2026-03-03T12:00:00Z");
      expect(trimmed.story).toEqual({ id: first.id, outcome: "joined", copies: 2 });
      expect(reheadlined.story).toEqual({ id: first.id, outcome: "joined", copies: 3 });
      const got = await collect();
      expect(got["expulsions-desk"]).toEqual([`alert:${first.id}`]);
      expect(got["intel-desk"]).toEqual([`alert:${first.id}`]);
      expect(got["expulsions-and-deadline"]).toEqual([`alert:${first.id}`]);
      expect(got["deadline-desk"]).toBeUndefined();
      expect(got["daily-desk"]).toBeUndefined();
      expect(got["weekly-reminders"]).toBeUndefined();
      const story = await storyItem(first.id);
      expect(Object.keys(story?.members ?? {})).toHaveLength(3);
    });

    it("alerts for a copy that adds a topic only the subscribers the story had not reached, naming its sources", async () => {
      const first = await ingest(ORIGINAL, "Example Wire", "2026-03-03T09:00:00Z");
      await ingest(TRIMMED_WITH_CREDIT, "Sample Post", "2026-03-03T11:00:00Z");
      const update = await ingest(UPDATE_WITH_DEADLINE, "Wire Partner", "2026-03-03T13:00:00Z");
      expect(update.story).toMatchObject({ id: first.id, outcome: "joined" });
      const got = await collect();
      expect(got["deadline-desk"]).toEqual([`alert:${update.id}`]);
      expect(got["deadline-reminders"]).toEqual([`alert:${update.id}`]);
      // Subscribed to expulsions too: alerted by the first copy, not again.
      expect(got["expulsions-and-deadline"]).toEqual([`alert:${first.id}`]);
      expect(got["expulsions-desk"]).toEqual([`alert:${first.id}`]);
      const deliveries = await p.takeDeliveries();
      expect(Object.values(deliveries).flat()).toEqual([]);
      const story = await storyItem(first.id);
      expect(story?.topics).toEqual(["expulsions", "intelligence", "deadline"]);
    });

    it("keeps a different expulsion of the same day a story of its own", async () => {
      const first = await ingest(ORIGINAL, "Example Wire", "2026-03-03T09:00:00Z");
      const other = await ingest(OTHER_EXPULSION, "Example Wire", "2026-03-03T10:00:00Z");
      expect(other.story).toEqual({ id: other.id, outcome: "new", copies: 1 });
      const got = await collect();
      expect(got["expulsions-desk"]).toEqual([`alert:${first.id}`, `alert:${other.id}`]);
      expect(got["deadline-desk"]).toEqual([`alert:${other.id}`]);
    });

    it("heals a crash between the story update and the article write: one member, one alert", async () => {
      await ingest(ORIGINAL, "Example Wire", "2026-03-03T09:00:00Z");
      await collect();
      const fault = injectFault(p.handlerClients.db, {
        commands: ["PutCommand", "PutItemCommand"],
        times: 1,
        when: (input) => (input.Item as { sk?: unknown } | undefined)?.sk === "ARTICLE",
        error: faults.throttling,
      });
      const failed = await p.ingestApi(send(UPDATE_WITH_DEADLINE, "Wire Partner", "2026-03-03T13:00:00Z"));
      expect(failed.statusCode).toBe(503);
      expect(fault.injected).toBe(1);
      const retried = await p.ingestApi(send(UPDATE_WITH_DEADLINE, "Wire Partner", "2026-03-03T13:00:00Z"));
      expect(retried.statusCode).toBe(201);
      const again = await p.ingestApi(send(UPDATE_WITH_DEADLINE, "Wire Partner", "2026-03-03T13:00:00Z"));
      expect(bodyOf(again)).toMatchObject({ story: { outcome: "joined", copies: 2 } });
      await p.pump();
      const got = await collect();
      expect(got["deadline-desk"]).toEqual([`alert:${bodyOf(retried).id}`]);
      const story = await storyItem(bodyOf(retried).story?.id ?? "");
      expect(Object.keys(story?.members ?? {})).toHaveLength(2);
    });

    it("schedules one reminder per story and deadline, and sends it once to the subscribers who opted in", async () => {
      const first = await ingest(ORIGINAL, "Example Wire", "2026-03-03T09:00:00Z");
      await ingest(UPDATE_WITH_DEADLINE, "Wire Partner", "2026-03-03T13:00:00Z");
      // A second copy naming the same deadline schedules nothing more.
      await ingest(
        { ...UPDATE_WITH_DEADLINE, body: UPDATE_WITH_DEADLINE.body.replace("on Tuesday", "Tuesday") },
        "Regional Courier",
        "2026-03-03T13:30:00Z",
      );
      const listed = await p.scheduler.send(
        new ListSchedulesCommand({ GroupName: TEST_REMINDERS.groupName }),
      );
      expect(listed.Schedules?.map((s) => s.Name)).toEqual([`wirewatch-${first.id}-20260306`]);
      const schedule = await p.scheduler.send(
        new GetScheduleCommand({
          GroupName: TEST_REMINDERS.groupName,
          Name: `wirewatch-${first.id}-20260306`,
        }),
      );
      expect(schedule).toMatchObject({
        ScheduleExpression: "at(2026-03-05T09:00:00)",
        ActionAfterCompletion: "DELETE",
        Target: {
          Arn: TEST_REMINDERS.targetArn,
          DeadLetterConfig: { Arn: TEST_REMINDERS.deadLetterArn },
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 },
        },
      });
      await collect();
      for (const k of Object.keys(received)) delete received[k];

      // What the schedule delivers at its time: its Input, with the scheduled time filled in.
      const event = JSON.parse(
        (schedule.Target?.Input ?? "{}").replace("<aws.scheduler.scheduled-time>", "2026-03-05T09:00:00Z"),
      );
      expect(await p.remind(event)).toMatchObject({ outcome: "sent", date: "2026-03-06", sources: 3 });
      expect(await p.remind(event)).toMatchObject({ outcome: "skipped", reason: "already sent" });
      const got = await collect();
      expect(got).toEqual({
        "deadline-reminders": [expect.stringMatching(/^reminder:/)],
        "weekly-reminders": [expect.stringMatching(/^reminder:/)],
      });
    });

    it("skips the reminder of a deadline a later copy moved, and reminds of the new date", async () => {
      const first = await ingest(UPDATE_WITH_DEADLINE, "Example Wire", "2026-03-03T09:00:00Z");
      const moved = await ingest(
        {
          ...UPDATE_WITH_DEADLINE,
          body: UPDATE_WITH_DEADLINE.body.replace("until Friday", "until Tuesday, March 10,"),
        },
        "Wire Partner",
        "2026-03-04T08:00:00Z",
      );
      expect(moved.story).toMatchObject({ id: first.id, outcome: "joined" });
      const listed = await p.scheduler.send(
        new ListSchedulesCommand({ GroupName: TEST_REMINDERS.groupName }),
      );
      expect(listed.Schedules?.map((s) => s.Name).sort()).toEqual([
        `wirewatch-${first.id}-20260306`,
        `wirewatch-${first.id}-20260310`,
      ]);
      await collect();
      for (const k of Object.keys(received)) delete received[k];
      const fire = async (date: string, time: string) => {
        const schedule = await p.scheduler.send(
          new GetScheduleCommand({
            GroupName: TEST_REMINDERS.groupName,
            Name: `wirewatch-${first.id}-${date}`,
          }),
        );
        return p.remind(
          JSON.parse((schedule.Target?.Input ?? "{}").replace("<aws.scheduler.scheduled-time>", time)),
        );
      };
      expect(await fire("20260306", "2026-03-05T09:00:00Z")).toMatchObject({
        outcome: "skipped",
        reason: `the deadline moved to 2026-03-10 (article ${moved.id})`,
      });
      expect(await collect()).toEqual({});
      expect(await fire("20260310", "2026-03-09T09:00:00Z")).toMatchObject({
        outcome: "sent",
        date: "2026-03-10",
      });
      expect(await collect()).toEqual({
        "deadline-reminders": [expect.stringMatching(/^reminder:/)],
        "weekly-reminders": [expect.stringMatching(/^reminder:/)],
      });
    });

    it("sends each digest subscriber one digest per period, each story once, and nothing for an empty period", async () => {
      const first = await ingest(ORIGINAL, "Example Wire", "2026-03-03T09:00:00Z");
      await ingest(TRIMMED_WITH_CREDIT, "Sample Post", "2026-03-03T11:00:00Z");
      const other = await ingest(OTHER_EXPULSION, "Example Wire", "2026-03-03T10:00:00Z");
      await collect();
      for (const k of Object.keys(received)) delete received[k];
      const daily = (time: string) => ({
        version: "0",
        source: "wirewatch.schedule",
        "detail-type": "Send digest",
        time,
        detail: { cadence: "daily" },
      });
      expect(await p.digest(daily("2026-03-04T07:00:00Z"))).toMatchObject({
        digests: [{ group: "daily:deadline+expulsions", outcome: "sent", stories: 2 }],
      });
      // The schedule retried: nothing more.
      expect(await p.digest(daily("2026-03-04T07:00:00Z"))).toMatchObject({
        digests: [{ outcome: "already-sent" }],
      });
      expect(await p.digest(daily("2026-03-05T07:00:00Z"))).toMatchObject({
        digests: [{ outcome: "empty", stories: 0 }],
      });
      const deliveries = await p.takeDeliveries();
      const digests = deliveries["daily-desk"] ?? [];
      expect(digests).toHaveLength(1);
      expect(digests[0]?.kind).toBe("digest");
      const body = digests[0]?.body ?? "";
      const payload = tier === "moto" ? JSON.parse(body) : undefined;
      if (payload)
        expect(payload.stories.map((s: { storyId: string }) => s.storyId)).toEqual([first.id, other.id]);
      else {
        // Each story is one numbered entry (its title may also be its evidence sentence).
        expect(body.match(/^\d+\. /gm)).toHaveLength(2);
        expect(body.match(/^\d+\. Valdoria expels four Restavian diplomats/gm)).toHaveLength(1);
        expect(body).toContain("Valdoria orders Korsan military attach");
        expect(body).toContain("2 sources");
      }
      for (const [name, list] of Object.entries(deliveries))
        if (name !== "daily-desk") expect(list, name).toEqual([]);
    });
  });
}

async function tableOf(p: PipelineUnderTest): Promise<string> {
  // Both harnesses name their table; the moto one has a suffix.
  const named = (p as unknown as { pipeline?: { tableName: string } }).pipeline?.tableName;
  return named ?? "wirewatch-articles";
}
