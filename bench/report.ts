/**
 * Section results → console tables and docs/BENCHMARKS.md.
 *
 * The document is regenerated from measured values only. Each section lives between markers, so
 * `npm run bench -- <section>` replaces that section and keeps the others from their last run
 * (each section states when and where it was measured).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { MachineFacts } from './lib/machine';

export interface Table {
	title: string;
	columns: string[];
	rows: string[][];
}

export interface SectionResult {
	id: string;
	title: string;
	/** Markdown paragraphs: what was measured and how (setup, formulas). */
	method: string[];
	tables: Table[];
	/** Markdown bullet points: verdicts against the targets, observations computed from the numbers. */
	findings: string[];
	/** Wall time of the section, for the run summary. */
	durationMs?: number;
	/** 1-minute load average of the machine when the section started and ended (set by run.ts). */
	load?: string;
}

export const DOC_PATH = join(__dirname, '..', 'docs', 'BENCHMARKS.md');

export function printSection(result: SectionResult): void {
	const out: string[] = ['', `=== ${result.title} ===${result.load ? ` (load average ${result.load})` : ''}`];
	for (const table of result.tables) out.push('', table.title, ...textTable(table));
	if (result.findings.length > 0) out.push('', ...result.findings.map((line) => `* ${stripMarkdown(line)}`));
	process.stdout.write(`${out.join('\n')}\n`);
}

function textTable(table: Table): string[] {
	const widths = table.columns.map((column, index) =>
		Math.max(column.length, ...table.rows.map((row) => (row[index] ?? '').length)),
	);
	const line = (cells: string[]) =>
		cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
	return [line(table.columns), widths.map((width) => '-'.repeat(width)).join('  '), ...table.rows.map(line)];
}

function stripMarkdown(text: string): string {
	return text.replace(/\*\*/g, '').replace(/`/g, '');
}

function markdownTable(table: Table): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	const align = table.columns.map((_, index) => (index === 0 ? ':---' : '---:'));
	return [
		`**${table.title}**`,
		'',
		`| ${table.columns.map(escape).join(' | ')} |`,
		`| ${align.join(' | ')} |`,
		...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
	].join('\n');
}

function sectionMarkdown(result: SectionResult, machine: MachineFacts, command: string): string {
	const parts = [
		`## ${result.title}`,
		'',
		`_Measured ${machine.date} on ${machine.summary}${result.load ? `; load average ${result.load} (other processes share this machine)` : ''}; \`${command}\`, ${((result.durationMs ?? 0) / 1000).toFixed(0)} s._`,
		'',
		...result.method.flatMap((paragraph) => [paragraph, '']),
		...result.tables.flatMap((table) => [markdownTable(table), '']),
	];
	if (result.findings.length > 0) parts.push(...result.findings.map((line) => `* ${line}`), '');
	return parts.join('\n');
}

const START = (id: string) => `<!-- bench:${id}:start -->`;
const END = (id: string) => `<!-- bench:${id}:end -->`;
const HEADER_ID = 'header';

/**
 * Writes (or updates) docs/BENCHMARKS.md: the header (machine facts, commands) and the given
 * sections; sections not run this time are kept as they were. `order` fixes the section order.
 */
export function writeDoc(options: {
	machine: MachineFacts;
	header: string;
	results: SectionResult[];
	order: string[];
	commandFor: (id: string) => string;
}): void {
	const previous = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '';
	const blocks = new Map<string, string>();
	for (const id of options.order) {
		const kept = extractBlock(previous, id);
		if (kept !== undefined) blocks.set(id, kept);
	}
	for (const result of options.results) {
		blocks.set(result.id, sectionMarkdown(result, options.machine, options.commandFor(result.id)));
	}
	// Sections written by other commands (npm run test:scale, bench/single-process.ts) are kept after ours.
	const others = blockIds(previous).filter((id) => id !== HEADER_ID && !options.order.includes(id));
	const body = [
		START(HEADER_ID),
		options.header.trimEnd(),
		END(HEADER_ID),
		'',
		...options.order.flatMap((id) => {
			const block = blocks.get(id);
			return block === undefined ? [] : [START(id), block.trimEnd(), END(id), ''];
		}),
		...others.flatMap((id) => [START(id), extractBlock(previous, id)!.trimEnd(), END(id), '']),
	].join('\n');
	mkdirSync(dirname(DOC_PATH), { recursive: true });
	writeFileSync(DOC_PATH, body);
}

function extractBlock(text: string, id: string): string | undefined {
	const start = text.indexOf(START(id));
	const end = text.indexOf(END(id));
	if (start === -1 || end === -1 || end < start) return undefined;
	return text.slice(start + START(id).length, end).trim();
}

function blockIds(text: string): string[] {
	return [...text.matchAll(/<!-- bench:([\w-]+):start -->/g)].map((match) => match[1]);
}

/**
 * Replaces (or appends) one section of docs/BENCHMARKS.md written by a command other than
 * `npm run bench`; the bench keeps it when it regenerates its own sections.
 */
export function writeBlock(id: string, markdown: string): void {
	const previous = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '';
	const block = [START(id), markdown.trimEnd(), END(id)].join('\n');
	const start = previous.indexOf(START(id));
	const end = previous.indexOf(END(id));
	const next =
		start !== -1 && end > start
			? previous.slice(0, start) + block + previous.slice(end + END(id).length)
			: `${previous.trimEnd()}\n\n${block}\n`;
	writeFileSync(DOC_PATH, next);
}
