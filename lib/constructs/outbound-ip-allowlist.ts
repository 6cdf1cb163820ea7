import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { DataAuth0OutboundIps } from "../../.gen/providers/auth0/data-auth0-outbound-ips";

export interface OutboundIpAllowlistProps {
  /** The tenant's region code, as the data source names it (`US`, `EU`, ...). */
  readonly region: string;
}

/**
 * A Terraform output with the IPv4 ranges Auth0 calls out from in the tenant's region,
 * for the facade's firewall. A second layer only: every tenant in the region shares
 * these addresses. An unknown region fails the plan (map lookup), never an empty list.
 */
export class OutboundIpAllowlist extends Construct {
  constructor(scope: Construct, id: string, props: OutboundIpAllowlistProps) {
    super(scope, id);
    const ranges = new DataAuth0OutboundIps(this, "Ranges");
    new TerraformOutput(this, "facade_firewall_allowlist", {
      staticId: true,
      description: `Auth0 outbound IPv4 ranges of region ${props.region}: allow them (and only them) to reach the facade.`,
      value: `\${{ for r in ${ranges.fqn}.regions : r.region => r.ipv4_cidrs }["${props.region}"]}`,
    });
  }
}
