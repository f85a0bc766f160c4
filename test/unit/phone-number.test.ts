import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SubscribeCommand } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { endpointFrom } from "../../cli/commands/sns-target.ts";
import { createLocalSns } from "../../cli/local/local-sns.ts";
import { isSmsNumber, parseSmsNumber } from "../../lambdas/core/alerts/phone-number.ts";

describe("parseSmsNumber", () => {
  it("accepts North American numbers of exactly 10 digits after +1, removing separators", () => {
    expect(parseSmsNumber("+12025550143")).toBe("+12025550143");
    expect(parseSmsNumber(" +1 (202) 555-0143 ")).toBe("+12025550143");
    expect(parseSmsNumber("+1.415.555.0100")).toBe("+14155550100");
    expect(parseSmsNumber("+1 800 555 0199")).toBe("+18005550199");
  });

  it("refuses +1 with 7, 9 or 11 digits, naming the count", () => {
    expect(() => parseSmsNumber("+15550100")).toThrow(/7 digits after \+1.*have 10/);
    expect(() => parseSmsNumber("+1202555014")).toThrow(/9 digits after \+1/);
    expect(() => parseSmsNumber("+120255501430")).toThrow(/11 digits after \+1/);
  });

  it("refuses area and exchange codes that start with 0 or 1, and N11 service codes as area codes", () => {
    expect(() => parseSmsNumber("+10125550143")).toThrow(/area code 012/);
    expect(() => parseSmsNumber("+11025550143")).toThrow(/area code 102/);
    expect(() => parseSmsNumber("+12021550143")).toThrow(/exchange code 155/);
    expect(() => parseSmsNumber("+12020550143")).toThrow(/exchange code 055/);
    expect(() => parseSmsNumber("+19115550143")).toThrow(/911 is a service code/);
    expect(() => parseSmsNumber("+14115550143")).toThrow(/411 is a service code/);
    // The boundaries: 2 is the first allowed digit, and N11 is only N-1-1.
    expect(parseSmsNumber("+12002000000")).toBe("+12002000000");
    expect(parseSmsNumber("+19992000000")).toBe("+19992000000");
    expect(parseSmsNumber("+12125550143")).toBe("+12125550143");
    expect(parseSmsNumber("+12105550143")).toBe("+12105550143");
  });

  it("accepts other countries' numbers of 7 to 15 digits and refuses the rest", () => {
    expect(parseSmsNumber("+44 20 7946 0958")).toBe("+442079460958");
    expect(parseSmsNumber("+2904000")).toBe("+2904000");
    expect(parseSmsNumber("+861391234567890")).toBe("+861391234567890");
    expect(() => parseSmsNumber("+290400")).toThrow(/6 digits; E.164 numbers have at least 7/);
    expect(() => parseSmsNumber("+8613912345678901")).toThrow(/16 digits; .* at most 15/);
  });

  it("refuses a missing +, a leading 0 country code and letters", () => {
    expect(() => parseSmsNumber("2025550143")).toThrow(/start with \+/);
    expect(() => parseSmsNumber("+0442079460958")).toThrow(/no country code starts with 0/);
    expect(() => parseSmsNumber("+1202555CALL")).toThrow(/characters other than digits/);
    expect(() => parseSmsNumber("+")).toThrow(/characters other than digits/);
    expect(isSmsNumber("+12025550143")).toBe(true);
    expect(isSmsNumber("+15550100")).toBe(false);
  });
});

describe("one validator for the CLI and the local bus", () => {
  it("the CLI normalises a good number and refuses +1 with 7 digits", () => {
    expect(endpointFrom({ sms: "+1 (202) 555-0143" })).toEqual({ endpoint: "+12025550143", protocol: "sms" });
    expect(() => endpointFrom({ sms: "+15550100" })).toThrow(/7 digits after \+1/);
  });

  it("the local bus refuses to subscribe a number SNS could never deliver to", async () => {
    const local = createLocalSns({ subscribersFile: join(mkdtempSync(join(tmpdir(), "ww-sms-")), "s.json") });
    const subscribe = (Endpoint: string) =>
      local.client.send(new SubscribeCommand({ TopicArn: local.topicArn, Protocol: "sms", Endpoint }));
    await expect(subscribe("+15550100")).rejects.toThrow(/Invalid SMS endpoint/);
    await expect(subscribe("+12025550143")).resolves.toHaveProperty("SubscriptionArn");
  });
});
