import type { FacadeConfig } from "../config";

/**
 * The legacy database as the facade uses it: parameterised statements only (written with
 * `?` placeholders, whichever the engine), through a pool, each call bounded in time.
 */
export interface LegacyDatabase {
  readonly engine: FacadeConfig["database"]["engine"];
  /** Rows of a SELECT. */
  query(sql: string, parameters: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  execute(sql: string, parameters: readonly unknown[]): Promise<number>;
  /** Quotes a name the config validated as a plain SQL identifier. */
  quote(name: string): string;
  /** The pool's connections now: all of them, the idle ones, and requests waiting for one. */
  poolUse(): { readonly total: number; readonly idle: number; readonly waiting: number };
  close(): Promise<void>;
}

/** The database could not answer (down, slow, refused our credentials or certificate): an outage, never the user's fault. */
export class DatabaseUnavailableError extends Error {
  constructor(
    what: string,
    readonly reason: string,
  ) {
    super(`the legacy database is unavailable: ${what} (${reason})`);
    this.name = "DatabaseUnavailableError";
  }
}

/** An INSERT hit a unique key: the user already exists. */
export class DuplicateRowError extends Error {
  constructor() {
    super("a row with this key already exists");
    this.name = "DuplicateRowError";
  }
}

/** Rejects with DatabaseUnavailableError when `work` takes longer than `milliseconds`. */
export function withinTime<T>(work: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(what, `no answer within ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The reason a driver error gives, without any value from the statement. */
export function driverReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : error instanceof Error ? error.message.split("\n")[0] : String(error);
}
