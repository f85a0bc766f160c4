/**
 * `wirewatch feeds add|remove|list`: feeds are data. Without options the commands act on the local feeds file
 * the replay registers (events/feeds.json, or --feeds FILE); `--stack NAME` on a deployed stack's table (named by
 * its ArticlesTableName output); `--endpoint URL` with `--table NAME` (or `--stack`) on any DynamoDB-compatible
 * endpoint such as moto. Remote backends show each feed's polling state: last success, consecutive failures,
 * next poll and last error.
 */
import { resolve } from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { createDynamoClient, localClientOptions } from "../../lambdas/adapters/clients.ts";
import { DynamoFeedStore } from "../../lambdas/adapters/dynamo-feed-store.ts";
import { ValidationError } from "../../lambdas/core/errors.ts";
import {
  definition,
  type FeedDefinition,
  type FeedRecord,
  feedIdOf,
  formatEvery,
} from "../../lambdas/core/feeds/feed.ts";
import { CliError } from "../cli-error.ts";
import { readLocalFeeds, writeLocalFeeds } from "../local/local-feeds.ts";
import { parseOptions, STACK_TABLE_OUTPUT, table } from "./sns-target.ts";

export const DEFAULT_FEEDS_FILE = "events/feeds.json";

const HELP = `usage: wirewatch feeds add URL [--every 15m] [--fetch page|summary] [backend]
       wirewatch feeds remove URL|ID [backend]
       wirewatch feeds list [--json] [backend]

Feeds (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed) are polled by the stack every 5 minutes; each feed when it is due
(--every, 5m to 7d, default 15m). --fetch summary stores each new entry's own text; --fetch page fetches the
entry's link and stores the page's article (falling back to the entry's text, and saying so).

backend (default: the local feeds file used by replay):
  --feeds FILE         local feeds file (default ${DEFAULT_FEEDS_FILE})
  --stack NAME         a deployed stack: the table comes from its ${STACK_TABLE_OUTPUT} output
  --endpoint URL       a DynamoDB-compatible endpoint (e.g. moto), with --table NAME or --stack NAME
  --table NAME         the articles table, when not taken from a stack
  --region REGION      AWS region (default: AWS_REGION, else us-east-1)`;

interface Backend {
  label: string;
  list(): Promise<(FeedDefinition & Partial<FeedRecord>)[]>;
  add(def: FeedDefinition): Promise<"added" | "updated">;
  remove(urlOrId: string): Promise<boolean>;
  close(): void;
}

function localBackend(file: string, shown: string): Backend {
  const path = resolve(file);
  return {
    label: `local file ${shown}`,
    list: async () => readLocalFeeds(path, { optional: true }),
    add: async (def) => {
      const feeds = readLocalFeeds(path, { optional: true });
      const at = feeds.findIndex((f) => f.url === def.url);
      if (at >= 0) feeds[at] = def;
      else feeds.push(def);
      writeLocalFeeds(path, feeds);
      return at >= 0 ? "updated" : "added";
    },
    remove: async (urlOrId) => {
      const feeds = readLocalFeeds(path, { optional: true });
      const kept = feeds.filter((f) => f.url !== urlOrId && feedIdOf(f.url) !== urlOrId);
      if (kept.length === feeds.length) return false;
      writeLocalFeeds(path, kept);
      return true;
    },
    close: () => {},
  };
}

async function remoteBackend(values: {
  stack?: string | undefined;
  endpoint?: string | undefined;
  table?: string | undefined;
  region?: string | undefined;
}): Promise<Backend> {
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const options =
    values.endpoint && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE
      ? localClientOptions(values.endpoint, { region })
      : { region, ...(values.endpoint ? { endpoint: values.endpoint } : {}) };
  let tableName = values.table;
  if (!tableName && values.stack) {
    const cfn = new CloudFormationClient(options);
    try {
      const out = await cfn.send(new DescribeStacksCommand({ StackName: values.stack }));
      tableName = out.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === STACK_TABLE_OUTPUT)?.OutputValue;
    } catch (error) {
      throw new CliError(`cannot read stack "${values.stack}": ${(error as Error).message}`, 1);
    } finally {
      cfn.destroy();
    }
    if (!tableName) throw new CliError(`stack "${values.stack}" has no ${STACK_TABLE_OUTPUT} output`, 1);
  }
  if (!tableName) throw new CliError("--endpoint needs --table NAME or --stack NAME");
  const db = createDynamoClient({ ...options, maxAttempts: 2 });
  const store = new DynamoFeedStore(db, tableName);
  const label = values.stack ? `stack ${values.stack}` : `table ${tableName} at ${values.endpoint}`;
  const wrap = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CliError) throw error;
      const e = error as Error;
      throw new CliError(`${label}: ${e.name}: ${e.message}`, 1);
    }
  };
  return {
    label,
    list: () => wrap(() => store.list()),
    add: (def) =>
      wrap(async () => {
        const existed = await store.get(feedIdOf(def.url));
        await store.put(def, new Date());
        return existed ? "updated" : "added";
      }),
    remove: (urlOrId) =>
      wrap(async () => {
        const feeds = await store.list();
        const match = feeds.find((f) => f.url === urlOrId || f.id === urlOrId);
        return match ? store.remove(match.id) : false;
      }),
    close: () => db.destroy(),
  };
}

const ago = (iso: string | undefined) => (iso ? iso.replace(/\.\d{3}Z$/, "Z") : "-");

export async function feeds(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    {
      args: argv,
      options: {
        every: { type: "string" },
        fetch: { type: "string" },
        json: { type: "boolean" },
        feeds: { type: "string" },
        stack: { type: "string" },
        endpoint: { type: "string" },
        table: { type: "string" },
        region: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    },
    "feeds",
  );
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  if (values.feeds && (values.stack || values.endpoint))
    throw new CliError("--feeds is the local file; drop it with --stack or --endpoint");
  const backend =
    values.stack || values.endpoint
      ? await remoteBackend(values)
      : localBackend(values.feeds ?? DEFAULT_FEEDS_FILE, values.feeds ?? DEFAULT_FEEDS_FILE);
  try {
    if (action === "add") {
      if (rest.length !== 1)
        throw new CliError("give one feed URL: wirewatch feeds add URL [--every 15m] [--fetch page|summary]");
      let def: FeedDefinition;
      try {
        def = definition({
          url: rest[0] as string,
          ...(values.every ? { every: values.every } : {}),
          ...(values.fetch ? { fetch: values.fetch } : {}),
        });
      } catch (error) {
        if (error instanceof ValidationError) throw new CliError(error.message);
        throw error;
      }
      const done = await backend.add(def);
      process.stdout.write(
        `${done} ${def.url} (every ${formatEvery(def.everyMinutes)}, fetch ${def.fetch}, id ${feedIdOf(def.url)}) on ${backend.label}\n`,
      );
      return 0;
    }
    if (action === "remove") {
      if (rest.length !== 1) throw new CliError("give one feed URL or id: wirewatch feeds remove URL|ID");
      const target = rest[0] as string;
      if (!(await backend.remove(target.trim())))
        throw new CliError(`no feed ${target} on ${backend.label}`, 1);
      process.stdout.write(`removed ${target} from ${backend.label}\n`);
      return 0;
    }
    if (action === "list") {
      const list = await backend.list();
      if (values.json) {
        for (const f of list) process.stdout.write(`${JSON.stringify({ id: feedIdOf(f.url), ...f })}\n`);
        return 0;
      }
      if (list.length === 0) {
        process.stdout.write(`no feeds on ${backend.label}\n`);
        return 0;
      }
      const rows = list.map((f) => [
        f.url,
        formatEvery(f.everyMinutes),
        f.fetch,
        ago(f.lastSuccessAt),
        String(f.consecutiveFailures ?? "-"),
        ago(f.nextPollAt),
        f.lastError ? `${ago(f.lastError.at)} ${f.lastError.message}` : "-",
      ]);
      process.stdout.write(
        `${table(["URL", "EVERY", "FETCH", "LAST SUCCESS", "FAILURES", "NEXT POLL", "LAST ERROR"], rows)}\n`,
      );
      process.stderr.write(
        `${list.length} feed${list.length === 1 ? "" : "s"} on ${backend.label}${backend.label.startsWith("local") ? " (polling state lives in a stack's table: see --stack)" : ""}\n`,
      );
      return 0;
    }
    throw new CliError(`unknown action "${action}": give add, remove or list (see wirewatch feeds --help)`);
  } finally {
    backend.close();
  }
}
