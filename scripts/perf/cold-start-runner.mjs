// One cold start, in a fresh process: import the bundle, invoke its handler once on the event, write the
// timings (ms) to the result file. Usage: node cold-start-runner.mjs <bundle.mjs> <event.json> <result.json>
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundle, eventFile, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, "utf8"));
const context = {
  awsRequestId: "bench-request",
  functionName: "bench",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench",
  memoryLimitInMB: "256",
  logGroupName: "/aws/lambda/bench",
  logStreamName: "bench",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};
const t0 = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
let outcome = "ok";
try {
  await handler(event, context);
} catch (error) {
  outcome = `threw ${error?.name ?? "error"}`;
}
const t2 = performance.now();
writeFileSync(
  resultFile,
  JSON.stringify({ boot: t0, init: t1 - t0, invoke: t2 - t1, total: t2 - t0, outcome }),
);
