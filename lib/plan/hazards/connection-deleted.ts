import { before, describeChange, type HazardEntry, isDelete, type PlanContext, type PlanHazard, quoted, saferPath, stageField } from "../hazard";
import { blockOf, type ResourceChange } from "../terraform-plan";

/** Destroying a connection deletes every user in it, irreversibly. */
function connectionDeleted(change: ResourceChange, context: PlanContext): PlanHazard[] {
  if (change.type !== "auth0_connection" || !isDelete(change)) return [];
  const name = quoted(before(change)?.name);
  const imported = blockOf(before(change), "options")?.import_mode === true;
  return [
    {
      address: change.address,
      kind: "deletes users",
      change: describeChange(change),
      loses:
        `deletes every user of connection ${name}, irreversibly` +
        (imported ? ": in import mode, every user already migrated, with the password hash, metadata and MFA enrolments Auth0 holds for them" : ""),
      instead: saferPath(change, context, {
        name: `Keep the connection's name ${name} (${stageField(context, "connection.name")}); to change what users see on the login screen, set connection.displayName, which changes in place.`,
        strategy: `Keep strategy "auth0": a connection cannot change its strategy.`,
      }),
    },
  ];
}

export const connectionDeletedHazard: HazardEntry = {
  id: "connection-deleted",
  protects: "the users of the connection: destroying or replacing it deletes every one of them, irreversibly",
  waiver: "address",
  scope: "change",
  find: (change, context) => connectionDeleted(change, context),
};
