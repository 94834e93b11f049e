/** What every dashboard page loads: the campaign for its reader, the dashboard, the links of the campaign. */
import { error } from '@sveltejs/kit';
import { type Actor, may, readerOf } from '$lib/domain/access';
import { formatDate } from '$lib/domain/format';
import { dashboardPageData } from '$lib/domain/dashboard';
import { requireSignedIn } from '../auth/guard';
import { publicOrReadableCampaign } from '../campaigns/access';
import { findFeaturedCampaign, findLatestCampaignOfProvince, listPublicCampaigns } from '../campaigns/repository';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { orPageError } from '../forms';
import { dashboard, momentRequest } from './service';

/** A campaign's page: public campaigns for anyone, others for their province's users. */
export async function campaignForPage(db: Database, actor: Actor | null, code: string, url: URL): Promise<Campaign> {
	const campaign = await orPageError(publicOrReadableCampaign(db, actor, code));
	if (!campaign) {
		requireSignedIn(actor, url); // not public: anonymous visitors sign in first
		error(404);
	}
	return campaign;
}

/** The home page's campaign: the newest of the reader's province, else the newest public one. */
export async function homeCampaign(db: Database, actor: Actor | null): Promise<Campaign | undefined> {
	return (actor && (await findLatestCampaignOfProvince(db, actor.provinceId))) || findFeaturedCampaign(db);
}

export interface CampaignLink {
	href: string;
	label: string;
}

/** The other public campaigns, one click from the home page (e.g. a province's past ones). */
export async function otherPublicCampaigns(db: Database, shown: Campaign | undefined): Promise<CampaignLink[]> {
	return (await listPublicCampaigns(db))
		.filter((c) => c.id !== shown?.id)
		.map((c) => ({ href: `/dot/${c.code}`, label: `${c.name}, ${formatDate(c.start_date)} – ${formatDate(c.deadline)}` }));
}

/** The campaign's other pages this reader (a user of its province, or null) may open. */
export function campaignLinks(reader: Actor | null, campaign: Campaign): CampaignLink[] {
	const base = `/dot/${campaign.code}`;
	const role = reader?.role;
	const links: (CampaignLink | false)[] = [
		may(role, 'report') && { href: `${base}/nhap`, label: 'Nhập số liệu' },
		{ href: `${base}/xep-hang`, label: 'Bảng xếp hạng thi đua' },
		!!reader && { href: `${base}/chot-so`, label: 'Các lần chốt số liệu và báo cáo' },
		may(role, 'reviewQuality') && { href: `${base}/chat-luong`, label: 'Chất lượng số liệu' },
		may(role, 'readProvince') && { href: `${base}/khen-thuong`, label: 'Danh sách khen thưởng' },
		// The ministry has no province's administration: it reaches a national campaign's from the campaign (issue 29).
		campaign.province_id === null && may(role, 'administerNation') && { href: `/quan-tri/dot/${campaign.code}`, label: 'Quản trị đợt toàn quốc' }
	];
	return links.filter((l): l is CampaignLink => l !== false);
}

export async function dashboardPage(db: Database, actor: Actor | null, campaign: Campaign, unitCode: string | null, url: URL) {
	return {
		d: dashboardPageData(await orPageError(dashboard(db, actor, campaign, unitCode, momentRequest(url)))),
		path: url.pathname,
		links: campaignLinks(readerOf(actor, { provinceId: campaign.province_id }), campaign)
	};
}
