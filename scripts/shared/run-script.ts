/** The arguments a script passes to Auth0's callback, error first. */
export type CallbackArguments = [error: Error | null, ...results: unknown[]];
export type ScriptCallback = (...args: CallbackArguments) => void;

/** The message of anything thrown. Not `instanceof Error`: an error can come from another call's realm (a shared token fetch). */
function messageOf(error: unknown): string {
  const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" && message !== "" ? message : "script failed";
}

/**
 * Runs a script body and calls Auth0's callback exactly once with what it returned.
 * Anything thrown is an outage: the callback gets a plain Error with a message that
 * names what failed (never a password, secret or token: none is ever put in one).
 */
export function runScript(callback: ScriptCallback, work: () => Promise<CallbackArguments>): void {
  Promise.resolve()
    .then(work)
    .then(
      (args) => callback(...args),
      (error: unknown) => callback(new Error(messageOf(error))),
    );
}
