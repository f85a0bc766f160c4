/**
 * How ingest-s3 tells a missing object from a refused one. On AWS, GetObject of a missing key is 404 NoSuchKey only
 * for a caller that may also s3:ListBucket the bucket, and 403 AccessDenied otherwise; the stack grants ListBucket
 * (pinned in test/infra/real-account.test.ts). moto always answers a missing key with NoSuchKey, but it does
 * enforce IAM, so this suite runs the adapter under the exact S3 grant the synthesized template gives ingest-s3 and
 * gets both real error shapes from moto: NoSuchKey for a missing key, AccessDenied for a key outside the grant.
 */
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoClient, createS3Client } from "../../lambdas/adapters/clients.ts";
import { ObjectAccessDeniedError, S3ObjectSource } from "../../lambdas/adapters/s3-object-source.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import { ingestS3Deps } from "../../lambdas/composition.ts";
import { DEFAULT_LIMITS } from "../../lambdas/config.ts";
import { ValidationError } from "../../lambdas/core/errors.ts";
import { createIngestS3Handler } from "../../lambdas/ingest-s3/app.ts";
import { functionResource, resources, type Statement, synth } from "../infra/synth.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";

// objectReadError's own cases (no server needed) are in test/unit/adapters/s3-object-read-error.test.ts.
const moto: Moto | undefined = await startMoto();
const BUCKET = "wirewatch-ingest-iam";

/** The S3 statements the synthesized template grants ingest-s3, with the bucket's ARN put in for BUCKET. */
function templateS3Grant(): Statement[] {
  const { template } = synth();
  const fn = functionResource(template, "IngestS3Handler");
  const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  const statements = resources(template, "AWS::IAM::Policy")
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((st) => JSON.stringify(st.Action).includes("s3:"));
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === "object") {
      const v = value as Record<string, unknown>;
      if (Array.isArray(v["Fn::GetAtt"]) && /^IngestBucket[0-9A-F]{8}$/.test(String(v["Fn::GetAtt"][0])))
        return `arn:aws:s3:::${BUCKET}`;
      if (Array.isArray(v["Fn::Join"])) {
        const [sep, parts] = v["Fn::Join"] as [string, unknown[]];
        return (resolve(parts) as string[]).join(sep);
      }
    }
    if (typeof value === "string" || typeof value === "number") return value;
    throw new Error(`cannot resolve ${JSON.stringify(value)} in the ingest-s3 grant`);
  };
  return statements.map((st) => ({ ...st, Resource: resolve(st.Resource) }));
}

/** An IAM query call to moto (no SDK IAM client is installed; moto reads only the credential scope). */
async function iam(params: Record<string, string>): Promise<string> {
  const response = await fetch((moto as Moto).endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization:
        "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: new URLSearchParams({ ...params, Version: "2010-05-08" }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`IAM ${params.Action}: ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** moto enforces IAM from the next request on when this is 0; "inf" (its default) turns enforcement off. */
const setAuth = async (count: "0" | "inf") => {
  const response = await fetch(`${(moto as Moto).endpoint}/moto-api/reset-auth`, {
    method: "POST",
    body: count,
  });
  if (!response.ok) throw new Error(`moto reset-auth: ${response.status}`);
};

describe.skipIf(!moto)(
  motoSuiteName("S3 reads under the template's ingest-s3 grant, IAM enforced", moto),
  () => {
    let credentials: { accessKeyId: string; secretAccessKey: string };
    beforeAll(async () => {
      await moto?.reset();
      const admin = createS3Client({ ...(moto as Moto).clientConfig });
      await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const story =
        "Embassy told to cut staff\n\nThe ministry told the embassy to cut its staff by half within 30 days.";
      for (const Key of ["incoming/story.txt", "outgoing/report.txt"])
        await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: story }));
      admin.destroy();
      const grant = templateS3Grant();
      expect(grant.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action])).sort()).toEqual([
        "s3:GetObject",
        "s3:ListBucket",
      ]);
      await iam({ Action: "CreateUser", UserName: "ingest-s3" });
      await iam({
        Action: "PutUserPolicy",
        UserName: "ingest-s3",
        PolicyName: "template-grant",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: grant }),
      });
      const xml = await iam({ Action: "CreateAccessKey", UserName: "ingest-s3" });
      credentials = {
        accessKeyId: /<AccessKeyId>(.*?)<\/AccessKeyId>/.exec(xml)?.[1] as string,
        secretAccessKey: /<SecretAccessKey>(.*?)<\/SecretAccessKey>/.exec(xml)?.[1] as string,
      };
      await setAuth("0");
    });
    afterAll(async () => {
      await setAuth("inf");
      await moto?.stop();
    });

    const asFunction = () =>
      createS3Client({ endpoint: (moto as Moto).endpoint, region: "us-east-1", credentials });

    it("reads an object under incoming/, and gets NoSuchKey (skipped) for a missing one", async () => {
      const source = new S3ObjectSource(asFunction());
      const { bytes } = await source.read(BUCKET, "incoming/story.txt", 10_000);
      expect(Buffer.from(bytes).toString()).toMatch(/^Embassy told to cut staff/);
      const missing = await source.read(BUCKET, "incoming/missing.txt", 10_000).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ValidationError);
      expect((missing as ValidationError).code).toBe("not_found");
    });

    it("gets AccessDenied for a key outside the grant, which is not mistaken for a missing object", async () => {
      const denied = await new S3ObjectSource(asFunction())
        .read(BUCKET, "outgoing/report.txt", 10_000)
        .catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(ObjectAccessDeniedError);
      expect(((denied as Error).cause as Error).name).toBe("AccessDenied");
    });

    it("through the queue handler: a missing object is skipped, a refused one is reported for retry", async () => {
      const handler = createIngestS3Handler(
        ingestS3Deps(
          { tableName: "unused-no-item-is-stored", limits: DEFAULT_LIMITS },
          createDynamoClient({ endpoint: (moto as Moto).endpoint, region: "us-east-1", credentials }),
          asFunction(),
          { telemetry: createTelemetry("ingest-s3-test", { silent: true }) },
        ),
      );
      const message = (messageId: string, key: string) => ({
        messageId,
        receiptHandle: messageId,
        eventSource: "aws:sqs",
        body: JSON.stringify({
          source: "aws.s3",
          "detail-type": "Object Created",
          time: "2026-06-01T09:00:00Z",
          detail: { bucket: { name: BUCKET }, object: { key } },
        }),
      });
      const event = {
        Records: [message("m-missing", "incoming/gone.txt"), message("m-denied", "outgoing/report.txt")],
      } as unknown as SQSEvent;
      expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: "m-denied" }] });
      // (The URL-decoded retry of a key not found as given is covered on the embedded backend and on moto without
      // IAM enforcement: under enforcement moto's signature check fails on "+" or "%" in a key, which AWS does not.)
    });
  },
);
