import { readFileSync } from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";

/**
 * The SARIF 2.1.0 schema shipped with @microsoft/jest-sarif, for ajv 8. It is written
 * for JSON Schema draft-04, whose only difference that matters here is the root `id`
 * (`$id` since draft-06); the formats it uses are checked as plainly as the spec reads.
 */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  const { $schema: _draft, id, ...rest } = schema;
  // One of its patterns (`language`) is not valid with the `u` flag ajv uses by default.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const parses = (text: string, base?: string) => {
    try {
      new URL(text, base);
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat("uri", (text) => parses(text));
  ajv.addFormat("uri-reference", (text) => parses(text, "file:///"));
  ajv.addFormat("date-time", (text) => !Number.isNaN(Date.parse(text)));
  return ajv.compile({ $id: id, ...rest });
}
