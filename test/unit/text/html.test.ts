/**
 * htmlToText on the markup real article bodies carry (lambdas/core/text/html.ts): where breaks go, what is
 * skipped and what must not be swallowed with it. test/unit/normalise.test.ts has the basic cases.
 */
import { describe, expect, it } from "vitest";
import { htmlToText } from "../../../lambdas/core/text/html.ts";

describe("htmlToText", () => {
  it("reads a body without any markup as HTML does: line breaks are spaces", () => {
    expect(htmlToText("Two envoys were expelled\non Monday,\tofficials said.\r\n")).toBe(
      "Two envoys were expelled on Monday, officials said.",
    );
  });

  it("starts a new paragraph where a block opens after loose text", () => {
    expect(
      htmlToText("MOSCOW (Reuters) - Officials confirmed it.<blockquote>We had no choice</blockquote>"),
    ).toBe("MOSCOW (Reuters) - Officials confirmed it.\n\nWe had no choice");
  });

  it("starts a new paragraph after a block closes, before loose text", () => {
    expect(htmlToText("<h2>Background</h2>The embassy was closed in May.")).toBe(
      "Background\n\nThe embassy was closed in May.",
    );
  });

  it("keeps the cells of a table row apart", () => {
    expect(
      htmlToText("<table><tr><th>City</th><th>Envoys</th></tr><tr><td>Oslo</td><td>3</td></tr></table>"),
    ).toBe("City Envoys\n\nOslo 3");
  });

  it("joins inline elements to the words around them", () => {
    expect(
      htmlToText("<p>The <abbr>NATO</abbr>-led mission left Kra<b>ków</b> on <time>Monday</time>.</p>"),
    ).toBe("The NATO-led mission left Kraków on Monday.");
  });

  it("skips a whole form, buttons and labels inside it included, and keeps the text after it", () => {
    const html =
      "<p>The ministry gave no reason.</p><form><label>Email</label><input type=email><button>Sign up</button> We never share your address.</form><p>Talks resume on Friday.</p>";
    expect(htmlToText(html)).toBe("The ministry gave no reason.\n\nTalks resume on Friday.");
  });

  it("adds no break for blocks inside a skipped element", () => {
    expect(htmlToText("<p>Costs rose<noscript><div>Enable JavaScript</div></noscript> sharply.</p>")).toBe(
      "Costs rose sharply.",
    );
  });

  it("does not let a self-closed script or iframe swallow the text after it", () => {
    expect(htmlToText('<p>First.</p><script src="/a.js"/><iframe src="/ad"/><p>Second.</p>')).toBe(
      "First.\n\nSecond.",
    );
  });
});
