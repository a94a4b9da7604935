/**
 * Deterministic randomness for the fake Finout server.
 *
 * Everything the simulator invents (ids, costs, latency jitter, fault dice) must be
 * reproducible from a seed, so that a failing test can be re-run and fail the same way.
 * Math.random is therefore never used.
 */

/** mulberry32: tiny, fast, good-enough PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** murmur3 finaliser: spreads the bits of a 32-bit integer (used in hot cost loops). */
export function mix32(h: number): number {
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over the string forms of the parts, then mixed: a stable 32-bit hash. */
export function hash32(...parts: Array<string | number>): number {
	let h = 0x811c9dc5;
	const text = parts.join('\u0001');
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return mix32(h);
}

/** Map a 32-bit hash to [0, 1). */
export function unit(h: number): number {
	return (h >>> 0) / 4294967296;
}

/** A UUID-shaped (version 4 layout) string derived from a name, so seeded ids never change. */
export function uuidFrom(name: string): string {
	const hex = [0, 1, 2, 3].map((i) => hash32(name, i).toString(16).padStart(8, '0')).join('');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
