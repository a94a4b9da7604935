import type { FilterRules } from '../../nodes/Finout/actions/common/filters';
import { FilterShapeError, V1_FILTER_OPERATORS, validateFilter } from '../../nodes/Finout/actions/common/filters';

const v2 = { requireType: true };
const leaf = { costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'oneOf', value: ['us-east-1'] };

const problemOf = (filter: unknown, rules: FilterRules = v2) => {
	try {
		validateFilter(filter, rules);
		return 'valid';
	} catch (error) {
		expect(error).toBeInstanceOf(FilterShapeError);
		return (error as Error).message;
	}
};

test('counts leaves through nested groups', () => {
	expect(validateFilter({ AND: [leaf, { OR: [leaf, leaf] }] }, v2)).toBe(3);
});

test.each([
	[{ ...leaf, operator: 'like' }, /^filters\.operator must be one of oneOf, .* \(got "like"\)$/],
	[{ ...leaf, value: [] }, /^filters\.value must be a non-empty array for operator "oneOf"$/],
	[{ ...leaf, operator: 'is', value: undefined }, /^filters\.value is required for operator "is"$/],
	[{ ...leaf, type: undefined }, /^filters\.type is missing/],
	[{ ...leaf, key: '' }, /^filters\.key is missing/],
	[{ AND: [leaf, { OR: {} }] }, /^filters\.AND\[1\]\.OR must be an array$/],
	[{ AND: [leaf], OR: [leaf] }, /^filters has both AND and OR/],
	[{ AND: [leaf], key: 'x' }, /^filters mixes AND with condition fields \(key\)$/],
	['text', /^filters must be an object$/],
])('%p → %p', (filter, message) => {
	expect(problemOf(filter)).toMatch(message);
});

test('exists and notExists take no value', () => {
	expect(problemOf({ ...leaf, operator: 'exists', value: undefined })).toBe('valid');
});

test('V1 accepts the spellings its docs use, V2 does not; V1 needs no type', () => {
	const v1Leaf = { costCenter: 'AWS', key: 'condition1', operator: 'equals', value: 'value1' };
	expect(problemOf(v1Leaf, { requireType: false, operators: V1_FILTER_OPERATORS })).toBe('valid');
	expect(problemOf({ ...v1Leaf, type: 'tag' })).toMatch(/operator must be one of/);
});

test('the condition limit', () => {
	const many = { OR: Array.from({ length: 31 }, () => leaf) };
	expect(problemOf(many, { requireType: true, maxLeaves: 30 })).toMatch(/has 31 conditions; Finout accepts at most 30/);
});
