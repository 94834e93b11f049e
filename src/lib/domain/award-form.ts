/** The award rule form: its fields as posted, and a stored rule as the form shows it. */
import type { AwardCriteria } from './awards';

export interface RuleFormValues {
	name: string;
	kind: string;
	level: string;
	recordType: string;
	award: string;
	n: string;
	/** streak: the least number of consecutive days. */
	days: string;
	pct: string;
	/** 'date': a fixed date; 'before': N days before the deadline. */
	dateMode: string;
	date: string;
	daysBeforeDeadline: string;
}

const FIELDS = ['name', 'kind', 'level', 'recordType', 'award', 'n', 'days', 'pct', 'dateMode', 'date', 'daysBeforeDeadline'] as const;

export function ruleFormValues(form: FormData): RuleFormValues {
	return Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? '')])) as unknown as RuleFormValues;
}

/** The posted fields as parseAwardRule reads them: only the date the admin chose counts. */
export function ruleInput(v: RuleFormValues): Record<string, unknown> {
	return {
		name: v.name,
		kind: v.kind,
		level: v.level,
		recordType: v.recordType,
		award: v.award,
		n: v.n,
		days: v.days,
		pct: v.pct,
		date: v.dateMode === 'date' ? v.date : undefined,
		daysBeforeDeadline: v.dateMode === 'date' ? undefined : v.daysBeforeDeadline
	};
}

export function formValuesOf(name: string, c: AwardCriteria): RuleFormValues {
	return {
		name,
		kind: c.kind,
		level: c.level,
		recordType: c.recordType,
		award: c.award,
		n: c.n === undefined ? '' : String(c.n),
		days: c.days === undefined ? '7' : String(c.days),
		pct: c.pctTenths === undefined ? '' : String(c.pctTenths / 10).replace('.', ','),
		dateMode: c.date !== undefined ? 'date' : 'before',
		date: c.date ?? '',
		daysBeforeDeadline: c.daysBeforeDeadline === undefined ? '0' : String(c.daysBeforeDeadline)
	};
}

export const NEW_RULE: RuleFormValues = {
	name: '',
	kind: 'finished_by',
	level: 'district',
	recordType: '',
	award: '',
	n: '3',
	days: '7',
	pct: '',
	dateMode: 'before',
	date: '',
	daysBeforeDeadline: '0'
};

/** The empty form of a new rule: a national campaign judges provinces first (issue 29). */
export function newRule(national: boolean): RuleFormValues {
	return national ? { ...NEW_RULE, level: 'province' } : NEW_RULE;
}
