import { after, before, type HazardEntry, isDelete, type PlanContext, type PlanHazard, quoted, stageField, type Values } from "../hazard";
import { asValues, type ResourceChange } from "../terraform-plan";

/**
 * An application taken off the connection: its users can no longer log in with it. In an
 * adoption's first plan this is also how a wrong client ID shows: the import reads the
 * applications the connection really enables, and the stack's list lacks one of them.
 */
function enabledApplicationsRemoved(change: ResourceChange, context: PlanContext): PlanHazard[] {
  if (change.type !== "auth0_connection_clients" || isDelete(change) || !change.change.actions.includes("update")) return [];
  const listed = (values: Values | undefined) => (Array.isArray(values?.enabled_clients) ? values.enabled_clients : []);
  if (asValues(change.change.after_unknown)?.enabled_clients === true) {
    return [
      {
        address: change.address,
        kind: "unreadable",
        change: "update: enabled_clients is known only after apply",
        loses: "the plan gate cannot tell whether an application the connection enables now is taken off it, which locks its users out",
        instead: ["Plan again once the client IDs are known, or check the list by hand and waive this address."],
      },
    ];
  }
  const removed = listed(before(change)).filter((id) => !listed(after(change)).includes(id));
  if (removed.length === 0) return [];
  const ids = removed.map((id) => quoted(id)).join(", ");
  return [
    {
      address: change.address,
      kind: "locks users out",
      change: `update: enabled_clients loses ${ids}`,
      loses: `the connection is disabled for ${ids}: their users can no longer log in with it`,
      instead: [
        `Keep ${removed.length === 1 ? "it" : "them"} in connection.enabledClients (${stageField(context, "connection.enabledClients")}).`,
        "In an adoption, a client ID the export named wrongly shows here: correct it in the stage file (the Dashboard shows the connection's applications), synth and plan again.",
      ],
    },
  ];
}

export const enabledApplicationsRemovedHazard: HazardEntry = {
  id: "enabled-applications-removed",
  protects: "logins through each application the connection serves",
  waiver: "address",
  scope: "change",
  find: (change, context) => enabledApplicationsRemoved(change, context),
};
