import type { FacadeOperationName } from "./facade-contract";

/**
 * The request body of each facade operation, as JSON Schema: the facade validates every
 * request against it (its routes are generated from these and FACADE_OPERATIONS), and the
 * scripts' calls are typed by it (FacadeRequests). Kept apart from facade-contract.ts so
 * the text Auth0 runs carries none of it.
 *
 * Unknown fields are ignored, as they always were: a newer script may send more than an
 * older facade reads.
 */

type FieldSchema = { readonly type: "string"; readonly minLength: number; readonly maxLength: number } | { readonly type: "object" };

export interface RequestSchema {
  readonly type: "object";
  readonly properties: Readonly<Record<string, FieldSchema>>;
  readonly required: readonly string[];
}

const email = { type: "string", minLength: 1, maxLength: 512 } as const;
/** bcrypt reads 72 bytes; longer is allowed (passphrases), unbounded is not. */
const password = { type: "string", minLength: 1, maxLength: 1024 } as const;

export const FACADE_REQUESTS = {
  authenticate: { type: "object", properties: { email, password }, required: ["email", "password"] },
  lookup: { type: "object", properties: { email }, required: ["email"] },
  create: {
    type: "object",
    properties: { email, password, username: { type: "string", minLength: 1, maxLength: 512 }, user_metadata: { type: "object" } },
    required: ["email", "password"],
  },
  verifyEmail: { type: "object", properties: { email }, required: ["email"] },
  changePassword: { type: "object", properties: { email, new_password: password }, required: ["email", "new_password"] },
  remove: { type: "object", properties: { user_id: { type: "string", minLength: 1, maxLength: 255 } }, required: ["user_id"] },
} as const satisfies Record<FacadeOperationName, RequestSchema>;

type ValueOf<F> = F extends { readonly type: "string" } ? string : Record<string, unknown>;
type BodyOf<S extends RequestSchema> = { [K in S["required"][number]]: ValueOf<S["properties"][K]> } & {
  [K in Exclude<keyof S["properties"], S["required"][number]>]?: ValueOf<S["properties"][K]>;
};

/** Request bodies, by operation. Passwords appear only here and only over TLS. */
export type FacadeRequests = { [N in FacadeOperationName]: BodyOf<(typeof FACADE_REQUESTS)[N]> };

/** The largest request body the facade reads; a larger one is refused before it is parsed. */
export const MAX_REQUEST_BYTES = 16 * 1024;
