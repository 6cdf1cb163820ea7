import type { FacadeUserProfile } from "../../contract/facade-contract";

/**
 * The facade's profile, checked before Auth0 stores it: a missing or unstable
 * `user_id` would create duplicate users, so a malformed profile is an outage.
 */
export function userProfile(body: unknown): FacadeUserProfile {
  const profile = body as Partial<FacadeUserProfile> | undefined;
  const valid =
    typeof profile === "object" &&
    profile !== null &&
    typeof profile.user_id === "string" &&
    profile.user_id !== "" &&
    typeof profile.email === "string" &&
    profile.email !== "" &&
    typeof profile.email_verified === "boolean";
  if (!valid) throw new Error("facade answered a malformed user profile");
  return profile as FacadeUserProfile;
}
