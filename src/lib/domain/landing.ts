/**
 * Each role's first screen (issue 23 item 5): where a signed-in user lands after logging in
 * or opening the home page. A clerk enters their commune's figures; a district head or group
 * lead reads their district's or group's page; leaders and admins read the province. Pure.
 */
import type { Role } from './access';
import { localDateOf, type LocalDate } from './time';

export interface LandingCampaign {
	code: string;
	start: LocalDate;
	deadline: LocalDate;
	timeZone: string;
}

/** Whether a campaign is running on `now`'s date in its own zone (its start to its deadline, both included). */
export function isRunning(campaign: LandingCampaign, now: Date): boolean {
	const today = localDateOf(now, campaign.timeZone);
	return campaign.start <= today && today <= campaign.deadline;
}

/**
 * The campaign a user lands on: of those running, the one whose deadline comes first (then
 * the newest); when none runs, the first of `campaigns` (the caller lists them newest first).
 */
export function landingCampaign<C extends LandingCampaign>(campaigns: readonly C[], now: Date): C | null {
	const running = campaigns.filter((c) => isRunning(c, now));
	const byDeadline = [...running].sort((a, b) => a.deadline.localeCompare(b.deadline) || b.start.localeCompare(a.start));
	return byDeadline[0] ?? campaigns[0] ?? null;
}

/**
 * The first screen of a role in a campaign. `ownUnitCode` is the code of the unit the user
 * works for in that campaign: a clerk's commune, a district head's district or a group lead's
 * group; null when the campaign does not hold it (then the campaign's own page for that role).
 */
export function firstScreen(role: Role, campaignCode: string, ownUnitCode: string | null): string {
	const base = `/dot/${encodeURIComponent(campaignCode)}`;
	if (role === 'clerk') return ownUnitCode ? `${base}/nhap/${encodeURIComponent(ownUnitCode)}` : `${base}/nhap`;
	if (role === 'district' && ownUnitCode) return `${base}/don-vi/${encodeURIComponent(ownUnitCode)}`;
	return base;
}
