/** Sums of Finout's amounts carry binary noise (0.1 + 0.2); rounding keeps it out of the output. */
export function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
