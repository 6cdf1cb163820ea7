import { getPath, isJsonObject, leafPaths, type Json, type JsonObject } from "./json-paths";
import { APPROVED_CLIENTS, OWN_FIELDS, PAIRED_OWN_KEY, PAIRING_KEY, counterpartClient } from "./own-values";
import type { PromotionInput } from "./promotion-stages";

/** An own value of each stage, shown for the record and never compared. */
export interface SetAsideValue {
  readonly field: string;
  /** `undefined` where the stage file does not set it. */
  readonly source?: Json;
  readonly target?: Json;
}

function ownLeaves(file: JsonObject): string[] {
  return OWN_FIELDS.flatMap(({ path }) => {
    const value = getPath(file, path);
    if (value === undefined) return [];
    return isJsonObject(value) ? leafPaths(value).map((leaf) => `${path}.${leaf}`) : [path];
  });
}

function clientIds(input: PromotionInput): SetAsideValue[] {
  const list = (file: JsonObject) => (Array.isArray(file[APPROVED_CLIENTS]) ? (file[APPROVED_CLIENTS] as Json[]).filter(isJsonObject) : []);
  const field = (client: JsonObject) => `${APPROVED_CLIENTS}[${JSON.stringify(client[PAIRING_KEY])}].${PAIRED_OWN_KEY}`;
  const sourceClients = list(input.source.file);
  return [
    ...sourceClients.map((client) => ({ field: field(client), source: client[PAIRED_OWN_KEY], target: counterpartClient(client, input.target.file)?.[PAIRED_OWN_KEY] })),
    ...list(input.target.file)
      .filter((client) => counterpartClient(client, input.source.file) === undefined)
      .map((client) => ({ field: field(client), target: client[PAIRED_OWN_KEY] })),
  ];
}

/** The values meant to differ between the two stage files, field by field. */
export function setAsideValues(input: PromotionInput): SetAsideValue[] {
  const { source, target } = input;
  const fields = [...new Set([...ownLeaves(source.file), ...ownLeaves(target.file)])];
  return [
    ...fields.map((field) => ({ field, source: getPath(source.file, field), target: getPath(target.file, field) })),
    ...clientIds(input),
  ];
}
