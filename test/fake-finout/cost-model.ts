/**
 * The fake cost model: a deterministic daily cost per (group, UTC day) with weekly
 * seasonality, a slow upward trend and small noise. Both V1 query-by-view and V2
 * cost-usage draw from it, so numbers look plausible and are identical across runs.
 * Tests can replace it with setDailyCost() (e.g. to plant a spike on a known day).
 */
import { hash32, mix32, unit } from './random';
import type { DailyCostFn } from './types';

export const DAY_MS = 86_400_000;

export const utcMidnight = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Sunday..Saturday multipliers: weekdays are busier than weekends. */
const WEEKLY = [0.78, 1.04, 1.08, 1.07, 1.05, 0.98, 0.8];
/** Day 0 of the trend (2024-01-01). */
const TREND_ORIGIN_DAY = Date.UTC(2024, 0, 1) / DAY_MS;

/**
 * Cost types V1 accepts (§1.7, [MM] enum) and the factor each applies to the base cost.
 * netAmortizedCost (the account default, D-TYPES) is 1.0 so a setDailyCost() override
 * comes back unchanged when the caller uses the default cost type.
 */
export const V1_COST_TYPES: Readonly<Record<string, number>> = Object.freeze({
	blendedCost: 1.1,
	unblendedCost: 1.12,
	netUnblendedCost: 1.04,
	amortizedCost: 1.06,
	netAmortizedCost: 1.0,
	// Finout's docs name List Cost and FairShare cost; its MCP server's cost types list all three.
	listCost: 1.25,
	fairShareCost: 1.02,
	netFairShareCost: 0.97,
});

/** V2 measurement types ([GF]); usage types carry a unit (§4.2: unit only for usage). */
export const V2_MEASUREMENTS: Readonly<Record<string, { factor: number; unit?: string }>> = Object.freeze({
	blendedCost: { factor: 1.1 },
	unblendedCost: { factor: 1.12 },
	netUnblendedCost: { factor: 1.04 },
	amortizedCost: { factor: 1.06 },
	netAmortizedCost: { factor: 1.0 },
	listCost: { factor: 1.25 },
	fairShareCost: { factor: 1.02 },
	netFairShareCost: { factor: 0.97 },
	usageAmount: { factor: 7.3, unit: 'Hrs' },
	normalizedUsageAmount: { factor: 29.2, unit: 'NormalizedHrs' },
});

/** Per-group base level: a heavy tail, like real bills (a few big services, many small ones). */
export function groupBase(groupSeed: number): number {
	const u = unit(groupSeed);
	return 15 + 2400 * u * u * u;
}

/**
 * Default cost model, split into a per-group seed (computed once) and a per-day factor,
 * because V2 results evaluate it millions of times.
 */
export function modelDailyCost(groupSeed: number, dayStartMs: number): number {
	const day = Math.floor(dayStartMs / DAY_MS);
	const weekly = WEEKLY[(day + 4) % 7]; // 1970-01-01 was a Thursday (index 4)
	const trend = 1 + ((day - TREND_ORIGIN_DAY) / 365) * 0.15;
	const noise = 0.93 + 0.14 * unit(mix32(groupSeed ^ Math.imul(day, 0x9e3779b1)));
	return groupBase(groupSeed) * weekly * Math.max(0.2, trend) * noise;
}

export const groupSeedOf = (scope: string, group: string): number => hash32('cost', scope, group);

/** Resolves the daily cost, honouring a test override installed with setDailyCost(). */
export class CostModel {
	override: DailyCostFn | null = null;

	daily(source: 'view' | 'v2', group: string, groupSeed: number, dayStartMs: number, viewId?: string): number | null {
		if (this.override) return this.override({ source, viewId, group, dayStartMs });
		return modelDailyCost(groupSeed, dayStartMs);
	}
}

export const round = (n: number, digits = 2): number => {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
};
