/**
 * Terraform reads every string in `cdk.tf.json` as a template: `${` starts an
 * interpolation and `%{` a directive. Bundled JavaScript is full of template literals,
 * so code must be escaped (`$${`, `%%{`) or Terraform would rewrite it. cdktf escapes
 * neither, and `Fn.rawString` only the first.
 *
 * Checked against terraform 1.11.4: an output whose value is the escaped text of a
 * string holding `${`, `$${`, `$$${`, `%{`, `%%{` and lone `$`/`%` prints the original.
 */
export function escapeTerraformTemplate(text: string): string {
  // Replacement functions, not strings: in a replacement string "$$" means "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** What Terraform sends to the provider for an escaped string. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}
