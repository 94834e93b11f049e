/** What every dashboard page loads: the campaign for its reader, the dashboard, the links of the campaign. */
import { type Actor, may, readerOf } from '$lib/domain/access';
import { SignInRequiredError } from '$lib/domain/errors';
import { formatDate } from '$lib/domain/format';
import { dashboardPageData } from '$lib/domain/dashboard';
import { publicOrReadableCampaign } from '../campaigns/access';
import { findFeaturedCampaign, findLatestCampaignOfProvince, listPublicCampaigns } from '../campaigns/repository';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { dashboard, momentRequest } from './service';

/**
 * A campaign's page: public campaigns for anyone, others for their province's users. Throws
 * the domain's refusals (the route maps them with `orPageError(…, url)`): an anonymous
 * visitor of a campaign that is not public signs in first.
 */
export async function campaignForPage(db: Database, actor: Actor | null, code: string): Promise<Campaign> {
	const campaign = await publicOrReadableCampaign(db, actor, code);
	if (!campaign) throw new SignInRequiredError();
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
		.map((c) => ({ href: `/dot/${c.code}`, label: `${c.name}, ${formatDate(c.start)} – ${formatDate(c.deadline)}` }));
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
		campaign.provinceId === null && may(role, 'administerNation') && { href: `/quan-tri/dot/${campaign.code}`, label: 'Quản trị đợt toàn quốc' }
	];
	return links.filter((l): l is CampaignLink => l !== false);
}

export async function dashboardPage(db: Database, actor: Actor | null, campaign: Campaign, unitCode: string | null, url: URL) {
	return {
		d: dashboardPageData(await dashboard(db, actor, campaign, unitCode, momentRequest(url))),
		path: url.pathname,
		links: campaignLinks(readerOf(actor, { provinceId: campaign.provinceId }), campaign)
	};
}
