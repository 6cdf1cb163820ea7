import { after, before, type HazardEntry, isDelete, type PlanContext, type PlanHazard, quoted, stageField } from "../hazard";
import { blockOf, type ResourceChange } from "../terraform-plan";

/** The option switches whose turning off locks users out. */
function connectionSwitchedOff(change: ResourceChange, context: PlanContext): PlanHazard[] {
  if (change.type !== "auth0_connection" || isDelete(change) || !change.change.actions.includes("update")) return [];
  const was = blockOf(before(change), "options");
  const will = blockOf(after(change), "options");
  const name = quoted(before(change)?.name);
  const hazards: PlanHazard[] = [];
  if (was?.import_mode === true && will?.import_mode !== true) {
    hazards.push({
      address: change.address,
      kind: "locks users out",
      change: `update: options.import_mode ${will?.import_mode === false ? "true -> false" : "true -> (unknown)"}`,
      loses:
        `connection ${name} stops importing users: every login, of users already migrated too, goes to the legacy store, ` +
        "where a user who changed their password in Auth0 after migrating no longer matches, and Auth0's migration guide says to leave import on",
      instead: [`Keep connection.importMode true (${stageField(context, "connection.importMode")}), also once every user has migrated.`],
    });
  }
  if (was?.enabled_database_customization === true && will?.enabled_database_customization !== true) {
    hazards.push({
      address: change.address,
      kind: "locks users out",
      change: "update: options.enabled_database_customization true -> false",
      loses: `connection ${name} stops running its scripts: every user not yet migrated can no longer log in`,
      instead: ["Keep enabled_database_customization on (CustomDatabase declares it); remove the override that turns it off."],
    });
  }
  return hazards;
}

export const connectionSwitchedOffHazard: HazardEntry = {
  id: "connection-switched-off",
  protects: "migrated users and logins: turning off import mode or the custom scripts sends users back to the legacy store or locks them out",
  waiver: "address",
  scope: "change",
  find: (change, context) => connectionSwitchedOff(change, context),
};
