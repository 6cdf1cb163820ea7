import { isCertificateRefusal } from "./certificate-pins";
import { DatabaseUnavailableError, DuplicateRowError, driverReason } from "./database";

/** The pins a pool trusts, as a query failure needs them: probe again, then read the anchors. */
interface Anchors {
  refresh(): Promise<void>;
  readonly ca: string[];
}

/**
 * What a driver's failed query means to the store: a duplicate key (`duplicateKey` is the
 * engine's code for it), or an outage with the driver's reason. A refused certificate
 * first makes the pins look again, so a database rotated to its other pin is trusted from
 * the next connection on (`trust` hands the anchors to the pool).
 */
export async function queryFailure(error: unknown, duplicateKey: string, pins: Anchors | undefined, trust: (ca: string[]) => void): Promise<Error> {
  if (error instanceof DatabaseUnavailableError) return error;
  if ((error as { code?: unknown }).code === duplicateKey) return new DuplicateRowError();
  if (pins && isCertificateRefusal(error)) {
    await pins.refresh().catch(() => undefined);
    trust(pins.ca);
  }
  return new DatabaseUnavailableError("a query", driverReason(error));
}
