/** The value of one series (`name{labels}`, exactly as Prometheus's text format writes it) in a scrape, or undefined. */
export function seriesValue(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
