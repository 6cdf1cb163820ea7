/**
 * SHA-256 certificate fingerprints, as pinned in stage files, in the connection's
 * `FACADE_CERT_SHA256` configuration and in the facade's database settings. Shared by
 * the stage-file validation, the scripts and the facade, so all accept exactly the same
 * spellings.
 */

/**
 * The canonical form (64 lowercase hex digits) of a SHA-256 fingerprint written with or
 * without colons between byte pairs, in any case; `undefined` for anything else. A
 * fingerprint of another length is a configuration error, never a pin that can't match.
 */
export function normalizeFingerprint(text: string): string | undefined {
  const lower = text.trim().toLowerCase();
  if (/^[0-9a-f]{64}$/.test(lower)) return lower;
  if (/^[0-9a-f]{2}(?::[0-9a-f]{2}){31}$/.test(lower)) return lower.replace(/:/g, "");
  return undefined;
}

/** The most pins a stage may hold at once: the current certificate and its successor. */
export const MAX_PINS = 2;
