/** Case-insensitive "contains" used by every searchable list. */
export function matchesFilter(name: string, filter?: string): boolean {
	return !filter || name.toLowerCase().includes(filter.toLowerCase());
}
