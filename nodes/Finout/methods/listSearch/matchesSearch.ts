/** Case-insensitive "contains" used by every searchable list; `search` is what the user typed. */
export function matchesSearch(name: string, search?: string): boolean {
	return !search || name.toLowerCase().includes(search.toLowerCase());
}
