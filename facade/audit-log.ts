import { type WriteStream, createWriteStream } from "node:fs";
import type { AuditEntry } from "./server";

/**
 * Where the audit trail goes, and whether it can be written: a stream of its own, apart
 * from the service log (stderr), one JSON object per line. A destination that fails (a
 * full disk, a folder removed) never crashes the service: it reports the failure, which
 * makes the service unready and refuse operations with 503 until a write succeeds again,
 * since an operation the trail cannot record must not happen. Entries it could not write
 * are counted (`facade_audit_entries_lost_total`) and said on the service log, never
 * dropped silently. Written with its own stream rather than a pino destination: each
 * line's write must be acknowledged to know which entries were lost.
 */
export interface AuditSink {
  write(entry: AuditEntry): void;
  /** Why the trail cannot be written now; undefined while it can. */
  failure(): string | undefined;
  /** Writes what is buffered, then lets go of the destination. */
  close(): Promise<void>;
}

/** What the trail tells the service: a line for the operator, and its state for the metrics. */
export interface AuditObserver {
  say(line: string): void;
  state?(writable: boolean, lost: number): void;
}

/** A sink for tests and embedders: every entry to `record`, never failing. */
export const auditTo = (record: (entry: AuditEntry) => void): AuditSink => ({ write: record, failure: () => undefined, close: async () => undefined });

const REOPEN_AFTER_MS = 5_000;

/** Appends one JSON object per line to `path` (owner-only), or writes to stdout for "-". */
export function auditLog(path: string, observer: AuditObserver = { say: (line) => process.stderr.write(`${line}\n`) }): AuditSink {
  if (path === "-") return auditTo((entry) => process.stdout.write(`${JSON.stringify(entry)}\n`));
  const log = observer.say;
  let stream: WriteStream | undefined;
  let failed: { reason: string; at: number; lost: number } | undefined;
  const fail = (opened: WriteStream, error: NodeJS.ErrnoException) => {
    if (stream !== opened) return;
    stream = undefined;
    opened.destroy();
    const first = failed === undefined;
    failed = { reason: `the audit log ${path} cannot be written (${error.code ?? error.message})`, at: Date.now(), lost: failed?.lost ?? 0 };
    if (first) log(`${failed.reason}: refusing operations until it can be written again`);
    observer.state?.(false, 0);
  };
  const open = () => {
    const opened = createWriteStream(path, { flags: "a", mode: 0o600 });
    opened.on("error", (error: NodeJS.ErrnoException) => fail(opened, error));
    stream = opened;
    if (failed === undefined) return;
    // The trail records its own gap; the failure ends only once that line is written.
    const gap = {
      time: new Date().toISOString(),
      source: "-",
      client: "-",
      operation: "audit",
      status: 0,
      outcome: `resumed: ${failed.lost} entries could not be written`,
    };
    opened.write(`${JSON.stringify(gap)}\n`, (error) => {
      if (error || stream !== opened || failed === undefined) return;
      log(`the audit log ${path} is writable again (${failed.lost} entries were not written)`);
      failed = undefined;
      observer.state?.(true, 0);
    });
  };
  open();
  /** An entry that could not be written: counted, and said. */
  const lost = (entry: AuditEntry) => {
    if (failed !== undefined) failed.lost++;
    observer.state?.(false, 1);
    log(`audit entry not written (${failed?.lost ?? 1} so far): ${entry.operation} ${entry.status} from ${entry.source}`);
  };
  return {
    write(entry) {
      if (failed !== undefined || stream === undefined) return lost(entry);
      const current = stream;
      current.write(`${JSON.stringify(entry)}\n`, (error) => {
        if (!error) return;
        fail(current, error);
        lost(entry);
      });
    },
    failure() {
      if (failed === undefined) return undefined;
      // Try again now and then: a freed disk or a restored folder brings the service back.
      if (stream === undefined && Date.now() - failed.at >= REOPEN_AFTER_MS) {
        failed.at = Date.now();
        open();
      }
      return failed.reason;
    },
    close() {
      const current = stream;
      stream = undefined;
      return new Promise((resolve) => (current === undefined ? resolve() : current.end(resolve)));
    },
  };
}
