import { actionSecrets } from "./restrictions/action-secrets";
import { approvedClients } from "./restrictions/approved-clients";
import { bruteForceProtection } from "./restrictions/brute-force-protection";
import { certificatePins } from "./restrictions/certificate-pins";
import { enabledScripts } from "./restrictions/enabled-scripts";
import { grantScopes } from "./restrictions/grant-scopes";
import { guardsBound } from "./restrictions/guards-bound";
import type { Restriction } from "./restrictions/restriction";
import { clientsRequireGrant, usersDenyAll } from "./restrictions/subject-policies";
import { suppressions } from "./restrictions/suppressions";
import { tokenLifetime } from "./restrictions/token-lifetime";

/**
 * Every restriction promotion holds the target to. `facade.timeoutMs` is deliberately
 * not one: it bounds how long a login waits for the facade, not who gets access, and
 * the stage schema already caps it well inside Auth0's 20 s; the diff still shows it.
 */
export const RESTRICTIONS: readonly Restriction[] = [
  approvedClients,
  grantScopes,
  usersDenyAll,
  clientsRequireGrant,
  certificatePins,
  tokenLifetime,
  bruteForceProtection,
  enabledScripts,
  actionSecrets,
  guardsBound,
  suppressions,
];
