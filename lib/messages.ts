/**
 * How values appear in what users read (errors, reports, validation output): credentials
 * in URLs masked, long values shortened around the part that matters, typos answered
 * with the likely intended name.
 */

import { createHash } from "node:crypto";

/** A long text (bundled code) as a reader can compare it: `15147 bytes, sha256 92aca3bd4388`. */
export function sizeAndDigest(text: string): string {
  return `${Buffer.byteLength(text, "utf8")} bytes, sha256 ${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;
}

/** `https://user:password@host` -> `https://***@host`, wherever a URL appears in `text`. */
export function maskCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'`]*@/gi, "$1***@");
}

/**
 * `text` at most `max` characters long: shortened in the middle, so that both its start
 * and its end (where a stray character or a query string usually is) stay visible.
 */
export function shortened(text: string, max = 80): string {
  if (text.length <= max) return text;
  const keep = max - 3;
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}...${text.slice(text.length - (keep - head))}`;
}

/** A value as JSON for a message: credentials masked, shortened to `max` characters. */
export function shownValue(value: unknown, max = 80): string {
  return shortened(maskCredentials(JSON.stringify(value) ?? String(value)), max);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The closest known name, when it is close enough to be the likely intent of a typo: a
 * few letters off (`grant_typse`), or the start of a longer name (`timout` for `timeoutMs`).
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = Math.min(editDistance(name, candidate), editDistance(name, candidate.slice(0, name.length + 1)) + 1);
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}
