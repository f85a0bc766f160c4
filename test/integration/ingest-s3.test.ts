import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EmbeddedBackend } from "../../cli/local/embedded-backend.ts";
import { replayEvent } from "../../cli/local/replay-runner.ts";
import { apiEvent, STORY, startTestBackend, tableContents } from "../support/embedded.ts";

let backend: EmbeddedBackend;
let bucketDir: string;
beforeEach(async () => {
  bucketDir = await mkdtemp(join(tmpdir(), "wirewatch-bucket-"));
  await mkdir(join(bucketDir, "incoming"), { recursive: true });
  backend = await startTestBackend({ bucketDir });
});
afterEach(async () => {
  await backend.stop();
});

const objectCreated = (key: string, time = "2026-06-01T09:00:00Z") => ({
  version: "0",
  id: "test",
  "detail-type": "Object Created",
  source: "aws.s3",
  time,
  detail: { bucket: { name: "test-bucket" }, object: { key, size: 1 } },
});

const s3Notification = (key: string) => ({
  Records: [
    {
      eventSource: "aws:s3",
      eventTime: "2026-06-02T00:00:00Z",
      s3: { bucket: { name: "test-bucket" }, object: { key } },
    },
  ],
});

describe("S3 drop folder ingest on the embedded backend", () => {
  it("ingests a .txt object, using the event time as reference date for relative deadlines", async () => {
    await writeFile(
      join(bucketDir, "incoming/story.txt"),
      "Envoys told to leave by Friday\nThe government ordered three envoys of the neighbouring state to leave the country by Friday.",
    );
    const result = await replayEvent(
      backend,
      "s3",
      objectCreated("incoming/story.txt", "2026-06-01T09:00:00Z"),
    );
    expect(result.stored).toHaveLength(1);
    expect(result.stored[0]?.publishedAt).toBe("2026-06-01T09:00:00.000Z");
    const deadline = result.stored[0]?.tags.find((t) => t.topic === "deadline")?.deadline;
    expect(deadline?.date).toBe("2026-06-05");
    expect(result.alerts.length).toBe(1);
  });

  it("ingests .html and .json objects and decodes S3 notification keys", async () => {
    await writeFile(
      join(bucketDir, "incoming/a b.html"),
      "<html><head><title>Spy ring uncovered</title></head><body><p>Police and the domestic intelligence service said they had broken up a spy ring that worked for a foreign military intelligence agency.</p></body></html>",
    );
    await writeFile(join(bucketDir, "incoming/batch.json"), JSON.stringify([STORY]));
    const html = await replayEvent(backend, "html", s3Notification("incoming/a+b.html"));
    const json = await replayEvent(backend, "json", objectCreated("incoming/batch.json"));
    expect(html.stored[0]?.tags.map((t) => t.topic)).toContain("intelligence");
    expect(json.stored[0]?.title).toBe(STORY.title);
    expect((await tableContents(backend)).articles).toHaveLength(2);
  });

  it("finds an EventBridge object whose key arrives URL-encoded", async () => {
    await writeFile(join(bucketDir, "incoming/spy ring (2).json"), JSON.stringify(STORY));
    const result = await replayEvent(backend, "encoded", objectCreated("incoming/spy+ring+%282%29.json"));
    expect(result.stored.map((s) => s.title)).toEqual([STORY.title]);
  });

  it("skips unreadable objects with a reason and stores nothing", async () => {
    await writeFile(join(bucketDir, "incoming/image.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await writeFile(join(bucketDir, "incoming/report.pdf"), "%PDF-1.7");
    const cases = [
      ["incoming/image.txt", /not valid UTF-8|binary/],
      ["incoming/report.pdf", /unsupported file type/],
      ["incoming/missing.txt", /does not exist/],
    ] as const;
    for (const [key, reason] of cases) {
      const result = await replayEvent(backend, key, objectCreated(key));
      const [outcome] = (result.response as { objects: { skipped?: string }[] }).objects;
      expect(outcome?.skipped).toMatch(reason);
      expect(result.stored).toEqual([]);
    }
    expect((await tableContents(backend)).all).toEqual([]);
  });

  it("treats the same article from the API and from S3 as one item with one alert", async () => {
    await writeFile(join(bucketDir, "incoming/story.json"), JSON.stringify(STORY));
    const viaApi = await replayEvent(backend, "api", apiEvent(STORY));
    const viaS3 = await replayEvent(backend, "s3", objectCreated("incoming/story.json"));
    expect(viaApi.stored).toHaveLength(1);
    expect(viaS3.stored).toHaveLength(0);
    expect(viaS3.alerts).toHaveLength(0);
    expect((await tableContents(backend)).articles).toHaveLength(1);
  });
});
