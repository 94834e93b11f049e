import { resolve } from '$app/paths';

/** The picture and the PDF of a snapshot for a unit (null: the province), as the pages link them. */
export function shareFiles(campaignCode: string, share: { snapshotId: number; unitCode: string | null }): { picture: string; pdf: string } {
	const [code, id] = [campaignCode, String(share.snapshotId)];
	const query = share.unitCode ? `?unit=${encodeURIComponent(share.unitCode)}` : '';
	return {
		picture: `${resolve('/dot/[code]/chot-so/[id]/anh.png', { code, id })}${query}`,
		pdf: `${resolve('/dot/[code]/chot-so/[id]/bao-cao.pdf', { code, id })}${query}`
	};
}
