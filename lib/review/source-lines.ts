/** Lines that findings point at, found in the texts the review read. */

function lineOfIndex(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** The line of a resource in cdk.tf.json: where cdktf records its construct path. */
export function lineOfResource(stackText: string | undefined, path: string): number | undefined {
  const index = stackText?.indexOf(`"path": ${JSON.stringify(path)}`) ?? -1;
  return index === -1 ? undefined : lineOfIndex(stackText!, index);
}

/** The line of the `index`-th suppression in a stage file: its `"rule"` key after `"suppressions"`. */
export function lineOfSuppression(stageText: string | undefined, index: number): number | undefined {
  if (stageText === undefined) return undefined;
  let at = stageText.indexOf('"suppressions"');
  for (let seen = 0; at !== -1 && seen <= index; seen += 1) at = stageText.indexOf('"rule"', at + 1);
  return at === -1 ? undefined : lineOfIndex(stageText, at);
}
