/** The owner account of the demo and test instances (local only, never a real login). */
import type { OwnerLogin } from './rest';
import { N8nRestClient } from './rest';

export const DEMO_OWNER: OwnerLogin = Object.freeze({
	email: 'demo@n8n-nodes-finout.local',
	// n8n requires 8+ characters with a digit and an upper-case letter.
	password: 'FinoutDemo-2026',
	firstName: 'Finout',
	lastName: 'Demo',
});

/** Sets the owner up on a fresh instance, then logs in; returns a logged-in client. */
export async function ownerSession(baseUrl: string, owner: OwnerLogin = DEMO_OWNER): Promise<{
	client: N8nRestClient;
	createdOwner: boolean;
}> {
	const client = new N8nRestClient(baseUrl);
	const createdOwner = await client.setupOwnerIfNeeded(owner);
	await client.login(owner.email, owner.password);
	return { client, createdOwner };
}
