import pino, { type DestinationStream, type Logger } from "pino";
import type { FacadeConfig } from "./config";

/**
 * Every place a secret could sit in something logged: a request's headers and body, a
 * token, a password, the database password. Censored wherever they appear, so a future
 * `log.info({ request })` cannot leak one.
 */
const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.body",
  "body",
  "headers.authorization",
  "authorization",
  "password",
  "new_password",
  "*.password",
  "*.new_password",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "client_secret",
  "*.client_secret",
  "err.parameters",
  "err.sql",
  "err.detail",
];

/**
 * The service log: pino, one JSON object per line on stderr (the audit trail has a stream
 * of its own), times in ISO 8601, levels by name. Start, stop, the audit trail's state,
 * and the reason of every 5xx; never a request body, a password or a token.
 */
export function serviceLog(level: FacadeConfig["logLevel"], destination: DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino(
    {
      level,
      base: { service: "legacy-facade", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      // An error's name, message, code and stack: not the driver's properties, which can hold a statement's values.
      serializers: { err: (error: Error & { code?: unknown }) => ({ type: error.name, message: error.message, code: error.code, stack: error.stack }) },
    },
    destination,
  );
}
