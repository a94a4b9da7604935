/**
 * Reading an incoming request: its method, path, query and Finout headers, then its body
 * (at most 20 MB, else 413) and the body's JSON.
 */
import type * as http from 'node:http';
import { ApiError } from './errors';
import { generationOf, normalisePath, type Gen } from './router';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface IncomingRequest {
	method: string;
	/** As received (still percent-encoded), without the query string. */
	rawPath: string;
	/** Trailing slashes removed: what logs, error messages and fault rules see. */
	path: string;
	gen: Gen;
	query: Record<string, string>;
	clientId: string | null;
	secretKey: string | null;
	contentType: string | undefined;
}

export function describeRequest(req: http.IncomingMessage): IncomingRequest {
	const url = new URL(req.url ?? '/', 'http://fake-finout.local');
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		rawPath: url.pathname,
		path: normalisePath(url.pathname),
		gen: generationOf(url.pathname),
		query: Object.fromEntries(url.searchParams),
		clientId: headerValue(req, 'x-finout-client-id'),
		secretKey: headerValue(req, 'x-finout-secret-key'),
		contentType: req.headers['content-type'],
	};
}

function headerValue(req: http.IncomingMessage, name: string): string | null {
	const v = req.headers[name];
	if (v === undefined) return null;
	return Array.isArray(v) ? v[0] : v;
}

/** Rejects with an ApiError(413) when too large, or a plain Error when the client aborted. */
export function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => (tooLarge ? reject(new ApiError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`)) : resolve(Buffer.concat(chunks).toString('utf8'))));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

/** Wait for the request body however it ends (so keep-alive connections stay usable), then act. */
export function drainBody(req: http.IncomingMessage, then: () => void): void {
	readBody(req).then(then, then);
}

/** An empty body is `undefined`; text that is not JSON is kept so the log can show it. */
export function parseJsonBody(raw: string): { ok: true; body: unknown } | { ok: false; raw: string; error: ApiError } {
	if (raw.trim() === '') return { ok: true, body: undefined };
	try {
		return { ok: true, body: JSON.parse(raw) };
	} catch (e) {
		return { ok: false, raw, error: new ApiError(400, `Request body is not valid JSON: ${(e as Error).message}`) };
	}
}
