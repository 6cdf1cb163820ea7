/**
 * What a credential looks like when it is pasted somewhere it should not be. Used on
 * configuration values and on code; callers report the kind and place, never the text.
 */

export type CredentialKind = "a PEM private key" | "a JWT" | "a high-entropy token";

const SHAPES: readonly (readonly [CredentialKind, RegExp])[] = [
  ["a PEM private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g],
  ["a JWT", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
];
const TOKEN_WORD = /[A-Za-z0-9+/=_~.-]{40,}/g;

/**
 * Auth0 client IDs are 32 characters and SHA-256 pins are 64 hex digits: neither is a
 * secret, so a token must be at least 40 characters, mix letters and digits beyond hex,
 * and carry at least 4.5 bits of entropy per character (random base64 carries 5 to 6).
 */
function looksRandom(word: string): boolean {
  if (!/[0-9]/.test(word) || !/[A-Za-z]/.test(word) || /^[0-9a-fA-F]+$/.test(word)) return false;
  const counts = new Map<string, number>();
  for (const char of word) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / word.length) * Math.log2(count / word.length);
  return entropy >= 4.5;
}

/** Every credential-looking stretch of a text, with where it starts, in text order. */
export function findCredentials(text: string): { kind: CredentialKind; index: number }[] {
  const found: { kind: CredentialKind; index: number; end: number }[] = [];
  for (const [kind, shape] of SHAPES) {
    for (const match of text.matchAll(shape)) found.push({ kind, index: match.index, end: match.index + match[0].length });
  }
  // A key's or a JWT's own characters are not a second finding.
  const inside = (index: number) => found.some((item) => index >= item.index && index < item.end);
  for (const match of text.matchAll(TOKEN_WORD)) {
    if (!inside(match.index) && looksRandom(match[0])) found.push({ kind: "a high-entropy token", index: match.index, end: match.index + match[0].length });
  }
  return found.sort((a, b) => a.index - b.index).map(({ kind, index }) => ({ kind, index }));
}

/** Attribute and configuration names whose value is a credential. */
export const SECRET_NAME = /(secret|password|passwd|private_?key|access_?key|secret_?key|api_?key|api_?token|sas_?token|credentials?|(^|_)token)$/i;
