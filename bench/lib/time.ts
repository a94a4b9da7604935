export function seconds(durationMs: number): string {
	return `${(durationMs / 1000).toFixed(1)} s`;
}
