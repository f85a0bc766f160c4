/**
 * What ingest-s3 makes of a failed or oversized GetObject, without a server: objectReadError on the SDK's error
 * shapes (each signal alone: the error's name, or only its HTTP status), and S3ObjectSource's size limit on the
 * answer GetObject gives. Moved here from test/integration/s3-object-source.test.ts (a moto file) and extended;
 * the IAM-backed cases (the real NoSuchKey and AccessDenied from moto under the template's grant) stay there.
 * The S3 client below is a stand-in returning GetObject's output shape: it checks the adapter's reading of that
 * shape (a declared ContentLength, a body longer than declared), not S3.
 */
import { type GetObjectCommand, NoSuchKey, type S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import {
  ObjectAccessDeniedError,
  objectReadError,
  S3ObjectSource,
} from "../../../lambdas/adapters/s3-object-source.ts";
import { UnavailableError, ValidationError } from "../../../lambdas/core/errors.ts";

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe("objectReadError on the SDK's error shapes", () => {
  it("maps NoSuchKey (and a bare 404) to a not_found ValidationError: the object is skipped", () => {
    const noSuchKey = new NoSuchKey({ message: "The specified key does not exist.", ...meta(404) });
    for (const e of [noSuchKey, named("NotFound", meta(404))]) {
      const mapped = objectReadError(e, "b", "incoming/x.txt");
      expect(mapped).toBeInstanceOf(ValidationError);
      expect((mapped as ValidationError).code).toBe("not_found");
      expect(mapped.message).toBe("s3://b/incoming/x.txt does not exist");
    }
  });

  it("reads a missing object from the name alone, or from the 404 alone", () => {
    for (const e of [named("NoSuchKey"), named("NotFound"), named("UnknownError", meta(404))]) {
      const mapped = objectReadError(e, "b", "incoming/y.txt");
      expect(mapped).toBeInstanceOf(ValidationError);
      expect((mapped as ValidationError).code).toBe("not_found");
    }
  });

  it("maps AccessDenied (and a bare 403) to ObjectAccessDeniedError: retried, then dead-lettered", () => {
    const denied = new S3ServiceException({
      name: "AccessDenied",
      $fault: "client",
      message: "Access Denied",
      ...meta(403),
    });
    for (const e of [denied, named("Forbidden", meta(403))]) {
      const mapped = objectReadError(e, "b", "incoming/x.txt");
      expect(mapped).toBeInstanceOf(ObjectAccessDeniedError);
      expect(mapped).not.toBeInstanceOf(ValidationError);
      expect(mapped.message).toMatch(/^s3:\/\/b\/incoming\/x\.txt: access denied .*s3:ListBucket/);
      expect(mapped.name).toBe("ObjectAccessDeniedError");
      expect(mapped.cause).toBe(e);
    }
  });

  it("reads a refusal from the name alone, or from the 403 alone, and names what it saw", () => {
    for (const e of [named("AccessDenied"), named("Forbidden"), named("UnknownError", meta(403))]) {
      const mapped = objectReadError(e, "b", "k");
      expect(mapped).toBeInstanceOf(ObjectAccessDeniedError);
      expect(mapped.message).toContain(`access denied (${e.name})`);
    }
    // Something thrown that is not an Error has no name: the message gives the status instead.
    const bare = objectReadError(meta(403), "b", "k");
    expect(bare).toBeInstanceOf(ObjectAccessDeniedError);
    expect(bare.message).toContain("access denied (403)");
  });

  it("maps a throttle or a 5xx to UnavailableError naming the error, and leaves anything else as it is", () => {
    const slowDown = new S3ServiceException({
      name: "SlowDown",
      $fault: "server",
      message: "Slow",
      ...meta(503),
    });
    const mapped = objectReadError(slowDown, "b", "k");
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect(mapped.message).toBe("the ingest bucket is temporarily unavailable (SlowDown); retry shortly");
    expect(mapped.cause).toBe(slowDown);
    const odd = named("InvalidObjectState", meta(400));
    expect(objectReadError(odd, "b", "k")).toBe(odd);
    const plain = new Error("socket hang up");
    expect(objectReadError(plain, "b", "k")).toBe(plain);
  });

  it("turns something thrown that is not an Error into one", () => {
    for (const thrown of [undefined, "boom"]) {
      const mapped = objectReadError(thrown, "b", "k");
      expect(mapped).toBeInstanceOf(Error);
      expect(mapped.message).toBe(String(thrown));
    }
  });
});

/** A client whose GetObject answers `output` (or fails with `error`). */
function s3Answering(
  output: { ContentLength?: number; ContentType?: string; body?: Uint8Array },
  error?: unknown,
) {
  let cancelled = false;
  const client = {
    send: async (_command: GetObjectCommand) => {
      if (error) throw error;
      return {
        ...(output.ContentLength !== undefined ? { ContentLength: output.ContentLength } : {}),
        ...(output.ContentType ? { ContentType: output.ContentType } : {}),
        ...(output.body
          ? {
              Body: {
                transformToByteArray: async () => output.body,
                transformToWebStream: () => ({
                  cancel: () => {
                    cancelled = true;
                  },
                }),
              },
            }
          : {}),
      };
    },
  };
  return { source: new S3ObjectSource(client as unknown as S3Client), cancelled: () => cancelled };
}

describe("S3ObjectSource.read", () => {
  const bytes = new TextEncoder().encode("Harbour reopens after storm.");

  it("returns the bytes and content type of an object within the limit, declared length or not", async () => {
    const declared = s3Answering({ ContentLength: bytes.length, ContentType: "text/plain", body: bytes });
    expect(await declared.source.read("b", "incoming/a.txt", 1000)).toEqual({
      bytes,
      contentType: "text/plain",
    });
    const undeclared = s3Answering({ body: bytes });
    expect(await undeclared.source.read("b", "incoming/a.txt", 1000)).toEqual({ bytes });
    expect((await s3Answering({ ContentLength: 0 }).source.read("b", "k", 10)).bytes).toHaveLength(0);
  });

  it("refuses an object whose declared length is over the limit without reading its body", async () => {
    const big = s3Answering({ ContentLength: 5000, body: bytes });
    const error = await big.source.read("b", "incoming/big.txt", 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 413, code: "body_too_large" });
    expect((error as Error).message).toBe("s3://b/incoming/big.txt is 5000 bytes; the limit is 100");
    expect(big.cancelled()).toBe(true);
    // A length over the limit with no body stream is refused the same way.
    await expect(s3Answering({ ContentLength: 5000 }).source.read("b", "k", 100)).rejects.toMatchObject({
      code: "body_too_large",
    });
  });

  it("refuses a body longer than the limit when no length was declared", async () => {
    const error = await s3Answering({ body: bytes })
      .source.read("b", "incoming/c.txt", 10)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, code: "body_too_large" });
    expect((error as Error).message).toBe(`s3://b/incoming/c.txt is ${bytes.length} bytes; the limit is 10`);
  });

  it("maps a failed GetObject through objectReadError", async () => {
    const missing = s3Answering({}, named("NoSuchKey", meta(404)));
    await expect(missing.source.read("b", "gone.txt", 10)).rejects.toMatchObject({ code: "not_found" });
  });
});
