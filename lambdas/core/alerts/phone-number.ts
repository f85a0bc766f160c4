/**
 * SMS destination numbers, validated once for the stack's `-c alertSms`, the CLI's `--sms` and the local alert
 * bus. SNS sends SMS to E.164 numbers only, and it accepts a malformed one at subscribe time and then delivers
 * nothing, so a number that cannot be real is refused before it reaches SNS. Pure: no AWS imports.
 *
 * E.164 (ITU-T): "+", a country code that does not start with 0, then the national number; at most 15 digits in
 * all. Country code 1 is the North American Numbering Plan, whose numbers are always 10 digits: a 3-digit area
 * code (NPA) and a 7-digit local number (NXX-XXXX), where the NPA and the NXX both start with 2-9, and N11 codes
 * (211, 311, ... 911) are service codes, never area codes (NANPA, "NPA Code" and "Central Office Code" rules).
 * Other countries' plans vary too much to check here beyond the E.164 length (7 digits, e.g. +290 XXXX, to 15).
 */

export class PhoneNumberError extends Error {
  override name = "PhoneNumberError";
}

/** Separators people write in phone numbers; SNS wants the digits only. */
const SEPARATORS = /[\s().\u2010-\u2015-]/g;

/** A fictional number in the 555-01XX range NANPA reserves for examples, for error messages and docs. */
export const EXAMPLE_SMS_NUMBER = "+12025550143";

/**
 * The E.164 form of `raw` (separators removed), or a PhoneNumberError naming what is wrong with it.
 * "+1 (202) 555-0143" becomes "+12025550143"; "+15550100" (+1 and 7 digits) is refused.
 */
export function parseSmsNumber(raw: string): string {
  const number = raw.trim().replace(SEPARATORS, "");
  const shown = `"${raw.trim()}"`;
  if (!number.startsWith("+"))
    throw new PhoneNumberError(
      `${shown} is not in E.164 form: start with + and the country code, e.g. ${EXAMPLE_SMS_NUMBER}`,
    );
  const digits = number.slice(1);
  if (!/^\d+$/.test(digits))
    throw new PhoneNumberError(`${shown} has characters other than digits after the +`);
  if (digits.startsWith("0")) throw new PhoneNumberError(`${shown}: no country code starts with 0`);
  if (digits.length > 15)
    throw new PhoneNumberError(`${shown} has ${digits.length} digits; E.164 numbers have at most 15`);
  if (digits.startsWith("1")) {
    const national = digits.slice(1);
    if (national.length !== 10)
      throw new PhoneNumberError(
        `${shown} has ${national.length} digits after +1; North American numbers have 10 (a 3-digit area code and a 7-digit number), e.g. ${EXAMPLE_SMS_NUMBER}`,
      );
    const npa = national.slice(0, 3);
    const nxx = national.slice(3, 6);
    if (!/^[2-9]/.test(npa))
      throw new PhoneNumberError(`${shown}: the area code ${npa} cannot start with 0 or 1`);
    if (/^[2-9]11$/.test(npa))
      throw new PhoneNumberError(`${shown}: ${npa} is a service code (N11), not an area code`);
    if (!/^[2-9]/.test(nxx))
      throw new PhoneNumberError(`${shown}: the exchange code ${nxx} cannot start with 0 or 1`);
    return number;
  }
  if (digits.length < 7)
    throw new PhoneNumberError(`${shown} has ${digits.length} digits; E.164 numbers have at least 7`);
  return number;
}

/** True when `raw` is a deliverable SMS number as parseSmsNumber defines it. */
export function isSmsNumber(raw: string): boolean {
  try {
    parseSmsNumber(raw);
    return true;
  } catch {
    return false;
  }
}
