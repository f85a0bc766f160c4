/**
 * `wirewatch poll <feed URL or file>...`: runs the real feed poller once per argument on the embedded backend and
 * prints what replay prints (`--json`: the same objects). A file is served from a loopback server, with the files
 * beside it (pages its entries link to by relative URL). The same feed named twice is polled twice; the second
 * poll stores nothing new.
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { CliError } from "../cli-error.ts";
import { startEmbeddedBackend } from "../local/embedded-backend.ts";
import { replayEvent } from "../local/replay-runner.ts";
import { printHuman } from "./replay.ts";
import { parseOptions } from "./sns-target.ts";

const HELP = `usage: wirewatch poll <feed URL or file>... [--json] [--no-fetch] [--subscribers FILE] [--logs]

Polls each feed once with the real feed poller on the embedded backend (dynalite, local alert bus), in the
order given, and prints what it stored and alerted, as replay does. Each entry's linked page is fetched and
reduced to its article unless --no-fetch (then the entry's own text is stored).

  --json                one JSON object per poll: {event, kind, response, stored, alerts}
  --no-fetch            store each entry's text from the feed, without fetching its page
  --subscribers FILE    local subscribers (default events/subscribers.json)
  --logs                also print the poller's structured logs (stderr)`;

export async function poll(argv: string[]): Promise<number> {
  const parsed = parseOptions(
    {
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean", default: false },
        "no-fetch": { type: "boolean", default: false },
        subscribers: { type: "string" },
        logs: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    },
    "poll",
  );
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) throw new CliError(`name at least one feed URL or file\n\n${HELP}`);
  const backend = await startEmbeddedBackend({
    feedsFile: null,
    ...(values.subscribers ? { subscribersFile: values.subscribers } : {}),
    logs: values.logs,
  });
  let failed = 0;
  try {
    const fileHosts = new Map<string, string>();
    for (const [i, arg] of parsed.positionals.entries()) {
      let url = arg;
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
        const path = resolve(arg);
        if (!existsSync(path) || !statSync(path).isFile())
          throw new CliError(`${arg} is neither a URL nor a file`);
        const dir = dirname(path);
        let host = fileHosts.get(dir);
        if (!host) {
          host = `local-file-${fileHosts.size + 1}.test`;
          fileHosts.set(dir, host);
          backend.web.addHost(host, dir);
        }
        url = backend.web.urlOf(host, encodeURIComponent(basename(path)));
      }
      const event = {
        version: "0",
        id: `poll-${i + 1}`,
        source: "wirewatch.schedule",
        "detail-type": "Poll feeds",
        time: new Date().toISOString(),
        detail: { feeds: [{ url, fetch: values["no-fetch"] ? "summary" : "page" }] },
      };
      const result = await replayEvent(backend, arg, event);
      if (result.error) failed++;
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else printHuman(result);
    }
  } finally {
    await backend.stop();
  }
  return failed > 0 ? 1 : 0;
}
