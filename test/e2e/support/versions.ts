import { N8N_VERSIONS } from '../../../scripts/runtime';

/** Both supported n8n lines; E2E_N8N_VERSIONS="2.41.1" (comma-separated) narrows a local run. */
export function versionsUnderTest(): string[] {
	const fromEnv = process.env.E2E_N8N_VERSIONS?.split(',').map((version) => version.trim()).filter(Boolean);
	return fromEnv && fromEnv.length > 0 ? fromEnv : [N8N_VERSIONS.current, N8N_VERSIONS.legacy];
}

export const CURRENT_N8N = N8N_VERSIONS.current;
