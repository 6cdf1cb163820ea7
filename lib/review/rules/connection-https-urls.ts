import { CONFIGURATION_KEYS } from "../../../scripts/shared/settings";
import { configurationOf, customDatabases } from "../facts/connection";
import { readValue } from "../facts/references";
import { resourceRef, type Violation } from "../finding";
import type { Rule } from "../rule";
import { show } from "../values";

const URL_KEYS = [CONFIGURATION_KEYS.facadeUrl, CONFIGURATION_KEYS.tokenUrl];

function urlProblem(value: unknown): string | undefined {
  if (value === undefined) return "not declared";
  const read = readValue(value);
  if (read === undefined || "reference" in read) return `not a literal URL (${show(value)}), so the review cannot confirm it is https`;
  let url: URL;
  try {
    url = new URL(read.literal);
  } catch {
    return `not a URL (${show(read.literal)})`;
  }
  if (url.protocol !== "https:") return `${show(read.literal)}, not an https:// URL`;
  if (url.username || url.password) return "an https:// URL with credentials in it";
  return undefined;
}

export const connectionHttpsUrls: Rule = {
  id: "connection-https-urls",
  checks: `The custom database's ${URL_KEYS.join(" and ")} are https:// URLs without credentials.`,
  threat:
    "Over plain http, the scripts would send the M2M client secret to the token endpoint and every user's email and password to the facade " +
    "in clear text, readable and alterable by anyone on the path between Auth0 and the facade.",
  fix: "Give the facade an https:// URL in the stage file (`facade.url`); the token URL is always https://<tenant domain>/oauth/token.",
  check: (input) =>
    customDatabases(input.stack).flatMap((connection) => {
      const configuration = configurationOf(connection) ?? {};
      return URL_KEYS.flatMap((key): Violation[] => {
        const problem = urlProblem(configuration[key]);
        return problem === undefined ? [] : [{ resource: resourceRef(connection), message: `configuration ${key} is ${problem}` }];
      });
    }),
};
