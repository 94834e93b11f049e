/**
 * The authorization matrix (DESIGN §7): every route, form action and API endpoint, for
 * anonymous visitors and every role, with a unit inside and outside the role's scope, on
 * the production server. It fails when a route is added without being listed here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/lib/server/auth/accounts';
import { createApiToken } from '../src/lib/server/auth/session';
import { browserOf, DEMO_PASSWORD, startDemoServer } from './helpers/demo-server';
import { routeExports } from './helpers/route-exports';
import { actorOf, adminUpload } from './helpers/uploads';
import { savePreview } from '../src/lib/server/auth/account-import';
import { importMapping } from '../src/lib/server/mapping/import';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';

const ROUTES = 'src/routes';

/** "GET /path", "POST /path?/action" and "PUT /api/…" for everything the code serves. */
function endpointsInCode(): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) {
				walk(path);
				continue;
			}
			const route = '/' + relative(ROUTES, dir).split(sep).join('/');
			const source = () => readFileSync(path, 'utf8');
			if (name === '+page.server.ts') {
				const { names, actions } = routeExports(source(), path);
				if (names.has('load')) found.push(`GET ${route}`);
				for (const action of actions) found.push(action === 'default' ? `POST ${route}` : `POST ${route}?/${action}`);
			} else if (name === '+page.svelte' && !readdirSync(dir).includes('+page.server.ts')) {
				found.push(`GET ${route}`);
			} else if (name === '+server.ts') {
				const { names } = routeExports(source(), path);
				for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) if (names.has(method)) found.push(`${method} ${route}`);
			}
		}
	};
	walk(ROUTES);
	return found.map((e) => e.replace(' //', ' /').replace(/(\S)\/(\?|$)/, '$1$2')).sort();
}

type Who = 'anon' | 'clerk' | 'district' | 'leader' | 'admin';
/** What a request must get: an HTTP status, or "login" (sent to the login page). */
type Outcome = number | 'login';

interface Case {
	/** The request for a unit (or campaign, account) inside each role's scope. */
	path: string;
	body?: unknown;
	expect: Record<Who, Outcome>;
	/** The same request aimed outside the role's scope, where there is such a thing. */
	outside?: { path: string; body?: unknown; expect: Partial<Record<Who, Outcome>> };
}

const CAMPAIGN = 'thaibinh-186';
const API = `/api/v1/campaigns/${CAMPAIGN}`;
const DOT = `/dot/${CAMPAIGN}`;
const everyone = (o: Outcome): Record<Who, Outcome> => ({ anon: o, clerk: o, district: o, leader: o, admin: o });
const signedIn = (o: Outcome): Record<Who, Outcome> => ({ anon: 'login', clerk: o, district: o, leader: o, admin: o });
const adminOnly = (o: Outcome): Record<Who, Outcome> => ({ anon: 'login', clerk: 403, district: 403, leader: 403, admin: o });
const apiAdminOnly = (o: Outcome): Record<Who, Outcome> => ({ anon: 401, clerk: 403, district: 403, leader: 403, admin: o });
/** Another province's admin, standing for "outside the scope" of an admin. */
const otherAdmin = { admin: 403 } as const;
/** …where the thing is someone's own (a file they sent): another admin does not learn it exists. */
const otherAdmin404 = { admin: 404 } as const;

// The ids these cases need are filled in once the demo is built.
const ids = { account: 0, foreignToken: 0, upload: '', accountImport: '', map: '' };

const MATRIX = (): Record<string, Case> => ({
	// A signed-in user's home is their role's first screen in their province's campaign.
	'GET /': { path: '/', expect: { anon: 200, clerk: 303, district: 303, leader: 303, admin: 303 } },
	'GET /dang-nhap': { path: '/dang-nhap', expect: { anon: 200, clerk: 303, district: 303, leader: 303, admin: 303 } },
	// Signed-in users are sent home by the page (the action itself only checks the form).
	'POST /dang-nhap': { path: '/dang-nhap', body: {}, expect: { anon: 400, clerk: 303, district: 303, leader: 303, admin: 303 } },
	'GET /dang-xuat': { path: '/dang-xuat', expect: everyone(303) },
	'POST /dang-xuat': { path: '/dang-xuat', body: {}, expect: everyone(303) },
	'GET /tai-khoan': { path: '/tai-khoan', expect: signedIn(200) },
	'POST /tai-khoan?/password': { path: '/tai-khoan?/password', body: {}, expect: signedIn(400) },
	'POST /tai-khoan?/token': { path: '/tai-khoan?/token', body: {}, expect: signedIn(400) },
	'POST /tai-khoan?/revoke': {
		path: '/tai-khoan?/revoke',
		body: { token: '999999' },
		expect: signedIn(404),
		// A token of the leader's: nobody else but the province's own admin may revoke it.
		outside: { path: '/tai-khoan?/revoke', body: { token: String(ids.foreignToken) }, expect: { clerk: 403, district: 403, admin: 403 } }
	},
	'GET /quan-tri': { path: '/quan-tri', expect: adminOnly(200) },
	'GET /quan-tri/dot-moi': { path: '/quan-tri/dot-moi', expect: adminOnly(200) },
	'POST /quan-tri/dot-moi': { path: '/quan-tri/dot-moi', body: {}, expect: adminOnly(400) },
	...Object.fromEntries(
		['', '/chi-tieu', '/han-rieng'].flatMap((sub) => [
			[
				`GET /quan-tri/dot/[code]${sub}`,
				{ path: `/quan-tri/dot/${CAMPAIGN}${sub}`, expect: adminOnly(200), outside: { path: `/quan-tri/dot/${CAMPAIGN}${sub}`, expect: otherAdmin } }
			],
			[
				`POST /quan-tri/dot/[code]${sub}`,
				{
					path: `/quan-tri/dot/${CAMPAIGN}${sub}`,
					body: sub === '' ? {} : { 'd:999': 'x', 't:99999:khai_sinh': '-1' },
					expect: adminOnly(sub === '/han-rieng' ? 400 : 400),
					outside: { path: `/quan-tri/dot/${CAMPAIGN}${sub}`, body: {}, expect: otherAdmin }
				}
			]
		])
	),
	'GET /quan-tri/gui-bao-cao': { path: '/quan-tri/gui-bao-cao', expect: adminOnly(200) },
	// The mapping across the reform: each admin imports the links into their own province's communes.
	'GET /quan-tri/sap-nhap': { path: '/quan-tri/sap-nhap', expect: adminOnly(200) },
	'POST /quan-tri/sap-nhap?/upload': { path: '/quan-tri/sap-nhap?/upload', body: {}, expect: adminOnly(400) },
	// Cụm thi đua are a 2-level province's: Thái Bình's admin is told the province still has districts.
	'GET /quan-tri/cum-thi-dua': { path: '/quan-tri/cum-thi-dua', expect: adminOnly(400) },
	'POST /quan-tri/cum-thi-dua?/save': { path: '/quan-tri/cum-thi-dua?/save', body: {}, expect: adminOnly(400) },
	'POST /quan-tri/cum-thi-dua?/upload': { path: '/quan-tri/cum-thi-dua?/upload', body: {}, expect: adminOnly(400) },
	'GET /quan-tri/cum-thi-dua/mau.xlsx': { path: '/quan-tri/cum-thi-dua/mau.xlsx', expect: adminOnly(400) },
	'GET /quan-tri/gui-bao-cao/xem-truoc': { path: '/quan-tri/gui-bao-cao/xem-truoc', expect: adminOnly(200) },
	// Webhooks of a campaign: its province's admins only.
	'GET /quan-tri/dot/[code]/webhook': {
		path: `/quan-tri/dot/${CAMPAIGN}/webhook`,
		expect: adminOnly(200),
		outside: { path: `/quan-tri/dot/${CAMPAIGN}/webhook`, expect: otherAdmin }
	},
	'POST /quan-tri/dot/[code]/webhook?/create': {
		path: `/quan-tri/dot/${CAMPAIGN}/webhook?/create`,
		body: {},
		expect: adminOnly(400),
		outside: { path: `/quan-tri/dot/${CAMPAIGN}/webhook?/create`, body: {}, expect: otherAdmin }
	},
	'POST /quan-tri/dot/[code]/webhook?/remove': {
		path: `/quan-tri/dot/${CAMPAIGN}/webhook?/remove`,
		body: { id: '999999' },
		expect: adminOnly(404),
		outside: { path: `/quan-tri/dot/${CAMPAIGN}/webhook?/remove`, body: {}, expect: otherAdmin }
	},
	'GET /api/v1/campaigns/[code]/webhooks': { path: `${API}/webhooks`, expect: apiAdminOnly(200), outside: { path: `${API}/webhooks`, expect: otherAdmin } },
	'POST /api/v1/campaigns/[code]/webhooks': {
		path: `${API}/webhooks`,
		body: { url: 'ftp://bot.example/x' },
		expect: apiAdminOnly(400),
		outside: { path: `${API}/webhooks`, body: { url: 'https://bot.example/x' }, expect: otherAdmin }
	},
	'DELETE /api/v1/campaigns/[code]/webhooks/[id]': { path: `${API}/webhooks/999999`, expect: apiAdminOnly(404), outside: { path: `${API}/webhooks/999999`, expect: otherAdmin } },
	'POST /tai-khoan?/notify': { path: '/tai-khoan?/notify', body: { notify: 'on' }, expect: signedIn(200) },
	'GET /quan-tri/nguoi-dung': { path: '/quan-tri/nguoi-dung', expect: adminOnly(200) },
	'POST /quan-tri/nguoi-dung?/create': {
		path: '/quan-tri/nguoi-dung?/create',
		body: { username: 'x' },
		expect: adminOnly(400),
		outside: { path: '/quan-tri/nguoi-dung?/create', body: { username: 'ke.ngoai', role: 'clerk', unitCode: '13192', password: 'mot mat khau rat dai' }, expect: { admin: 403 } }
	},
	'GET /doi-mat-khau': { path: '/doi-mat-khau', expect: signedIn(200) },
	'POST /doi-mat-khau': { path: '/doi-mat-khau', body: {}, expect: signedIn(400) },
	// A file of accounts: only the admin who sent it reads or confirms its preview.
	'GET /quan-tri/nguoi-dung/nhap': {
		path: '/quan-tri/nguoi-dung/nhap',
		expect: adminOnly(200),
		outside: { path: `/quan-tri/nguoi-dung/nhap?xem=${ids.accountImport}`, expect: otherAdmin404 }
	},
	'POST /quan-tri/nguoi-dung/nhap?/upload': { path: '/quan-tri/nguoi-dung/nhap?/upload', body: {}, expect: adminOnly(400) },
	'POST /quan-tri/nguoi-dung/nhap?/confirm': {
		path: '/quan-tri/nguoi-dung/nhap?/confirm',
		body: { id: 'nope' },
		expect: adminOnly(404),
		outside: { path: '/quan-tri/nguoi-dung/nhap?/confirm', body: { id: ids.accountImport }, expect: otherAdmin404 }
	},
	'GET /quan-tri/nguoi-dung/[id]': {
		path: `/quan-tri/nguoi-dung/${ids.account}`,
		expect: adminOnly(200),
		outside: { path: `/quan-tri/nguoi-dung/${ids.account}`, expect: otherAdmin }
	},
	...Object.fromEntries(
		(['update', 'disable', 'enable', 'reset', 'revoke'] as const).map((action) => [
			`POST /quan-tri/nguoi-dung/[id]?/${action}`,
			{
				path: `/quan-tri/nguoi-dung/${ids.account}?/${action}`,
				// Allowed requests are made harmless: bad input (400) or a no-op (200).
				body: { update: { role: 'nope' }, disable: {}, enable: {}, reset: { password: 'ngan' }, revoke: { token: '999999' } }[action],
				expect: adminOnly({ update: 400, disable: 200, enable: 200, reset: 400, revoke: 404 }[action]),
				outside: { path: `/quan-tri/nguoi-dung/${ids.account}?/${action}`, body: {}, expect: otherAdmin }
			}
		])
	),
	// Entering counts: reporters only; a district head or clerk outside their communes is refused.
	'GET /dot/[code]/nhap': {
		path: DOT + '/nhap',
		expect: { anon: 'login', clerk: 303, district: 200, leader: 403, admin: 200 },
		outside: { path: DOT + '/nhap', expect: otherAdmin }
	},
	// A clerk's refused upload lands, like the page, on their own commune's form.
	'POST /dot/[code]/nhap?/upload': {
		path: DOT + '/nhap?/upload',
		body: {},
		expect: { anon: 'login', clerk: 303, district: 400, leader: 403, admin: 400 },
		outside: { path: DOT + '/nhap?/upload', body: {}, expect: otherAdmin }
	},
	'GET /dot/[code]/nhap/tien-do': { path: DOT + '/nhap/tien-do?key=abcdefgh', expect: { ...everyone(200), anon: 401 } },
	'GET /dot/[code]/nhap/mau.xlsx': {
		path: DOT + '/nhap/mau.xlsx',
		expect: { anon: 401, clerk: 200, district: 200, leader: 403, admin: 200 },
		outside: { path: DOT + '/nhap/mau.xlsx', expect: otherAdmin }
	},
	'GET /dot/[code]/nhap/mau-chi-tieu.xlsx': {
		path: DOT + '/nhap/mau-chi-tieu.xlsx',
		expect: { ...adminOnly(200), anon: 401 },
		outside: { path: DOT + '/nhap/mau-chi-tieu.xlsx', expect: otherAdmin }
	},
	'GET /dot/[code]/nhap/[commune]': {
		path: DOT + '/nhap/13192',
		expect: { anon: 'login', clerk: 200, district: 200, leader: 403, admin: 200 },
		outside: { path: DOT + '/nhap/13075', expect: { clerk: 403, district: 403, admin: 403 } }
	},
	...Object.fromEntries(
		(['preview', 'confirm'] as const).map((action) => [
			`POST /dot/[code]/nhap/[commune]?/${action}`,
			{
				path: `${DOT}/nhap/13192?/${action}`,
				body: {},
				expect: { anon: 'login', clerk: 400, district: 400, leader: 403, admin: 400 },
				outside: { path: `${DOT}/nhap/13075?/${action}`, body: { 'v:khai_sinh': '1' }, expect: { clerk: 403, district: 403, admin: 403 } }
			}
		])
	),
	// An upload is seen only by whoever sent it: anybody else's (or an unknown) id is "not found".
	'GET /dot/[code]/nhap/tep/[id]': {
		path: `${DOT}/nhap/tep/${ids.upload}`,
		expect: { anon: 'login', clerk: 404, district: 404, leader: 403, admin: 200 },
		outside: { path: `${DOT}/nhap/tep/${ids.upload}`, expect: otherAdmin }
	},
	'POST /dot/[code]/nhap/tep/[id]?/confirm': {
		path: `${DOT}/nhap/tep/${ids.upload}?/confirm`,
		body: {},
		expect: { anon: 'login', clerk: 404, district: 404, leader: 403, admin: 400 },
		outside: { path: `${DOT}/nhap/tep/${ids.upload}?/confirm`, body: {}, expect: otherAdmin }
	},
	'GET /dot/[code]/nhap/tep/[id]/loi': { path: `${DOT}/nhap/tep/${ids.upload}/loi`, expect: { anon: 401, clerk: 404, district: 404, leader: 404, admin: 200 } },
	'GET /dot/[code]/xa/[commune]': { path: DOT + '/xa/13192', expect: signedIn(200), outside: { path: DOT + '/xa/13075', expect: { clerk: 403, district: 403, admin: 403 } } },
	'GET /dot/[code]/xa/[commune]/lich-su.xlsx': {
		path: DOT + '/xa/13192/lich-su.xlsx',
		expect: { ...everyone(200), anon: 401 },
		outside: { path: DOT + '/xa/13075/lich-su.xlsx', expect: { clerk: 403, district: 403, admin: 403 } }
	},
	'GET /dot/[code]/chat-luong': {
		path: DOT + '/chat-luong',
		expect: { anon: 'login', clerk: 403, district: 200, leader: 200, admin: 200 },
		outside: { path: DOT + '/chat-luong', expect: otherAdmin }
	},
	// Snapshots: readers of the province; taking one and the province report are for admins (and leaders).
	'GET /dot/[code]/chot-so': { path: DOT + '/chot-so', expect: signedIn(200), outside: { path: DOT + '/chot-so', expect: otherAdmin } },
	'POST /dot/[code]/chot-so?/take': { path: DOT + '/chot-so?/take', body: {}, expect: adminOnly(303), outside: { path: DOT + '/chot-so?/take', body: {}, expect: otherAdmin } },
	'GET /dot/[code]/chot-so/luu-tru.xlsx': {
		path: DOT + '/chot-so/luu-tru.xlsx',
		expect: { ...everyone(200), anon: 401 },
		outside: { path: DOT + '/chot-so/luu-tru.xlsx', expect: otherAdmin }
	},
	'GET /dot/[code]/chot-so/[id]': { path: DOT + '/chot-so/1', expect: signedIn(200), outside: { path: DOT + '/chot-so/1', expect: otherAdmin } },
	// The printed report is a unit's report: the province's for leaders and admins, a district's for its head.
	'GET /dot/[code]/chot-so/[id]/in': {
		path: DOT + '/chot-so/1/in',
		expect: { ...signedIn(200), clerk: 403 },
		outside: { path: DOT + '/chot-so/1/in?unit=343', expect: { district: 403, admin: 403 } }
	},
	'GET /dot/[code]/chot-so/[id]/bao-cao.xlsx': {
		path: DOT + '/chot-so/1/bao-cao.xlsx?unit=344',
		expect: { anon: 401, clerk: 403, district: 200, leader: 200, admin: 200 },
		outside: { path: DOT + '/chot-so/1/bao-cao.xlsx?unit=343', expect: { district: 403, admin: 403 } }
	},
	// The leaderboard of a public campaign: anyone at district level; communes for signed-in readers.
	'GET /dot/[code]/xep-hang': { path: DOT + '/xep-hang', expect: everyone(200) },
	'GET /dot/[code]/xep-hang/xep-hang.xlsx': { path: DOT + '/xep-hang/xep-hang.xlsx?cap=commune&huyen=344', expect: { ...everyone(200), anon: 403 } },
	'GET /api/v1/campaigns/[code]/leaderboard': { path: `${API}/leaderboard?level=commune&parent=344`, expect: { ...everyone(200), anon: 403 } },
	'GET /api/v1/campaigns/[code]/snapshots': { path: `${API}/snapshots`, expect: { ...everyone(200), anon: 401 }, outside: { path: `${API}/snapshots`, expect: otherAdmin } },
	'POST /api/v1/campaigns/[code]/snapshots': {
		path: `${API}/snapshots`,
		body: { at: 'hôm qua' },
		expect: apiAdminOnly(400),
		outside: { path: `${API}/snapshots`, body: {}, expect: otherAdmin }
	},
	'GET /api/v1/campaigns/[code]/snapshots/[id]': {
		path: `${API}/snapshots/1?level=commune`,
		expect: { ...everyone(200), anon: 401 },
		outside: { path: `${API}/snapshots/1`, expect: otherAdmin }
	},
	'GET /api/v1/campaigns/[code]/snapshots/[id]/report.xlsx': {
		path: `${API}/snapshots/1/report.xlsx?unit=344`,
		expect: { anon: 401, clerk: 403, district: 200, leader: 200, admin: 200 },
		outside: { path: `${API}/snapshots/1/report.xlsx?unit=343`, expect: { district: 403, admin: 403 } }
	},
	// The chat text, the picture and the one-page PDF of a unit: as its Excel report.
	...Object.fromEntries(
		['summary.txt', 'summary.png', 'report.pdf'].map((file) => [
			`GET /api/v1/campaigns/[code]/snapshots/[id]/${file}`,
			{
				path: `${API}/snapshots/1/${file}?unit=344`,
				expect: { anon: 401, clerk: 403, district: 200, leader: 200, admin: 200 },
				outside: { path: `${API}/snapshots/1/${file}?unit=343`, expect: { district: 403, admin: 403 } }
			}
		])
	),
	...Object.fromEntries(
		['anh.png', 'bao-cao.pdf'].map((file) => [
			`GET /dot/[code]/chot-so/[id]/${file}`,
			{
				path: `${DOT}/chot-so/1/${file}?unit=344`,
				expect: { anon: 401, clerk: 403, district: 200, leader: 200, admin: 200 },
				outside: { path: `${DOT}/chot-so/1/${file}?unit=343`, expect: { district: 403, admin: 403 } }
			}
		])
	),
	// The overview of a public campaign: anyone; a district's page and the communes' tables need a login.
	'GET /dot/[code]': { path: DOT + '?lan=29', expect: everyone(200) },
	// The snapshot list of the pages' pickers: whoever reads the overview; the map's boundaries: anyone.
	'GET /dot/[code]/lan-chot': { path: DOT + '/lan-chot', expect: everyone(200) },
	'GET /ban-do/[file]': { path: `/ban-do/${ids.map}`, expect: everyone(200) },
	// A district's page is not public.
	'GET /dot/[code]/don-vi/[unit]': { path: DOT + '/don-vi/344', expect: signedIn(200) },
	'GET /dot/[code]/bang.xlsx': { path: DOT + '/bang.xlsx?bang=chua-bao-cao&don-vi=344', expect: { ...everyone(200), anon: 401 } },
	// Award rules are set and lists drawn by admins; frozen lists are read by leaders and admins.
	'GET /quan-tri/dot/[code]/khen-thuong': {
		path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong`,
		expect: adminOnly(200),
		outside: { path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong`, expect: otherAdmin }
	},
	'POST /quan-tri/dot/[code]/khen-thuong?/create': {
		path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong?/create`,
		body: {},
		expect: adminOnly(400),
		outside: { path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong?/create`, body: {}, expect: otherAdmin }
	},
	'GET /quan-tri/dot/[code]/khen-thuong/[rule]': {
		path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong/1`,
		expect: adminOnly(200),
		outside: { path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong/1`, expect: otherAdmin }
	},
	...Object.fromEntries(
		(['save', 'draw', 'archive'] as const).map((action) => [
			`POST /quan-tri/dot/[code]/khen-thuong/[rule]?/${action}`,
			{
				// Made harmless: bad input, an unknown snapshot, an unknown rule.
				path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong/${action === 'archive' ? 999 : 1}?/${action}`,
				body: action === 'draw' ? { snapshot: '999999' } : {},
				expect: adminOnly(action === 'save' ? 400 : 404),
				outside: { path: `/quan-tri/dot/${CAMPAIGN}/khen-thuong/1?/${action}`, body: {}, expect: otherAdmin }
			}
		])
	),
	'GET /dot/[code]/khen-thuong': {
		path: DOT + '/khen-thuong',
		expect: { anon: 'login', clerk: 403, district: 403, leader: 200, admin: 200 },
		outside: { path: DOT + '/khen-thuong', expect: otherAdmin }
	},
	'GET /dot/[code]/khen-thuong/[id]': {
		path: DOT + '/khen-thuong/1',
		expect: { anon: 'login', clerk: 403, district: 403, leader: 200, admin: 200 },
		outside: { path: DOT + '/khen-thuong/1', expect: otherAdmin }
	},
	'GET /dot/[code]/khen-thuong/[id]/danh-sach.xlsx': {
		path: DOT + '/khen-thuong/1/danh-sach.xlsx',
		expect: { anon: 401, clerk: 403, district: 403, leader: 200, admin: 200 },
		outside: { path: DOT + '/khen-thuong/1/danh-sach.xlsx', expect: otherAdmin }
	},
	'GET /api/v1/openapi.json': { path: '/api/v1/openapi.json', expect: everyone(200) },
	// The load balancer's health check: no sign-in, says only whether the database answers.
	'GET /healthz': { path: '/healthz', expect: everyone(200) },
	'GET /api/v1/units': { path: '/api/v1/units?hierarchy=2025-03-01&parent=34', expect: { ...everyone(200), anon: 401 } },
	'GET /api/v1/campaigns': { path: '/api/v1/campaigns', expect: everyone(200) },
	'POST /api/v1/campaigns': {
		path: '/api/v1/campaigns',
		body: {},
		expect: apiAdminOnly(400),
		outside: {
			path: '/api/v1/campaigns',
			body: { code: 'ngoai-tinh', name: 'Ngoài tỉnh', hierarchy: '2025-03-01', provinceCode: '34', start: '2024-12-01', deadline: '2024-12-21' },
			expect: { admin: 403 }
		}
	},
	'GET /api/v1/campaigns/[code]/progress': {
		path: `${API}/progress?level=commune&parent=344`,
		// Communes are not public; a clerk sees their own.
		expect: { ...everyone(200), anon: 403 },
		outside: { path: `${API}/progress?level=commune&parent=343`, expect: { clerk: 403, district: 403 } }
	},
	'POST /api/v1/campaigns/[code]/reports': {
		path: `${API}/reports`,
		body: { reports: [] },
		expect: { anon: 401, clerk: 400, district: 400, leader: 403, admin: 400 },
		outside: { path: `${API}/reports`, body: { reports: [{ commune: '13075', recordType: 'khai_sinh', delta: 1 }] }, expect: { clerk: 403, district: 403, admin: 403 } }
	},
	// Cụm thi đua: Thái Bình still has districts, so its users are told so; another province's are refused.
	'GET /api/v1/groups': { path: '/api/v1/groups?province=34', expect: { ...everyone(400), anon: 401 } },
	'PUT /api/v1/groups': { path: '/api/v1/groups?province=34', body: [], expect: apiAdminOnly(400) },
	'PUT /api/v1/campaigns/[code]/targets': {
		path: `${API}/targets`,
		body: { targets: 'x' },
		expect: apiAdminOnly(400),
		outside: { path: `${API}/targets`, body: { targets: [] }, expect: otherAdmin }
	},
	'PUT /api/v1/campaigns/[code]/deadlines': {
		path: `${API}/deadlines`,
		body: { deadlines: 'x' },
		expect: apiAdminOnly(400),
		outside: { path: `${API}/deadlines`, body: { deadlines: [] }, expect: otherAdmin }
	},
	// Capacity (issue 27): read by the province's users in their scope; set by admins and by district heads for their communes.
	'GET /api/v1/campaigns/[code]/capacity': {
		path: `${API}/capacity?level=commune&parent=344`,
		expect: { ...everyone(200), anon: 401 },
		outside: { path: `${API}/capacity?level=commune&parent=343`, expect: { clerk: 403, district: 403 } }
	},
	'PUT /api/v1/campaigns/[code]/capacity': {
		path: `${API}/capacity`,
		body: { capacity: 'x' },
		expect: { anon: 401, clerk: 403, district: 400, leader: 403, admin: 400 },
		outside: { path: `${API}/capacity`, body: [{ commune: '13075', machines: 1, shiftsPerDay: 1 }], expect: { district: 403, admin: 403 } }
	},
	'POST /dot/[code]/don-vi/[unit]?/capacity': {
		path: DOT + '/don-vi/344?/capacity',
		body: {},
		expect: { anon: 'login', clerk: 403, district: 400, leader: 403, admin: 400 },
		outside: { path: DOT + '/don-vi/343?/capacity', body: { 'm:13075': '1', 's:13075': '1' }, expect: { district: 403, admin: 403 } }
	},
	'POST /dot/[code]/don-vi/[unit]?/capacityFile': {
		path: DOT + '/don-vi/344?/capacityFile',
		body: {},
		expect: { anon: 'login', clerk: 403, district: 400, leader: 403, admin: 400 },
		outside: { path: DOT + '/don-vi/344?/capacityFile', body: {}, expect: otherAdmin }
	},
	'GET /dot/[code]/don-vi/[unit]/nang-luc.xlsx': {
		path: DOT + '/don-vi/344/nang-luc.xlsx',
		expect: { ...everyone(200), anon: 401 },
		outside: { path: DOT + '/don-vi/343/nang-luc.xlsx', expect: { clerk: 404, district: 404, admin: 403 } }
	},
	'GET /dot/[code]/nang-luc/mau.xlsx': {
		path: DOT + '/nang-luc/mau.xlsx',
		expect: { anon: 401, clerk: 403, district: 200, leader: 403, admin: 200 },
		outside: { path: DOT + '/nang-luc/mau.xlsx', expect: otherAdmin }
	},
	'GET /quan-tri/dot/[code]/nang-luc': {
		path: `/quan-tri/dot/${CAMPAIGN}/nang-luc`,
		expect: adminOnly(200),
		outside: { path: `/quan-tri/dot/${CAMPAIGN}/nang-luc`, expect: otherAdmin }
	},
	...Object.fromEntries(
		(['defaults', 'upload'] as const).map((action) => [
			`POST /quan-tri/dot/[code]/nang-luc?/${action}`,
			{
				path: `/quan-tri/dot/${CAMPAIGN}/nang-luc?/${action}`,
				body: {},
				expect: adminOnly(400),
				outside: { path: `/quan-tri/dot/${CAMPAIGN}/nang-luc?/${action}`, body: {}, expect: otherAdmin }
			}
		])
	),
	// A JSON body is not a file (415) for those who may send one; targets are the admins'.
	'POST /api/v1/campaigns/[code]/imports': {
		path: `${API}/imports?kind=reports`,
		body: {},
		expect: { anon: 401, clerk: 415, district: 415, leader: 403, admin: 415 },
		outside: { path: `${API}/imports?kind=targets`, body: {}, expect: { clerk: 403, district: 403, admin: 403 } }
	},
	// The admin's own upload that changes nothing: only its sender learns it exists.
	'POST /api/v1/campaigns/[code]/imports/[id]/confirm': {
		path: `${API}/imports/${ids.upload}/confirm`,
		expect: { anon: 401, clerk: 404, district: 404, leader: 403, admin: 400 },
		outside: { path: `${API}/imports/${ids.upload}/confirm`, expect: otherAdmin }
	}
});

/**
 * An admin and a leader of another province (Hà Nội) on Thái Bình's public campaign: they
 * read only its public part, the overview and the district leaderboard, like an anonymous
 * visitor; everything else of the campaign is refused (DESIGN §7). Their own account and
 * admin pages work as usual.
 */
type ForeignOutcome = Outcome | { admin: Outcome; leader: Outcome };
const adminOf = (admin: Outcome): ForeignOutcome => ({ admin, leader: 403 });
const FOREIGN = (): Record<string, ForeignOutcome> => ({
	'GET /': 200,
	'GET /dang-nhap': 303,
	'POST /dang-nhap': 303,
	'GET /dang-xuat': 303,
	'POST /dang-xuat': 303,
	'GET /tai-khoan': 200,
	'POST /tai-khoan?/password': 400,
	'POST /tai-khoan?/token': 400,
	'POST /tai-khoan?/revoke': 404,
	'POST /tai-khoan?/notify': 200,
	'GET /quan-tri': adminOf(200),
	'GET /quan-tri/dot-moi': adminOf(200),
	'POST /quan-tri/dot-moi': adminOf(400),
	'GET /quan-tri/dot/[code]': 403,
	'POST /quan-tri/dot/[code]': 403,
	'GET /quan-tri/dot/[code]/chi-tieu': 403,
	'POST /quan-tri/dot/[code]/chi-tieu': 403,
	'GET /quan-tri/dot/[code]/han-rieng': 403,
	'POST /quan-tri/dot/[code]/han-rieng': 403,
	'GET /quan-tri/gui-bao-cao': adminOf(200),
	'GET /quan-tri/sap-nhap': adminOf(200),
	'POST /quan-tri/sap-nhap?/upload': adminOf(400),
	'GET /quan-tri/cum-thi-dua': adminOf(400),
	'POST /quan-tri/cum-thi-dua?/save': adminOf(400),
	'POST /quan-tri/cum-thi-dua?/upload': adminOf(400),
	'GET /quan-tri/cum-thi-dua/mau.xlsx': adminOf(400),
	'GET /quan-tri/gui-bao-cao/xem-truoc': adminOf(200),
	'GET /quan-tri/dot/[code]/webhook': 403,
	'POST /quan-tri/dot/[code]/webhook?/create': 403,
	'POST /quan-tri/dot/[code]/webhook?/remove': 403,
	'GET /api/v1/campaigns/[code]/webhooks': 403,
	'POST /api/v1/campaigns/[code]/webhooks': 403,
	'DELETE /api/v1/campaigns/[code]/webhooks/[id]': 403,
	'GET /api/v1/campaigns/[code]/snapshots/[id]/summary.txt': 403,
	'GET /api/v1/campaigns/[code]/snapshots/[id]/summary.png': 403,
	'GET /api/v1/campaigns/[code]/snapshots/[id]/report.pdf': 403,
	'GET /dot/[code]/chot-so/[id]/anh.png': 403,
	'GET /dot/[code]/chot-so/[id]/bao-cao.pdf': 403,
	'GET /quan-tri/nguoi-dung': adminOf(200),
	'POST /quan-tri/nguoi-dung?/create': adminOf(400),
	'GET /doi-mat-khau': 200,
	'POST /doi-mat-khau': 400,
	'GET /quan-tri/nguoi-dung/nhap': adminOf(200),
	'POST /quan-tri/nguoi-dung/nhap?/upload': adminOf(400),
	'POST /quan-tri/nguoi-dung/nhap?/confirm': adminOf(404),
	'GET /quan-tri/nguoi-dung/[id]': 403,
	'POST /quan-tri/nguoi-dung/[id]?/update': 403,
	'POST /quan-tri/nguoi-dung/[id]?/disable': 403,
	'POST /quan-tri/nguoi-dung/[id]?/enable': 403,
	'POST /quan-tri/nguoi-dung/[id]?/reset': 403,
	'POST /quan-tri/nguoi-dung/[id]?/revoke': 403,
	'GET /dot/[code]/nhap': 403,
	'POST /dot/[code]/nhap?/upload': 403,
	'GET /dot/[code]/nhap/tien-do': 200,
	'GET /dot/[code]/nhap/mau.xlsx': 403,
	'GET /dot/[code]/nhap/mau-chi-tieu.xlsx': 403,
	'GET /dot/[code]/nhap/[commune]': 403,
	'POST /dot/[code]/nhap/[commune]?/preview': 403,
	'POST /dot/[code]/nhap/[commune]?/confirm': 403,
	'GET /dot/[code]/nhap/tep/[id]': 403,
	'POST /dot/[code]/nhap/tep/[id]?/confirm': 403,
	'GET /dot/[code]/nhap/tep/[id]/loi': 403,
	'GET /dot/[code]/xa/[commune]': 403,
	'GET /dot/[code]/xa/[commune]/lich-su.xlsx': 403,
	'GET /dot/[code]/chat-luong': 403,
	'GET /dot/[code]/chot-so': 403,
	'POST /dot/[code]/chot-so?/take': 403,
	'GET /dot/[code]/chot-so/luu-tru.xlsx': 403,
	'GET /dot/[code]/chot-so/[id]': 403,
	'GET /dot/[code]/chot-so/[id]/in': 403,
	'GET /dot/[code]/chot-so/[id]/bao-cao.xlsx': 403,
	// Public: the overview and the district leaderboard; not the communes, nor a district's page.
	'GET /dot/[code]/xep-hang': 200,
	'GET /dot/[code]/xep-hang/xep-hang.xlsx': 403,
	'GET /api/v1/campaigns/[code]/leaderboard': 403,
	'GET /api/v1/campaigns/[code]/snapshots': 403,
	'POST /api/v1/campaigns/[code]/snapshots': 403,
	'GET /api/v1/campaigns/[code]/snapshots/[id]': 403,
	'GET /api/v1/campaigns/[code]/snapshots/[id]/report.xlsx': 403,
	'GET /dot/[code]': 200,
	'GET /dot/[code]/lan-chot': 200,
	'GET /ban-do/[file]': 200,
	'GET /dot/[code]/don-vi/[unit]': 404,
	'GET /dot/[code]/bang.xlsx': 404,
	'GET /quan-tri/dot/[code]/khen-thuong': 403,
	'POST /quan-tri/dot/[code]/khen-thuong?/create': 403,
	'GET /quan-tri/dot/[code]/khen-thuong/[rule]': 403,
	'POST /quan-tri/dot/[code]/khen-thuong/[rule]?/save': 403,
	'POST /quan-tri/dot/[code]/khen-thuong/[rule]?/draw': 403,
	'POST /quan-tri/dot/[code]/khen-thuong/[rule]?/archive': 403,
	'GET /dot/[code]/khen-thuong': 403,
	'GET /dot/[code]/khen-thuong/[id]': 403,
	'GET /dot/[code]/khen-thuong/[id]/danh-sach.xlsx': 403,
	'GET /api/v1/openapi.json': 200,
	'GET /healthz': 200,
	'GET /api/v1/units': 200,
	'GET /api/v1/campaigns': 200,
	'POST /api/v1/campaigns': adminOf(400),
	'GET /api/v1/campaigns/[code]/progress': 403,
	'POST /api/v1/campaigns/[code]/reports': 403,
	'GET /api/v1/groups': 403,
	'PUT /api/v1/groups': 403,
	'PUT /api/v1/campaigns/[code]/targets': 403,
	'PUT /api/v1/campaigns/[code]/deadlines': 403,
	'GET /api/v1/campaigns/[code]/capacity': 403,
	'PUT /api/v1/campaigns/[code]/capacity': 403,
	'POST /dot/[code]/don-vi/[unit]?/capacity': 403,
	'POST /dot/[code]/don-vi/[unit]?/capacityFile': 403,
	'GET /dot/[code]/don-vi/[unit]/nang-luc.xlsx': 403,
	'GET /dot/[code]/nang-luc/mau.xlsx': 403,
	'GET /quan-tri/dot/[code]/nang-luc': 403,
	'POST /quan-tri/dot/[code]/nang-luc?/defaults': 403,
	'POST /quan-tri/dot/[code]/nang-luc?/upload': 403,
	'POST /api/v1/campaigns/[code]/imports': 403,
	'POST /api/v1/campaigns/[code]/imports/[id]/confirm': 403
});
const FOREIGN_USERS = { admin: 'quantri.hanoi', leader: 'lanhdao.hanoi' } as const;

/**
 * Today's Hưng Yên absorbed Thái Bình (the mapping of 1/7/2025): its admin and leader read
 * Thái Bình's campaign as Thái Bình's leader does, and change nothing in it (DESIGN §7).
 * Everywhere else they stand where a user of another province stands (FOREIGN).
 */
const ABSORBING_USERS = { admin: 'quantri.hungyen', leader: 'lanhdao.hungyen' } as const;
const READ_AS_ABSORBED = [
	'GET /api/v1/campaigns/[code]/snapshots/[id]/summary.txt',
	'GET /api/v1/campaigns/[code]/snapshots/[id]/summary.png',
	'GET /api/v1/campaigns/[code]/snapshots/[id]/report.pdf',
	'GET /dot/[code]/chot-so/[id]/anh.png',
	'GET /dot/[code]/chot-so/[id]/bao-cao.pdf',
	'GET /dot/[code]/xa/[commune]',
	'GET /dot/[code]/xa/[commune]/lich-su.xlsx',
	'GET /dot/[code]/chat-luong',
	'GET /dot/[code]/chot-so',
	'GET /dot/[code]/chot-so/luu-tru.xlsx',
	'GET /dot/[code]/chot-so/[id]',
	'GET /dot/[code]/chot-so/[id]/in',
	'GET /dot/[code]/chot-so/[id]/bao-cao.xlsx',
	'GET /dot/[code]/xep-hang/xep-hang.xlsx',
	'GET /api/v1/campaigns/[code]/leaderboard',
	'GET /api/v1/campaigns/[code]/snapshots',
	'GET /api/v1/campaigns/[code]/snapshots/[id]',
	'GET /api/v1/campaigns/[code]/snapshots/[id]/report.xlsx',
	'GET /dot/[code]/don-vi/[unit]',
	'GET /dot/[code]/bang.xlsx',
	'GET /dot/[code]/khen-thuong',
	'GET /dot/[code]/khen-thuong/[id]',
	'GET /dot/[code]/khen-thuong/[id]/danh-sach.xlsx',
	'GET /api/v1/campaigns/[code]/progress',
	'GET /api/v1/campaigns/[code]/capacity'
];
/** Their own province's pages that differ from Hà Nội's: today's Hưng Yên has cụm thi đua. */
const ABSORBING_OWN: Record<string, ForeignOutcome> = { 'GET /quan-tri/cum-thi-dua': adminOf(200), 'GET /quan-tri/cum-thi-dua/mau.xlsx': adminOf(200) };

const USERS: Record<Exclude<Who, 'anon'>, string> = { clerk: 'canbo.13192', district: 'vuthu', leader: 'lanhdao', admin: 'quantri' };
/** Who stands "outside" for a role, when not the same user aimed elsewhere: another province's admin. */
const OUTSIDE_USERS: Partial<Record<Who, string>> = { admin: 'quantri.hanoi' };

let s: Awaited<ReturnType<typeof startDemoServer>>;
let b: ReturnType<typeof browserOf>;
const cookies: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
	s = await startDemoServer();
	b = browserOf(s.url);
	const idOf = async (username: string) => (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
	// The account the admin actions work on: a clerk made for this test.
	await addUser(s.db, { username: 'tam.thoi', role: 'clerk', unitCode: '13195', password: 'mot mat khau tam thoi' });
	ids.account = await idOf('tam.thoi');
	await createApiToken(s.db, 'lanhdao', { name: 'của lãnh đạo', actor: 'test' });
	ids.foreignToken = (await s.db.selectFrom('api_tokens').select('id').where('name', '=', 'của lãnh đạo').executeTakeFirstOrThrow()).id;
	ids.upload = await adminUpload(s.db);
	ids.accountImport = await savePreview(s.db, await actorOf(s.db, 'quantri'), { fileName: 'tai-khoan.csv', accounts: [], problems: [] });
	ids.map = /\/ban-do\/(34-[0-9a-f]+\.svg)/.exec(await (await fetch(`${s.url}${DOT}`)).text())![1];
	await addUser(s.db, { username: 'lanhdao.hanoi', role: 'leader', unitCode: '01', password: DEMO_PASSWORD });
	// Today's list and the mapping: Hưng Yên (33) absorbed Thái Bình (34).
	await importUnitList(s.db, await readUnitFile('reference/units-2026-07-25-2level.csv'), { asOf: '2026-07-25', source: 'api', actor: 'test' });
	const hungYenLinks = readFileSync('reference/units-mapping-2025-07-01.csv', 'utf8')
		.split('\n')
		.filter((line, i) => i === 0 || line.startsWith('33,'))
		.join('\n');
	await importMapping(s.db, { name: 'hung-yen.csv', bytes: new TextEncoder().encode(hungYenLinks) }, { from: '2025-03-01', to: '2026-07-25', acceptUnknown: false, by: 'cli' });
	for (const [role, username] of Object.entries(ABSORBING_USERS)) await addUser(s.db, { username, role, unitCode: '33', password: DEMO_PASSWORD, hierarchy: '2026-07-25' });
	for (const username of new Set([...Object.values(USERS), ...Object.values(OUTSIDE_USERS), ...Object.values(FOREIGN_USERS), ...Object.values(ABSORBING_USERS)])) {
		cookies[username] = await b.login(username);
		tokens[username] = (await createApiToken(s.db, username, { name: 'ma trận', actor: 'test' }))!;
	}
}, 120_000);
afterAll(() => s.stop());

async function request(endpoint: string, path: string, body: unknown, username: string | null): Promise<Outcome> {
	const method = endpoint.split(' ')[0];
	if (path.startsWith('/api/')) {
		const headers: Record<string, string> = username ? { authorization: `Bearer ${tokens[username]}` } : {};
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(s.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		return res.status;
	}
	const cookie = username ? cookies[username] : undefined;
	const res = method === 'GET' ? await b.get(path, cookie) : await b.post(path, body as Record<string, string>, { cookie });
	return res.status === 303 && res.location?.startsWith('/dang-nhap?sau=') ? 'login' : res.status;
}

describe('the authorization matrix', () => {
	it('lists every route, form action and endpoint of the code', () => {
		expect(Object.keys(MATRIX()).sort()).toEqual(endpointsInCode());
	});

	it('gives every role, inside and outside its scope, exactly the expected outcome', { timeout: 180_000 }, async () => {
		const got: string[] = [];
		const want: string[] = [];
		for (const [endpoint, c] of Object.entries(MATRIX())) {
			for (const who of Object.keys(c.expect) as Who[]) {
				const username = who === 'anon' ? null : USERS[who];
				got.push(`${endpoint} as ${who}: ${await request(endpoint, c.path, c.body, username)}`);
				want.push(`${endpoint} as ${who}: ${c.expect[who]}`);
				// Logging out ends that session: sign in again for the next cases.
				if (username && endpoint.includes('/dang-xuat')) cookies[username] = await b.login(username);
			}
			for (const [who, outcome] of Object.entries(c.outside?.expect ?? {}) as [Who, Outcome][]) {
				const username = OUTSIDE_USERS[who] ?? USERS[who as Exclude<Who, 'anon'>];
				got.push(`${endpoint} outside as ${who}: ${await request(endpoint, c.outside!.path, c.outside!.body, username)}`);
				want.push(`${endpoint} outside as ${who}: ${outcome}`);
			}
		}
		expect(got).toEqual(want);
		expect(got.length).toBeGreaterThan(150);
	});

	it('lists every route for an admin and a leader of another province', () => {
		expect(Object.keys(FOREIGN()).sort()).toEqual(endpointsInCode());
	});

	it('gives an admin and a leader of another province only the public part of the campaign', async () => {
		const got: string[] = [];
		const want: string[] = [];
		const matrix = MATRIX();
		for (const [endpoint, outcome] of Object.entries(FOREIGN())) {
			for (const [role, username] of Object.entries(FOREIGN_USERS) as ['admin' | 'leader', string][]) {
				got.push(`${endpoint} as foreign ${role}: ${await request(endpoint, matrix[endpoint].path, matrix[endpoint].body, username)}`);
				want.push(`${endpoint} as foreign ${role}: ${typeof outcome === 'object' ? outcome[role] : outcome}`);
				if (endpoint.includes('/dang-xuat')) cookies[username] = await b.login(username);
			}
		}
		expect(got).toEqual(want);
	});

	it('lets the admin and the leader of the province that absorbed Thái Bình read its campaign, and change nothing', { timeout: 300_000 }, async () => {
		const got: string[] = [];
		const want: string[] = [];
		const matrix = MATRIX();
		for (const [endpoint, outcome] of Object.entries(FOREIGN())) {
			for (const [role, username] of Object.entries(ABSORBING_USERS) as ['admin' | 'leader', string][]) {
				got.push(`${endpoint} as absorbing ${role}: ${await request(endpoint, matrix[endpoint].path, matrix[endpoint].body, username)}`);
				const own = ABSORBING_OWN[endpoint] ?? outcome;
				want.push(`${endpoint} as absorbing ${role}: ${READ_AS_ABSORBED.includes(endpoint) ? matrix[endpoint].expect.leader : typeof own === 'object' ? own[role] : own}`);
				if (endpoint.includes('/dang-xuat')) cookies[username] = await b.login(username);
			}
		}
		expect(got).toEqual(want);
	});
});
