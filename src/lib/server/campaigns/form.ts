import { bracketThresholdsFromText } from '$lib/domain/emulation';

/** The admin form's fields as the raw settings object that the API also takes. */
export function settingsFromForm(form: FormData): Record<string, unknown> {
	const text = (name: string) => String(form.get(name) ?? '').trim();
	const list = (name: string) =>
		text(name)
			.split(/[\s,;]+/)
			.filter(Boolean);
	const number = (name: string) => (text(name) === '' ? undefined : Number(text(name).replace(',', '.')));
	return {
		name: text('name'),
		start: text('start'),
		deadline: text('deadline'),
		timeZone: text('timeZone'),
		dayEndHour: number('dayEndHour'),
		excludedWeekdays: form.getAll('excludedWeekdays').map((v) => Number(v)),
		holidays: list('holidays'),
		snapshotTimes: list('snapshotTimes'),
		recordTypes: form.getAll('recordTypes').map(String),
		stages: text('stages')
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean)
			.map((line) => {
				const [code, ...name] = line.split(':');
				return { code: code.trim(), name: name.join(':').trim() };
			}),
		onTrackRatio: number('onTrackRatio'),
		atRiskRatio: number('atRiskRatio'),
		isPublic: form.get('isPublic') === 'on',
		bracketThresholds: bracketThresholdsFromText(text('bracketThresholds'))
	};
}
