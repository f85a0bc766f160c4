// Commands beyond replay and tag register themselves here, one line each.
import { registerCommand } from "../main.ts";

registerCommand(
  "subscribe",
  "subscribe an email address or phone number to topics",
  async () => (await import("./subscribe.ts")).subscribe,
);
registerCommand(
  "unsubscribe",
  "remove a subscription (or some of its topics)",
  async () => (await import("./unsubscribe.ts")).unsubscribe,
);
registerCommand(
  "subscribers",
  "list subscriptions: endpoint, protocol, topics, confirmed or pending",
  async () => (await import("./subscribers.ts")).subscribers,
);
registerCommand(
  "explain",
  "why a subscriber did or did not get an article's alert",
  async () => (await import("./explain.ts")).explain,
);
registerCommand("redrive", "re-run dead-lettered alerts", async () => (await import("./redrive.ts")).redrive);
registerCommand(
  "feeds",
  "add, remove or list the feeds the stack polls (local file, --stack or --endpoint)",
  async () => (await import("./feeds.ts")).feeds,
);
registerCommand(
  "poll",
  "poll feeds (URLs or files) once with the real feed poller on the embedded backend",
  async () => (await import("./poll.ts")).poll,
);
