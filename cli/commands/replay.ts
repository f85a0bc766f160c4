import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { CliError } from "../cli-error.ts";
import { startDeployedBackend } from "../local/deployed-backend.ts";
import { startEmbeddedBackend } from "../local/embedded-backend.ts";
import { KIND_LABEL } from "../local/event-kind.ts";
import { type ReplayBackend, type ReplayResult, replayEvent } from "../local/replay-runner.ts";

const HELP = `usage: wirewatch replay [options] <files or folders>...

Replays sample events through the real handlers: API Gateway requests and S3 notifications go to the ingest
functions, the stream records their writes produce go to the notify function (as Lambda would hand them on),
and the alerts go to the subscribers; scheduled feed polls go to the feed poller, which fetches the sample sites
of web/ from a loopback server. Folders are read recursively in name order; subscribers.json, feeds.json (the
feeds registered at start), the local bucket folder (bucket/) and the sample sites (web/) are not events.

options:
  --json                one JSON object per event on stdout: {event, kind, response, stored, alerts}
  --subscribers FILE    local subscribers (default events/subscribers.json)
  --bucket-dir DIR      folder standing in for the ingest bucket (default events/bucket)
  --logs                also print the handlers' structured logs (stderr)
  --stack NAME          replay against a deployed stack (its outputs name the resources) instead of the embedded backend
  --endpoint URL        AWS endpoint for --stack (e.g. a local moto server)`;

/** Files in an events folder that configure the replay rather than being events. */
const NOT_EVENTS = new Set(["subscribers.json", "feeds.json"]);

async function collect(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliError(`no such file or folder: ${path}`);
  if (info.isFile()) return [path];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "bucket" && entry.name !== "web" && !entry.name.startsWith("."))
        files.push(...(await collect(full)));
    } else if (entry.name.endsWith(".json") && !NOT_EVENTS.has(entry.name)) files.push(full);
  }
  return files;
}

interface FeedLine {
  url: string;
  status: string;
  error?: string;
  entries: number;
  new: number;
  stored: number;
  duplicates: number;
  rejected: number;
  deferred: number;
  items: {
    title?: string;
    note?: string;
    textFrom?: string;
    result: { skipped?: string; error?: { message: string } };
  }[];
}

function feedLine(f: FeedLine): string {
  const lines = [
    f.status === "failed"
      ? `   feed      ${f.url}: FAILED: ${f.error}`
      : f.status === "not_modified"
        ? `   feed      ${f.url}: not modified (304)`
        : `   feed      ${f.url}: ${f.entries} entries, ${f.new} new, ${f.stored} stored, ${f.duplicates} duplicate, ${f.rejected} rejected${f.deferred ? `, ${f.deferred} left for the next poll` : ""}`,
  ];
  for (const i of f.items) {
    const why = i.result.skipped || i.result.error?.message;
    if (i.note || why)
      lines.push(`             "${short(i.title ?? "", 70)}": ${[i.note, why].filter(Boolean).join("; ")}`);
  }
  return lines.join("\n");
}

const short = (text: string, max = 110) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function printHuman(r: ReplayResult): void {
  const out: string[] = [`\n== ${r.event}  (${KIND_LABEL[r.kind]})`];
  const response = r.response as { statusCode?: number; body?: string } | null;
  if (response && typeof response.statusCode === "number")
    out.push(`   response  ${response.statusCode} ${short(response.body ?? "", 300)}`);
  else if (response && Array.isArray((response as { feeds?: unknown }).feeds)) {
    for (const f of (response as { feeds: FeedLine[] }).feeds) out.push(feedLine(f));
  } else if (response) out.push(`   response  ${short(JSON.stringify(response), 300)}`);
  if (r.error) out.push(`   error     ${r.error}`);
  if (r.stored.length === 0) out.push("   stored    nothing new");
  for (const s of r.stored) {
    out.push(`   stored    ${s.id}  "${short(s.title, 80)}"`);
    if (s.tags.length === 0) out.push("             no topics");
    for (const t of s.tags) {
      const deadline = t.deadline
        ? `  deadline ${t.deadline.date ?? "(no fixed day)"} ("${t.deadline.phrase}")`
        : "";
      out.push(`             ${t.topic} (score ${t.score.toFixed(2)})${deadline}`);
      out.push(`               evidence: "${short(t.evidence, 140)}"`);
    }
  }
  if (r.alerts.length === 0) out.push("   alerts    none");
  for (const a of r.alerts) {
    out.push(
      `   alert     ${a.articleId ?? ""} [${a.topics.join(", ")}] -> ${a.recipients.length} recipient(s)`,
    );
    for (const rec of a.recipients) {
      const preview =
        rec.protocol === "email" ? `subject: ${a.subject ?? ""}` : short(rec.body.replace(/\s+/g, " "), 170);
      out.push(`             ${rec.protocol.padEnd(5)} ${rec.endpoint.padEnd(24)} ${preview}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

export async function replay(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      subscribers: { type: "string" },
      "bucket-dir": { type: "string" },
      logs: { type: "boolean", default: false },
      stack: { type: "string" },
      endpoint: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new CliError(`name at least one event file or folder\n\n${HELP}`);
  const files = (await Promise.all(positionals.map(collect))).flat();
  if (files.length === 0) throw new CliError(`no .json events found in ${positionals.join(", ")}`);

  let backend: ReplayBackend;
  if (values.stack) {
    backend = await startDeployedBackend({
      stack: values.stack,
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      ...(values["bucket-dir"] ? { bucketDir: values["bucket-dir"] } : {}),
      logs: values.logs,
    });
  } else {
    backend = await startEmbeddedBackend({
      ...(values.subscribers ? { subscribersFile: values.subscribers } : {}),
      ...(values["bucket-dir"] ? { bucketDir: values["bucket-dir"] } : {}),
      logs: values.logs,
    });
  }
  if (!values.json)
    process.stdout.write(`Replaying ${files.length} event(s) on the ${backend.description}\n`);
  let failed = 0;
  let alerts = 0;
  let stored = 0;
  try {
    for (const file of files) {
      let event: unknown;
      try {
        event = JSON.parse(await readFile(file, "utf8"));
      } catch (error) {
        throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
      }
      const result = await replayEvent(backend, relative(process.cwd(), file) || file, event);
      if (result.error) failed++;
      stored += result.stored.length;
      alerts += result.alerts.reduce((n, a) => n + a.recipients.length, 0);
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else printHuman(result);
    }
  } finally {
    await backend.stop();
  }
  if (!values.json) {
    process.stdout.write(
      `\n${files.length} event(s) replayed: ${stored} article(s) stored, ${alerts} alert(s) delivered, ${failed} error(s)\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}
