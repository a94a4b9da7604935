/**
 * An MCP client (the official TypeScript SDK, no language model) for n8n's MCP Server Trigger:
 * what Claude Desktop, Cursor or any agent does when it uses the Finout tools.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface ToolAnswer {
	isError: boolean;
	/** The tool's answer: n8n sends it as one JSON (or plain-text) string. */
	text: string;
}

/** Connects once the endpoint serves (it appears 0.4–1.5 s after activation). */
export async function connectMcp(url: string, timeoutMs = 30_000): Promise<Client> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const client = new Client({ name: 'n8n-nodes-finout-e2e', version: '1.0.0' });
		try {
			await client.connect(new StreamableHTTPClientTransport(new URL(url)));
			return client;
		} catch (error) {
			await client.close().catch(() => undefined);
			if (Date.now() > deadline) throw new Error(`MCP endpoint ${url} never answered: ${(error as Error).message}`);
			await sleep(500);
		}
	}
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
	const result = await client.callTool({ name, arguments: args });
	const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
	return { isError: result.isError === true, text: content.map((part) => part.text ?? '').join('\n') };
}
