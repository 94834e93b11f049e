/**
 * What people receive (issue 25 item 7): for the newest scheduled snapshot of a campaign,
 * the mail, the chat text, the picture and the PDF that each recipient gets, and the JSON
 * a webhook gets; computed on demand, so a newcomer sees them even with SMTP not set.
 */
import type { Actor, Role } from '$lib/domain/access';
import { roleLabel, wordsOfMiddle } from '$lib/domain/levels';
import { middleLevel } from '$lib/domain/snapshot';
import { summaryJson } from '$lib/domain/summary-json';
import { summaryText } from '$lib/domain/summary-text';
import { reportMail } from '$reports/mail';
import { administeredCampaign } from '../campaigns/admin';
import { findLatestCampaignOfProvince, listCampaigns } from '../campaigns/repository';
import { siteOrigin } from '../config';
import type { Database } from '../db';
import { latestScheduledSnapshot } from '../snapshots/repository';
import { snapshotData } from '../snapshots/view';
import { activeWebhooks, reportRecipients } from './repository';
import { reportUnitKey } from './service';
import { campaignWords } from '../groups/service';

export async function deliveryPreview(db: Database, actor: Actor, campaignCode: string | null, recipientId: string | null) {
	const campaigns = (await listCampaigns(db)).filter((c) => c.provinceId === actor.provinceId);
	const campaign = campaignCode ? await administeredCampaign(db, actor, campaignCode) : await findLatestCampaignOfProvince(db, actor.provinceId);
	const choices = campaigns.map((c) => ({ code: c.code, name: c.name }));
	if (!campaign) return { words: null, campaigns: choices, campaign: null, snapshot: null, recipients: [], preview: null, webhooks: 0, webhookJson: null };
	const [snapshot, recipients, hooks] = await Promise.all([latestScheduledSnapshot(db, campaign.id), reportRecipients(db, campaign), activeWebhooks(db, campaign.id)]);
	const base = {
		words: await campaignWords(db, campaign),
		campaigns: choices,
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		webhooks: hooks.length
	};
	if (!snapshot) return { ...base, snapshot: null, recipients: [], preview: null, webhookJson: null };
	const data = await snapshotData(db, campaign, snapshot);
	const words = wordsOfMiddle(middleLevel(data));
	const people = recipients.map((r) => {
		const unitKey = reportUnitKey(data, r);
		const unit = data.units.find((u) => u.key === unitKey);
		return {
			id: r.user_id,
			email: r.email,
			role: roleLabel(r.role as Role, words),
			username: r.username,
			name: r.display_name,
			unitKey,
			unitName: unit?.name ?? '',
			unitCode: unit && unit.level !== 'province' ? unit.code : null
		};
	});
	const chosen = people.find((p) => String(p.id) === recipientId) ?? people[0] ?? null;
	const link = `${siteOrigin()}/dot/${campaign.code}/chot-so/${snapshot.id}`;
	const mail = chosen && reportMail(data, chosen.unitKey, link);
	return {
		...base,
		snapshot: { id: snapshot.id, slotAt: snapshot.slot_at },
		recipients: people.map(({ unitKey: _unitKey, ...p }) => p),
		preview: chosen &&
			mail && {
				recipient: { id: chosen.id, email: chosen.email, name: chosen.name, unitName: chosen.unitName, unitCode: chosen.unitCode },
				subject: mail.subject,
				body: mail.text,
				attachments: chosen.unitCode === null ? [mail.pdfName, mail.fileName] : [mail.fileName],
				text: summaryText(data, chosen.unitKey)
			},
		webhookJson: JSON.stringify(summaryJson(data), null, 2)
	};
}
