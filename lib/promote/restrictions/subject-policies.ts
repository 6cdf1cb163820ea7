import { subjectPolicy } from "../stack-facts";
import type { Restriction } from "./restriction";

function policyRestriction(id: string, subject: "user" | "client", strict: string, meaning: string): Restriction {
  return {
    id,
    check(source, target) {
      const before = subjectPolicy(source.stack, subject);
      const after = subjectPolicy(target.stack, subject);
      const loosenings =
        before === strict && after !== strict
          ? [
              {
                field: `auth0_resource_server.subject_type_authorization.${subject}.policy`,
                message: `${target.config.stage} sets ${after} where ${source.config.stage} sets ${strict} (${meaning})`,
              },
            ]
          : [];
      return { summary: `${subject} policy: ${source.config.stage} ${before}, ${target.config.stage} ${after}`, loosenings };
    },
  };
}

export const usersDenyAll = policyRestriction("users-deny-all", "user", "deny_all", "users must never get facade tokens");
export const clientsRequireGrant = policyRestriction(
  "clients-require-grant",
  "client",
  "require_client_grant",
  "a client needs an explicit grant for facade tokens",
);
