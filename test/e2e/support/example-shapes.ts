/**
 * What each example's Finout nodes must output, beyond "ran and produced items". Examples not
 * listed here get the generic check only; add an entry when adding an example whose output
 * shape matters.
 */
type Item = Record<string, unknown>;
type ShapeCheck = (items: Item[]) => void;

export const EXAMPLE_SHAPES: Record<string, ShapeCheck> = {
	'view-get-many.json': (items) => {
		for (const item of items) {
			expect(item).toEqual({ id: expect.any(String), name: expect.any(String) });
		}
		expect(items.map((item) => item.name)).toContain('AWS by Service');
	},
	'cost-query-by-view.json': (items) => {
		for (const item of items) {
			expect(item).toMatchObject({
				name: expect.any(String),
				totalCost: expect.any(Number),
				days: 7,
				points: expect.any(Array),
				viewId: expect.any(String),
			});
			const points = item.points as Item[];
			expect(points).toHaveLength(7);
			expect(points[0]).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), timestamp: expect.any(Number), cost: expect.any(Number) });
		}
		expect(items.some((item) => item.name === 'Total')).toBe(false);
	},
};

/** Every example: non-empty JSON objects, none of them an error item. */
export function expectGenericItems(items: Item[]): void {
	expect(items.length).toBeGreaterThan(0);
	for (const item of items) {
		expect(typeof item).toBe('object');
		expect(Object.keys(item).length).toBeGreaterThan(0);
		expect(item).not.toHaveProperty('error');
	}
}
