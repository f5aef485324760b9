// Markdown pieces of the benchmark reports (BENCHMARKS.md).

/** A markdown table: a header row, its separator, then the rows (cells are written as given). */
export function mdTable(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
