import { costThresholdCrossed } from './costThresholdCrossed';
import type { EventList } from './event';
import { defineEvents } from './event';
import { newRecommendation } from './newRecommendation';
import { virtualTagChanged } from './virtualTagChanged';

/** In dropdown order: alphabetical by name. */
const list: EventList = {
	events: [costThresholdCrossed, newRecommendation, virtualTagChanged],
	default: costThresholdCrossed,
};

/** The event dropdown, the events' fields, the subtitle and the dispatch map. */
export const triggerEvents = defineEvents(list);
