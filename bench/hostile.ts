/**
 * Hostile uploads (issue 21): what each file of `tests/helpers/hostile.ts` costs the server
 * until it is refused, beside a normal national import, each in a process of its own as the
 * server runs it (`bench/import-process.ts`): the longest event-loop stall and the peak
 * resident memory of the process, worker thread included. `npm run bench -- --hostile`
 * runs only this part.
 */
import { readUnitFile } from '../src/lib/server/units/import';
import { hostileFiles } from '../tests/helpers/hostile';
import { nationalList, setUp, uploadInOwnProcess } from './ingest';
import { ms } from './measure';

export async function benchHostile(log: (s: string) => void): Promise<string[]> {
	const national = await setUp('ingest-hostile', nationalList(await readUnitFile('reference/units-2025-03-01-3level.csv')), '99');
	log(`Đo tệp độc hại: đợt toàn quốc ${national.communes.length.toLocaleString('vi-VN')} xã.`);
	const rows: string[] = [];
	const row = (label: string, size: number, r: Awaited<ReturnType<typeof uploadInOwnProcess>>, outcome: string) =>
		`| ${label} | ${(size / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB | ${outcome} | ${ms(r.ms)} | ${ms(r.stallMs)} | ${Math.round(r.peakMb)} MB (lúc đầu ${Math.round(r.startMb)} MB) |`;
	const file = await national.filled();
	const normal = await uploadInOwnProcess(national, file);
	if (normal.accepted !== national.communes.length * 6) throw new Error(`national import wrote ${normal.accepted}: ${normal.refused}`);
	rows.push(row('Nhập tệp toàn quốc bình thường (đối chiếu)', file.length, normal, `ghi ${normal.accepted.toLocaleString('vi-VN')} ô`));
	for (const hostile of await hostileFiles()) {
		log(`  ${hostile.label}`);
		const r = await uploadInOwnProcess(national, hostile.bytes, hostile.name);
		if (r.refused === null) throw new Error(`${hostile.name} was not refused`);
		rows.push(row(hostile.label, hostile.bytes.length, r, `từ chối: «${r.refused.replace(/^Tệp [^:]+: /, '')}»`));
	}
	await national.db.destroy();
	return rows;
}
