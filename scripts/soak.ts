/**
 * `npm run soak [-- --articles 10000 --backend embedded|moto|both --seed 1]`: a soak test with faults.
 *
 * Pushes N articles through the real handlers, the way they arrive when deployed: 80% through the API (batch
 * requests of 1 to 25, several at once) and 20% as objects dropped in the bucket, put on the ingest queue and
 * driven through ingest-s3 by the SQS event source mapping; the table's stream is handed to notify by the DynamoDB
 * event source mapping (batch 25, 5 retries with bisection, on-failure to the dead-letter queue). About 10% of the
 * sends are exact duplicates sent later and 2% are concurrent repeats (the same article in two requests at once).
 * Half the texts are copies from the ../shared/data/ corpora when present (real news, mostly untagged), half are
 * topic-rich stories generated in our own words (all of them without the corpora).
 *
 * Faults, from a seeded random source: 2% of DynamoDB writes (PutItem, BatchWriteItem, UpdateItem) throttled
 * after the SDK's own retries, 5% of SNS PublishBatch entries failing, and one notify batch timing out (its work
 * done, the invocation failed anyway, as when a timeout strikes after the last write); and, so that both
 * dead-letter queues get something, one object whose article cannot be written and one article whose alert cannot
 * be published while the faults last. API clients retry what was answered 503; the queues retry the rest. Afterwards the faults stop, and what landed in the dead-letter queues
 * is redriven (on moto with `wirewatch redrive`'s own code; on the embedded backend, which has no SQS, by running
 * the same handlers on the dead letters).
 *
 * It then requires exactly: every distinct article stored once and nothing else; every stored article's tag edges
 * present and no edge without its article; every due alert delivered exactly once to each recipient; every alerted
 * article marked; both dead-letter queues empty. It prints the counts and the throughput, and exits 1 on any miss.
 *
 * What is due comes from the pipeline's own definition, read back from the table (dueAlerts below): one alert per
 * story (the articles sharing a `story.storyId`) to each subscriber who follows at least one of the topics its
 * members carry, however many copies arrived and whichever copy added the topic. A delivery counts for the story of
 * the article it names, so a second alert of one story to one recipient is a double.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { APIGatewayProxyResult, DynamoDBRecord } from "aws-lambda";
import { redriveDeadLetters } from "../cli/commands/redrive.ts";
import { matchesEventPattern } from "../cli/local/local-stream.ts";
import { localClientOptions } from "../lambdas/adapters/clients.ts";
import type { ArticleInput } from "../lambdas/core/article.ts";
import { normaliseArticle } from "../lambdas/core/ingest/normalise.ts";
import { parseArticleInput } from "../lambdas/core/ingest/request.ts";
import { NOTIFY_STREAM_FILTER } from "../lambdas/notify/stream-filter.ts";
import { apiEvent } from "../test/support/embedded.ts";
import { type IngestQueue, memoryIngestQueue, motoIngestQueue } from "../test/support/ingest-queue.ts";
import { type Moto, startMoto } from "../test/support/moto.ts";
import {
  embeddedUnderTest,
  failPublishEntries,
  faults,
  injectFault,
  MOTO_SUBSCRIBERS,
  motoUnderTest,
  type PipelineUnderTest,
  queueDepth,
  type StreamHandler,
  type StreamOnFailureMessage,
} from "../test/support/moto-harness.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    backend: { type: "string", default: "both" },
    seed: { type: "string", default: "1" },
  },
});
const N = Number(values.articles);
if (!Number.isInteger(N) || N < 50)
  throw new Error(`--articles must be an integer of at least 50, got ${values.articles}`);
const backends = values.backend === "both" ? ["embedded", "moto"] : [values.backend as string];
for (const b of backends) if (b !== "embedded" && b !== "moto") throw new Error(`unknown --backend ${b}`);

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = new Date("2026-06-01T12:00:00Z");

// ---------------------------------------------------------------------------------------------------------
// The articles.

const DATA = join(import.meta.dirname, "..", "..", "shared", "data");

function fromCorpus(limit: number): ArticleInput[] {
  const out: ArticleInput[] = [];
  for (const file of ["corpus-wcep-2025.jsonl", "corpus-reuters-1987.jsonl"]) {
    const path = join(DATA, file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (out.length >= limit) return out;
      if (!line.trim()) continue;
      const item = JSON.parse(line) as { text?: string; date?: string | null };
      const text = (item.text ?? "").trim();
      const [first = "", ...rest] = text.split(/(?<=[.!?])\s+/);
      const title = first.length > 200 ? `${first.slice(0, first.lastIndexOf(" ", 200))}` : first;
      const body = rest.join(" ").length >= 40 ? rest.join(" ") : text;
      out.push({ title, body, ...(item.date ? { publishedAt: item.date } : {}), source: file.split("-")[1] });
    }
  }
  return out;
}

/** Articles in our own words, when the corpora are not there: varied enough that each is distinct. */
function generated(count: number, random: () => number): ArticleInput[] {
  const states = [
    "the northern federation",
    "a neighbouring republic",
    "the island kingdom",
    "the coastal state",
  ];
  const openings = [
    (s: string, i: number) => [
      `Ministry orders ${2 + (i % 9)} diplomats of ${s} to leave`,
      `The foreign ministry declared ${2 + (i % 9)} diplomats of ${s} persona non grata and gave them ${24 + (i % 5) * 24} hours to leave the country, case ${i}.`,
    ],
    (s: string, i: number) => [
      `Court jails officer ${i} for spying for ${s}`,
      `A court sentenced an army officer to ${3 + (i % 12)} years for passing documents to the military intelligence service of ${s}, in case ${i}.`,
    ],
    (_s: string, i: number) => [
      `Council sets deadline ${i} for housing plan`,
      `The city council gave developers until the end of ${["June", "July", "August"][i % 3]} to submit plans for ${100 + i} homes near the river.`,
    ],
    (_s: string, i: number) => [
      `Harvest report ${i}: wheat yields rise`,
      `Farmers in the eastern plain reported wheat yields ${i % 20} percent above last year after a mild spring and steady rain.`,
    ],
  ];
  return Array.from({ length: count }, (_, i) => {
    const state = states[Math.floor(random() * states.length)] as string;
    const make = openings[i % openings.length] as (s: string, i: number) => string[];
    const [title, body] = make(state, i) as [string, string];
    return { title, body, source: "Soak Wire", publishedAt: "2026-05-30" };
  });
}

interface Planned {
  input: ArticleInput;
  id: string;
}

function plan(random: () => number): { distinct: Planned[]; sends: { item: Planned; path: "api" | "s3" }[] } {
  const distinctCount = Math.round(N * 0.88);
  // Half copies from the corpora (real news, mostly untagged), half our own topic-rich stories, interleaved, so
  // alerts are many and most of the text is real.
  const corpus = fromCorpus(distinctCount);
  const ours = generated(distinctCount * 2, random);
  const candidates = ours.flatMap((g, i) => (corpus[i] ? [corpus[i], g] : [g]));
  const seen = new Set<string>();
  const distinct: Planned[] = [];
  for (const input of candidates) {
    if (distinct.length >= distinctCount) break;
    try {
      const article = normaliseArticle(parseArticleInput(input), NOW);
      if (seen.has(article.id)) continue;
      seen.add(article.id);
      distinct.push({ input, id: article.id });
    } catch {
      // not a valid article (the API would refuse it): not part of the soak
    }
  }
  const sends = distinct.map((item) => ({ item, path: (random() < 0.2 ? "s3" : "api") as "api" | "s3" }));
  // Exact duplicates, sent again later by either path.
  while (sends.length < N) {
    const item = distinct[Math.floor(random() * distinct.length)] as Planned;
    sends.push({ item, path: random() < 0.2 ? "s3" : "api" });
  }
  // Shuffle, so duplicates are spread over the run.
  for (let i = sends.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sends[i], sends[j]] = [sends[j] as (typeof sends)[number], sends[i] as (typeof sends)[number]];
  }
  return { distinct, sends };
}

// ---------------------------------------------------------------------------------------------------------
// One backend.

interface Figures {
  backend: string;
  sends: number;
  distinct: number;
  seconds: number;
  stored: number;
  lost: number;
  extra: number;
  edgesMissing: number;
  orphanEdges: number;
  due: number;
  delivered: number;
  doubled: number;
  undelivered: number;
  unexpected: number;
  unmarked: number;
  ingestDeadLetters: number;
  notifyDeadLetters: number;
  dlqLeft: number;
  faults: { throttles: number; publishEntriesFailed: number; timeouts: number; api503Retries: number };
}

/** What the pipeline owes subscribers: one alert per stored article that carries a tag, to each matching subscriber. */
/** The story an article belongs to (an article stored before stories existed is a story of its own). */
const storyOf = (a: Record<string, unknown>): string =>
  String((a.story as { storyId?: unknown } | undefined)?.storyId ?? a.id);

function dueAlerts(articles: Record<string, unknown>[]): Map<string, Set<string>> {
  const topicsByStory = new Map<string, Set<string>>();
  for (const a of articles) {
    const topics = topicsByStory.get(storyOf(a)) ?? new Set<string>();
    for (const t of a.topics as string[]) topics.add(t);
    topicsByStory.set(storyOf(a), topics);
  }
  const due = new Map<string, Set<string>>();
  for (const s of MOTO_SUBSCRIBERS)
    due.set(
      s.name,
      new Set(
        [...topicsByStory]
          .filter(([, topics]) => s.topics.some((t) => topics.has(t)))
          .map(([story]) => story),
      ),
    );
  return due;
}

async function soak(kind: "embedded" | "moto", moto: Moto | undefined, seed: number): Promise<Figures> {
  const random = rng(seed);
  const { distinct, sends } = plan(random);
  const faultRandom = rng(seed + 1000);
  let timeouts = 0;
  let notifyInvocations = 0;
  // One notify batch times out: the 3rd invocation does its work, then fails as a Lambda timeout would.
  const wrapNotify =
    (handler: StreamHandler): StreamHandler =>
    async (event) => {
      const response = await handler(event);
      if (++notifyInvocations === 3) {
        timeouts++;
        throw Object.assign(new Error("Task timed out after 30.00 seconds"), { name: "Sandbox.Timedout" });
      }
      return response;
    };
  let p: PipelineUnderTest & { pipeline?: Awaited<ReturnType<typeof motoUnderTest>>["pipeline"] };
  let queue: IngestQueue;
  if (kind === "embedded") {
    p = await embeddedUnderTest({ wrapNotify });
    queue = memoryIngestQueue();
  } else {
    await moto?.reset();
    const m = await motoUnderTest(moto as Moto, { wrapNotify });
    p = m;
    queue = await motoIngestQueue(m.pipeline.admin.sqs);
  }

  const throttles = injectFault(p.handlerClients.db, {
    commands: [
      "PutCommand",
      "PutItemCommand",
      "BatchWriteCommand",
      "BatchWriteItemCommand",
      "UpdateCommand",
      "UpdateItemCommand",
    ],
    when: () => faultRandom() < 0.02,
    error: faults.throttling,
  });
  // So that both dead-letter queues have something to redrive: one object whose article cannot be written, and
  // one article whose alert cannot be published, until the faults stop (5 receives / 5 retries are not enough).
  const sentOnce = new Map<string, number>();
  for (const s of sends) sentOnce.set(s.item.id, (sentOnce.get(s.item.id) ?? 0) + 1);
  const poisonObject = sends.find((s) => s.path === "s3" && sentOnce.get(s.item.id) === 1)?.item;
  const poisonWrite = injectFault(p.handlerClients.db, {
    commands: ["PutCommand", "PutItemCommand"],
    when: (input) => poisonObject !== undefined && JSON.stringify(input.Item ?? {}).includes(poisonObject.id),
    error: faults.throttling,
  });
  const poisonAlert = sends.find(
    (s) => s.path === "api" && s.item !== poisonObject && /diplomats/.test(s.item.input.title),
  )?.item.id;
  const poisonPublish = failPublishEntries(p.handlerClients.sns, (id) => id === poisonAlert);
  let publishEntriesFailed = 0;
  const publishFault = failPublishEntries(p.handlerClients.sns, () => {
    const fail = faultRandom() < 0.05;
    if (fail) publishEntriesFailed++;
    return fail;
  });

  const deliveries = new Map<string, string[]>(MOTO_SUBSCRIBERS.map((s) => [s.name, []]));
  const history: DynamoDBRecord[] = [];
  const collect = async () => {
    const report = await p.pump();
    history.push(...report.records);
    for (const [name, list] of Object.entries(await p.takeDeliveries()))
      deliveries.get(name)?.push(...list.map((d) => d.articleId ?? "?"));
  };

  let api503Retries = 0;
  /** A client of POST /articles that retries what was answered 503 (as retry-after says), up to 10 times. */
  const post = async (items: Planned[]) => {
    let pending = items;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 10) throw new Error(`${pending.length} article(s) still refused after 10 attempts`);
      const batch = pending.length > 1 || random() < 0.5;
      const response: APIGatewayProxyResult = await p.ingestApi(
        apiEvent(batch ? { articles: pending.map((x) => x.input) } : (pending[0] as Planned).input),
      );
      const body = JSON.parse(response.body) as { results?: { status: number }[]; status?: number };
      const statuses = body.results ? body.results.map((r) => r.status) : [response.statusCode];
      const retry = pending.filter((_, i) => statuses[i] === 503 || statuses[i] === 500);
      const refused = statuses.filter((s) => s >= 400 && s !== 503 && s !== 500);
      if (refused.length) throw new Error(`the API refused a valid article: ${response.body.slice(0, 300)}`);
      if (retry.length) api503Retries += retry.length;
      pending = retry;
    }
  };

  const started = performance.now();
  const ROUND = 400;
  let objectNumber = 0;
  for (let r = 0; r < sends.length; r += ROUND) {
    const round = sends.slice(r, r + ROUND);
    const api = round.filter((s) => s.path === "api").map((s) => s.item);
    // Concurrent repeats: 2% of the round's API articles also go in a second request at the same time.
    const repeats = api.filter(() => random() < 0.02);
    const requests: Planned[][] = [];
    for (let i = 0; i < api.length; ) {
      const size = random() < 0.1 ? 25 : 1 + Math.floor(random() * 25);
      requests.push(api.slice(i, i + size));
      i += size;
    }
    if (repeats.length) requests.push(repeats);
    for (let i = 0; i < requests.length; i += 4) await Promise.all(requests.slice(i, i + 4).map(post));
    for (const s of round.filter((x) => x.path === "s3")) {
      const key = `incoming/soak-${String(++objectNumber).padStart(6, "0")}.json`;
      await queue.send(await p.dropObject(key, JSON.stringify(s.item.input)));
    }
    await queue.drain((e) => p.ingestS3(e));
    await collect();
  }
  const seconds = (performance.now() - started) / 1000;

  // The faults stop; what landed in the dead-letter queues is redriven.
  throttles.clear();
  publishFault.clear();
  poisonWrite.clear();
  poisonPublish.clear();
  await queue.drain((e) => p.ingestS3(e));
  const ingestDead = await queue.deadLetters();
  const notifyDead: StreamOnFailureMessage[] = await p.deadLetters();
  if (kind === "moto") {
    const m = p as Awaited<ReturnType<typeof motoUnderTest>>;
    const target = { tableName: m.pipeline.tableName, topicArn: m.pipeline.topicArn };
    const clientOptions = localClientOptions((moto as Moto).endpoint);
    const ingestReport = await redriveDeadLetters({
      clientOptions,
      target: { ...target, queueUrl: queue.dlqUrl as string },
    });
    if (ingestReport.kept) throw new Error(`ingest redrive kept ${ingestReport.kept} message(s)`);
    await collect();
    const notifyReport = await redriveDeadLetters({
      clientOptions,
      target: { ...target, queueUrl: m.pipeline.dlqUrl },
    });
    if (notifyReport.kept) throw new Error(`notify redrive kept ${notifyReport.kept} message(s)`);
    await collect();
  } else {
    for (const d of ingestDead) {
      await p.ingestS3(JSON.parse(d.body));
      queue.deleteDeadLetter?.(d.messageId);
    }
    await collect();
    for (const message of notifyDead) {
      const info = message.DDBStreamBatchInfo;
      const [start, end] = [BigInt(info.startSequenceNumber), BigInt(info.endSequenceNumber)];
      const records = history.filter((rec) => {
        const s = BigInt(rec.dynamodb?.SequenceNumber ?? "0");
        return s >= start && s <= end && matchesEventPattern(NOTIFY_STREAM_FILTER, rec);
      });
      const out = await p.notify({ Records: records });
      if (out.batchItemFailures.length) throw new Error("a redriven notify batch failed again");
    }
    for (const [name, list] of Object.entries(await p.takeDeliveries()))
      deliveries.get(name)?.push(...list.map((d) => d.articleId ?? "?"));
  }

  // The counts, against what the pipeline's own definition says is due.
  const { articles, tags } = await p.table();
  const expected = new Set(distinct.map((d) => d.id));
  const storedIds = new Set(articles.map((a) => String(a.id)));
  const lost = [...expected].filter((id) => !storedIds.has(id)).length;
  const extra = [...storedIds].filter((id) => !expected.has(id)).length + (articles.length - storedIds.size);
  const edgeKeys = new Set(tags.map((t) => `${t.id} ${t.topic}`));
  let edgesMissing = 0;
  for (const a of articles)
    for (const t of a.topics as string[]) if (!edgeKeys.has(`${a.id} ${t}`)) edgesMissing++;
  const orphanEdges = tags.filter((t) => !storedIds.has(String(t.id))).length;
  const due = dueAlerts(articles);
  let dueCount = 0;
  let delivered = 0;
  let doubled = 0;
  let undelivered = 0;
  let unexpected = 0;
  const storyByArticle = new Map(articles.map((a) => [String(a.id), storyOf(a)]));
  for (const [name, ids] of due) {
    const got = (deliveries.get(name) ?? []).map((id) => storyByArticle.get(id) ?? `unknown article ${id}`);
    dueCount += ids.size;
    delivered += got.length;
    const counts = new Map<string, number>();
    for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, n] of counts) {
      if (!ids.has(id)) unexpected += n;
      else if (n > 1) doubled += n - 1;
    }
    for (const id of ids) if (!counts.has(id)) undelivered++;
  }
  // Every article some recipient was alerted of carries the alerted marker (a copy that reached no one carries none).
  const alertedIds = new Set([...deliveries.values()].flat());
  const unmarked = articles.filter((a) => alertedIds.has(String(a.id)) && !a.alertedAt).length;
  let dlqLeft = (await queue.deadLetters()).length;
  if (kind === "moto") {
    const m = p as Awaited<ReturnType<typeof motoUnderTest>>;
    dlqLeft += await queueDepth(m.pipeline.admin.sqs, m.pipeline.dlqUrl);
  }
  await p.stop();
  return {
    backend: kind,
    sends: sends.length,
    distinct: distinct.length,
    seconds,
    stored: articles.length,
    lost,
    extra,
    edgesMissing,
    orphanEdges,
    due: dueCount,
    delivered,
    doubled,
    undelivered,
    unexpected,
    unmarked,
    ingestDeadLetters: ingestDead.length,
    notifyDeadLetters: notifyDead.length,
    dlqLeft,
    faults: { throttles: throttles.injected, publishEntriesFailed, timeouts, api503Retries },
  };
}

// ---------------------------------------------------------------------------------------------------------

const moto = backends.includes("moto") ? await startMoto() : undefined;
if (backends.includes("moto") && !moto)
  console.warn("moto_server is not installed: the moto soak is skipped");
const results: Figures[] = [];
try {
  for (const kind of backends) {
    if (kind === "moto" && !moto) continue;
    results.push(await soak(kind as "embedded" | "moto", moto, Number(values.seed)));
  }
} finally {
  await moto?.stop();
}

let ok = true;
for (const f of results) {
  const checks: [string, boolean][] = [
    [
      `articles stored once each: ${f.stored} stored of ${f.distinct} distinct in ${f.sends} sends (${f.lost} lost, ${f.extra} extra)`,
      f.lost === 0 && f.extra === 0 && f.stored === f.distinct,
    ],
    [
      `nothing half-written: ${f.edgesMissing} tag edges missing, ${f.orphanEdges} edges without their article`,
      f.edgesMissing === 0 && f.orphanEdges === 0,
    ],
    [
      `due alerts delivered exactly once per recipient: ${f.delivered} delivered of ${f.due} due (${f.doubled} doubled, ${f.undelivered} lost, ${f.unexpected} unexpected)`,
      f.delivered === f.due && f.doubled === 0 && f.undelivered === 0 && f.unexpected === 0,
    ],
    [`every alerted article marked: ${f.unmarked} unmarked`, f.unmarked === 0],
    [
      `dead-letter queues empty after redrive: ${f.dlqLeft} left (${f.ingestDeadLetters} ingest, ${f.notifyDeadLetters} notify dead letters redriven)`,
      f.dlqLeft === 0,
    ],
  ];
  console.log(`\n== soak on the ${f.backend} backend (seed ${values.seed})`);
  console.log(
    `   faults injected: ${f.faults.throttles} DynamoDB write throttles, ${f.faults.publishEntriesFailed} PublishBatch entries failed, ${f.faults.timeouts} notify batch timed out; ${f.faults.api503Retries} article(s) re-sent after a 503`,
  );
  for (const [text, pass] of checks) {
    console.log(`   ${pass ? "ok  " : "FAIL"} ${text}`);
    ok &&= pass;
  }
  console.log(
    `   throughput: ${f.sends} sends in ${f.seconds.toFixed(1)} s = ${(f.sends / f.seconds).toFixed(0)} articles/s (${(f.distinct / f.seconds).toFixed(0)} distinct/s), faults included`,
  );
}
if (results.length === 0) {
  console.error("no backend ran");
  process.exit(1);
}
process.exit(ok ? 0 : 1);
