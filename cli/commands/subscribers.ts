import {
  listSubscriptions,
  parseOptions,
  resolveSnsTarget,
  TARGET_HELP,
  TARGET_OPTIONS,
  table,
  withTarget,
} from "./sns-target.ts";

const HELP = `usage: wirewatch subscribers [--json] [backend]

Lists the subscriptions on the alerts topic: endpoint, protocol, topics, cadence (instant alerts, or a daily
or weekly digest), whether deadline reminders are on, and whether each is confirmed or pending confirmation.
A subscription without a filter policy receives every message ("(all)").

  --json               one JSON object per subscription instead of the table

${TARGET_HELP}`;

export async function subscribers(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    {
      args: argv,
      options: { ...TARGET_OPTIONS, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    },
    "subscribers",
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const target = await resolveSnsTarget(values);
  return withTarget(target, async () => {
    const views = await listSubscriptions(target);
    if (values.json) {
      for (const v of views)
        process.stdout.write(
          `${JSON.stringify({
            endpoint: v.endpoint,
            protocol: v.protocol,
            topics: v.topics,
            ...(v.cadence ? { cadence: v.cadence, reminders: v.reminders ?? false } : {}),
            status: v.status,
          })}\n`,
        );
      return 0;
    }
    if (views.length === 0) {
      process.stdout.write(`no subscribers on ${target.label}\n`);
      return 0;
    }
    const topicsCell = (v: (typeof views)[number]) => {
      if (v.status === "pending" && !v.subscriptionArn) return "(unknown until confirmed)";
      if (!v.policy) return "(all)";
      return v.topics.join(",") || JSON.stringify(v.policy);
    };
    const unknown = (v: (typeof views)[number]) => v.status === "pending" && !v.subscriptionArn;
    const cadenceCell = (v: (typeof views)[number]) =>
      unknown(v) ? "-" : !v.policy ? "instant" : (v.cadence ?? "(custom)");
    const remindersCell = (v: (typeof views)[number]) =>
      unknown(v) ? "-" : !v.policy || v.reminders ? "yes" : v.cadence ? "no" : "(custom)";
    const rows = views.map((v) => [
      v.endpoint,
      v.protocol,
      topicsCell(v),
      cadenceCell(v),
      remindersCell(v),
      v.status,
    ]);
    process.stdout.write(
      `${table(["ENDPOINT", "PROTOCOL", "TOPICS", "CADENCE", "REMINDERS", "STATUS"], rows)}\n`,
    );
    process.stderr.write(`${views.length} subscription${views.length === 1 ? "" : "s"} on ${target.label}\n`);
    return 0;
  });
}
