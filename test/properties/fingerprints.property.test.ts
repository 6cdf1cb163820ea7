import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeFingerprint } from "../../contract/fingerprints";

const bytes = fc.uint8Array({ minLength: 32, maxLength: 32 });
const hex = (data: Uint8Array) => Buffer.from(data).toString("hex");
const pairs = (text: string) => text.match(/../g)!.join(":");
/** Randomly upper-cases characters. */
const mixCase = (text: string, mask: boolean[]) => [...text].map((char, i) => (mask[i % mask.length] ? char.toUpperCase() : char)).join("");

describe("property: SHA-256 pin parsing", () => {
  it("accepts every valid spelling (colons or none, any case, surrounding spaces) as the same canonical pin", () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), fc.array(fc.boolean(), { minLength: 1 }), fc.constantFrom("", " ", "\t"), (data, colons, mask, pad) => {
        const canonical = hex(data);
        const spelling = `${pad}${mixCase(colons ? pairs(canonical) : canonical, mask)}${pad}`;
        expect(normalizeFingerprint(spelling)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects any other length, a non-hex digit, or misplaced colons", () => {
    const broken = fc.oneof(
      bytes.chain((data) => fc.nat(63).map((at) => hex(data).slice(0, at) + hex(data).slice(at + 1))), // a digit short
      bytes.chain((data) => fc.nat(64).map((at) => `${hex(data).slice(0, at)}a${hex(data).slice(at)}`)), // a digit long
      bytes.chain((data) =>
        fc.tuple(fc.nat(63), fc.constantFrom("g", "z", "-", " ", "x", "é")).map(([at, c]) => hex(data).slice(0, at) + c + hex(data).slice(at + 1)),
      ),
      bytes.chain((data) =>
        fc
          .nat(94)
          .map((at) => {
            const text = pairs(hex(data));
            return text.slice(0, at) + text.slice(at + 1);
          })
          .filter((text) => !/^[0-9a-f]{64}$/.test(text)),
      ),
      bytes.map((data) => `${pairs(hex(data))}:`),
      bytes.chain((data) => fc.constantFrom("0", "0:", "a", "x").map((extra) => extra + pairs(hex(data)))), // something before a colon spelling
      bytes.chain((data) => fc.constantFrom("0", ":0", "a", "x").map((extra) => pairs(hex(data)) + extra)), // something after one
      fc
        .uint8Array({ minLength: 0, maxLength: 48 })
        .filter((data) => data.length !== 32)
        .map(hex), // SHA-1, SHA-384, ...
    );
    fc.assert(
      fc.property(broken, (spelling) => {
        expect(normalizeFingerprint(spelling)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });
});
