import { DEFAULT_RETRY_SETTINGS } from './retryPolicy';

/**
 * How many requests this process lets into Finout at once for one API key, learnt from Finout's
 * answers (additive increase, multiplicative decrease, as TCP does with lost packets).
 *
 * Finout allows five requests in flight per key and refuses a sixth with 429. Several n8n
 * workers, or other tools, on one key cannot see each other, but they all see those 429s: each
 * one halves its own limit on a 429 and adds one back after a run of successes, never above Max
 * Concurrent Requests, so together they settle around five without talking to each other.
 *
 * - Starts at the ceiling: a process alone on its key is never refused and keeps all five.
 * - One cut per congestion event: the 429s of requests that were sent before the last cut say
 *   nothing new (they were sent under the old, larger limit), so they are ignored — the epoch
 *   tells them apart. Their successes do not count towards growing back either.
 * - Growth is slow on purpose (ROUNDS_PER_INCREASE full rounds of successes per step): every
 *   step past the key's capacity costs one refused request, so the slower the growth, the lower
 *   the share of requests that Finout refuses, at the price of taking a few more rounds to reclaim
 *   a dead worker's share. Measured in queue mode with three workers (npm run test:scale):
 *   16 rounds → 5.1 % of requests refused, 32 → 2.8–5.5 %, 64 → 1.6 %, and the key was as busy
 *   in the second after a worker was killed as before.
 *
 * - A cut is forgotten after FORGET_CUTS_AFTER_MS without a 429: a process that sends a few
 *   requests an hour (a trigger, an agent's tool calls) would otherwise need hundreds of
 *   successes to climb back after one 429, and would stay slow long after whoever shared the
 *   key has gone. While a key is really shared, its processes see 429s far more often than that.
 *
 * Growth counts answers and forgetting compares timestamps the caller passes in, so it needs no
 * timer and is deterministic to test.
 */
export const ROUNDS_PER_INCREASE = 64;

/**
 * Rounds of successes after which a process cut to one permit takes a second one. Fewer than
 * ROUNDS_PER_INCREASE so that the single permit passes round: three workers share five permits as
 * 2 + 2 + 1, the one with a single permit grows first, and the 429 that follows cuts one of the
 * others. With the same growth at every limit, the worker left with one permit kept it for most of
 * a batch and then worked on alone at one or two permits long after the others had finished.
 * Measured in queue mode (npm run test:scale, 3 workers, 6 runs each): 32 rounds 1.30–1.53× the
 * ideal with 1.6–2.8 % refused, 16 rounds 1.33–1.47× with 2.1–3.1 %, 64 (as at other limits)
 * 1.62–1.92× with 1.0–2.3 %.
 */
export const ROUNDS_AT_ONE_PERMIT = 32;

/** One backoff period: the longest wait between two retries. */
export const FORGET_CUTS_AFTER_MS = DEFAULT_RETRY_SETTINGS.maxDelayMs;

const DECREASE_FACTOR = 0.5;

export class AdaptiveLimit {
	private current: number;

	private changes = 0;

	private successesSinceChange = 0;

	private lastRefusedAt = Number.NEGATIVE_INFINITY;

	constructor(private ceiling: number) {
		this.current = ceiling;
	}

	get limit(): number {
		return this.current;
	}

	/** Changes with every cut and step; a request remembers the epoch it was sent in. */
	get epoch(): number {
		return this.changes;
	}

	/** Max Concurrent Requests: a lower value applies at once, a higher one is grown into. */
	setCeiling(ceiling: number): void {
		this.ceiling = ceiling;
		if (this.current > ceiling) this.change(ceiling);
	}

	/** Finout answered (anything but 429) a request sent in `sentInEpoch`. */
	admitted(sentInEpoch: number): void {
		if (sentInEpoch !== this.changes || this.current >= this.ceiling) return;
		this.successesSinceChange++;
		const rounds = this.current === 1 ? ROUNDS_AT_ONE_PERMIT : ROUNDS_PER_INCREASE;
		if (this.successesSinceChange >= rounds * this.current) this.change(this.current + 1);
	}

	/** Finout refused a request sent in `sentInEpoch` with 429: the key is busier than we thought. */
	refused(sentInEpoch: number, now: number): void {
		// Any 429 shows the key is still shared, even one that is too old to cut again.
		this.lastRefusedAt = now;
		if (sentInEpoch !== this.changes) return;
		this.change(Math.max(1, Math.floor(this.current * DECREASE_FACTOR)));
	}

	/** Back to the ceiling when the last 429 is FORGET_CUTS_AFTER_MS old. */
	forgetIfQuiet(now: number): void {
		if (this.current < this.ceiling && now - this.lastRefusedAt >= FORGET_CUTS_AFTER_MS)
			this.change(this.ceiling);
	}

	private change(limit: number): void {
		this.current = limit;
		this.changes++;
		this.successesSinceChange = 0;
	}
}
