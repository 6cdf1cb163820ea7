import { MAX_PINS, normalizeFingerprint } from "../../../contract/fingerprints";
import { CONFIGURATION_KEYS } from "../../../contract/connection-configuration";
import { facadePins } from "../../config/stage-config";
import { configurationOf, customDatabases } from "../../facts/connection";
import { readValue } from "../../facts/references";
import { show } from "../../facts/values";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

const KEY = CONFIGURATION_KEYS.facadeCertSha256;

/** The problems of one connection's pins, given what the stage file declares. */
function pinProblems(value: unknown, declared: readonly string[], selfSigned: boolean, sourceFile: string): string[] {
  const read = value === undefined ? { literal: "" } : readValue(value);
  if (read === undefined || "reference" in read) return [`configuration ${KEY} is not a literal (${show(value)}): the review cannot check the pins`];
  const entries = read.literal.trim() === "" ? [] : read.literal.split(",");
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    if (normalizeFingerprint(entry) === undefined) {
      problems.push(`pin ${index + 1} of ${KEY} is malformed (${show(entry)}): expected a SHA-256 fingerprint of 64 hex digits`);
    }
  });
  if (entries.length > MAX_PINS) problems.push(`${KEY} holds ${entries.length} pins; at most ${MAX_PINS} (the current certificate and its successor)`);
  if (entries.length === 0 && selfSigned) {
    problems.push(`${KEY} is empty although ${sourceFile} declares the facade certificate self-signed: nothing pins it`);
  }
  const pins = entries.map((entry) => normalizeFingerprint(entry)).filter((pin) => pin !== undefined);
  if (problems.length === 0 && [...pins].sort().join() !== [...declared].sort().join()) {
    problems.push(`the pins in ${KEY} differ from those ${sourceFile} declares (re-run npm run synth)`);
  }
  return problems;
}

export const facadePinsRule: Rule = {
  id: "facade-pins",
  checks: `${KEY} holds well-formed SHA-256 pins (at most ${MAX_PINS}), matching the stage file, and is not empty when the facade certificate is declared self-signed.`,
  threat:
    "A self-signed certificate cannot be validated through a CA chain: the pin is the only thing that tells the real facade from an impostor. " +
    "Without a valid pin the scripts cannot reach the facade, and the usual way out, disabling certificate verification, hands users' " +
    "passwords and the facade token to whoever answers in the middle.",
  fix: "List the certificate's fingerprint (`openssl x509 -in cert.pem -noout -sha256 -fingerprint`) in the stage file's `facade.certificate.sha256Pins`, then run npm run synth.",
  check: (input) =>
    customDatabases(input.stack).flatMap((connection) =>
      pinProblems(
        configurationOf(connection)?.[KEY],
        facadePins(input.config),
        input.config.facade.certificate.type === "self-signed",
        input.config.sourceFile,
      ).map((message) => ({ resource: resourceRef(connection), message })),
    ),
};
