/**
 * A loopback HTTP proxy in front of Finout that records which requests the node sent and what
 * came back. The node talks plain http to 127.0.0.1 (its Base URL rules allow loopback), the
 * proxy talks https to Finout; headers (the keys) pass through untouched and are never recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface ProxiedRequest {
	method: string;
	path: string;
	status: number;
}

export interface RecordingProxy {
	url: string;
	requests: ProxiedRequest[];
	close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
	const requests: ProxiedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers = Object.fromEntries(
				Object.entries(req.headers).filter(([name, value]) => !HOP_BY_HOP.has(name) && value !== undefined),
			) as Record<string, string | string[]>;
			const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
			request(new URL(req.url ?? '/', upstream), { method: req.method as 'GET', headers, body })
				.then(async (answer) => {
					const payload = Buffer.from(await answer.body.arrayBuffer());
					requests.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0], status: answer.statusCode });
					const outHeaders = Object.fromEntries(
						Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'content-encoding'),
					);
					res.writeHead(answer.statusCode, outHeaders);
					res.end(payload);
				})
				.catch((error: Error) => {
					res.writeHead(502, { 'content-type': 'text/plain' });
					res.end(`proxy: ${error.message}`);
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
