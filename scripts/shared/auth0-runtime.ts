/**
 * The only module that touches what Auth0's script runtime provides as free globals:
 * `configuration`, `global` and the error classes. Everything else receives them as
 * plain values, so it can be read (and tested) without the runtime.
 */

declare const configuration: Readonly<Record<string, unknown>> | undefined;
declare const WrongUsernameOrPasswordError: new (emailOrUserId?: string, message?: string) => Error;
declare const ValidationError: new (code: string, message?: string) => Error;

/** The connection's `options.configuration` map; empty when the runtime gave none. */
export function connectionConfiguration(): Readonly<Record<string, unknown>> {
  return typeof configuration === "object" && configuration !== null ? configuration : {};
}

/**
 * Auth0's `global`: one object per warm container, kept between calls. It is the only
 * place state can live between script calls (an access token, open connections).
 */
export function containerGlobal(): Record<string, unknown> {
  return global as unknown as Record<string, unknown>;
}

/**
 * Bad credentials: Auth0 shows "wrong email or password" and logs a failed login, as
 * `fp` (wrong password of an existing user) when given the email, else as `fu` (unknown
 * user). Only the facade knows which.
 */
export function wrongCredentials(emailOfExistingUser: string | undefined): Error {
  return new WrongUsernameOrPasswordError(emailOfExistingUser, "wrong email or password");
}

/** A sign-up for an email the legacy store already holds. */
export function userExists(): Error {
  return new ValidationError("user_exists", "the user already exists");
}
