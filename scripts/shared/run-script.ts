/** The arguments a script passes to Auth0's callback, error first. */
export type CallbackArguments = [error: Error | null, ...results: unknown[]];
export type ScriptCallback = (...args: CallbackArguments) => void;

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
      (error: unknown) => callback(new Error(error instanceof Error ? error.message : "script failed")),
    );
}
