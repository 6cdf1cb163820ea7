import { AzurermBackend, CloudBackend, GcsBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import { isAbsolute, relative, sep } from "node:path";
import { localStateFile } from "../config/load-stages";
import type { StageConfig } from "../config/stage-config";
import { PROJECT_ROOT } from "../paths";

/**
 * Attaches the stage's state backend. Local state lives outside `cdktf.out` (which synth
 * rewrites): in the project root by default, under a relative path so the synthesized
 * JSON is the same on every machine; an absolute `backend.path` is used as written.
 */
export function addStateBackend(stack: TerraformStack, config: StageConfig): void {
  const { backend } = config;
  switch (backend.type) {
    case "local": {
      // Terraform runs in cdktf.out/stacks/<stage>: three levels below the project root.
      const file = localStateFile(config)!;
      const written = backend.path !== undefined && isAbsolute(backend.path);
      new LocalBackend(stack, { path: written ? file : `../../../${relative(PROJECT_ROOT, file).split(sep).join("/")}` });
      return;
    }
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: true,
      });
      // cdktf 0.21 predates S3-native locking (Terraform 1.10+); set it directly.
      if (backend.useLockfile) stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: backend.bucket, prefix: backend.prefix });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key,
      });
      return;
    case "hcp-terraform":
      new CloudBackend(stack, {
        hostname: backend.hostname,
        organization: backend.organization,
        workspaces: new NamedCloudWorkspace(backend.workspace),
      });
      return;
  }
}
