/** Small numeric helpers and number formatting for the tables. */

export function sum(values: readonly number[]): number {
	let total = 0;
	for (const value of values) total += value;
	return total;
}

export function mean(values: readonly number[]): number {
	return values.length === 0 ? NaN : sum(values) / values.length;
}

export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[index];
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

/** Milliseconds with a unit: "5 012 ms" / "12.3 ms" / "0.41 ms". */
export function ms(value: number): string {
	if (!Number.isFinite(value)) return '–';
	if (Math.abs(value) >= 100) return `${group(Math.round(value))} ms`;
	if (Math.abs(value) >= 10) return `${value.toFixed(1)} ms`;
	return `${value.toFixed(2)} ms`;
}

export function us(value: number): string {
	if (!Number.isFinite(value)) return '–';
	return value >= 10 ? `${value.toFixed(1)} µs` : `${value.toFixed(2)} µs`;
}

export function ratio(value: number, digits = 3): string {
	return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

export function times(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

export function pct(value: number, digits = 1): string {
	return Number.isFinite(value) ? `${(value * 100).toFixed(digits)} %` : '–';
}

export function int(value: number): string {
	return Number.isFinite(value) ? group(Math.round(value)) : '–';
}

export function bytes(value: number): string {
	if (!Number.isFinite(value)) return '–';
	if (Math.abs(value) >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MiB`;
	if (Math.abs(value) >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
	return `${Math.round(value)} B`;
}

function group(value: number): string {
	return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
