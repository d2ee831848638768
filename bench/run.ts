import '../cli/quiet-warnings';
import { classifierSection, cliClassifySection } from './classify';
import { bundleSection } from './bundle';
import { costSection } from './cost';
import { handlerSection } from './handler';
import { pipelineSection } from './pipeline';
import { startupSection } from './startup';

/** One figure a section measured. */
export interface BenchRow {
  metric: string;
  value: string;
  /** How it was measured, or what it was measured over. */
  note?: string;
}

/** A benchmark area (classifier, handler, pipeline, cost, bundle size ...) run in sequence. */
export interface BenchSection {
  name: string;
  run(): Promise<BenchRow[]>;
}

const SECTIONS: readonly BenchSection[] = [classifierSection, cliClassifySection, startupSection, handlerSection, pipelineSection, costSection, bundleSection];

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const [header, ...body] = rows;
  return [line(header!), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

// `npm run bench -- cli` runs only the sections named; no names runs them all.
const wanted = process.argv.slice(2);
const sections = wanted.length ? SECTIONS.filter((section) => wanted.includes(section.name)) : SECTIONS;
if (sections.length === 0) {
  console.error(`unknown section; choose from: ${SECTIONS.map((section) => section.name).join(', ')}`);
  process.exit(2);
}

const results: string[][] = [['section', 'metric', 'value', 'note']];
for (const section of sections) {
  console.error(`running ${section.name} ...`);
  for (const row of await section.run()) results.push([section.name, row.metric, row.value, row.note ?? '']);
}
console.log(`\n${table(results)}`);
