import type { IDataObject } from 'n8n-workflow';

/** The fields most workflows need from a virtual tag; the rules are summarised by their count. */
export function simplifyVirtualTag(tag: IDataObject): IDataObject {
	return {
		id: tag.id,
		name: tag.name,
		defaultValue: tag.defaultValue,
		ruleCount: Array.isArray(tag.rules) ? tag.rules.length : 0,
		updatedAt: tag.updatedAt,
		updatedBy: tag.updatedBy,
	};
}
