import type { Status } from '../lib/domain/progress';

/** The colour of each status in the PDF and the picture, as on the pages. */
export const STATUS_COLOURS: Record<Status, string> = {
	not_started: '#555555',
	on_track: '#1d6b3a',
	at_risk: '#8a4b00',
	behind: '#a4161a',
	overdue: '#7f1d1d',
	done: '#1d4ed8'
};
