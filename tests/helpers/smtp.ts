/** A real SMTP server on loopback (smtp-server) and a small reader for what nodemailer sends. */
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	to: string[];
	raw: string;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

export async function startSmtp(port: number): Promise<{ received: ReceivedMail[]; stop: () => Promise<void> }> {
	const received: ReceivedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
			enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : qpBytes(text.replace(/_/g, ' ')).toString('utf8')
		);
}

function qpBytes(text: string): Buffer {
	const soft = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < soft.length; i++) {
		if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
			bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(soft.charCodeAt(i));
	}
	return Buffer.from(bytes);
}

export interface ParsedMail {
	subject: string;
	text: string;
	attachments: { filename: string; content: Buffer }[];
}

function headerOf(block: string, name: string): string {
	const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
	return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1].trim() ?? '';
}

function bodyOf(headers: string, body: string): Buffer {
	const encoding = headerOf(headers, 'Content-Transfer-Encoding').toLowerCase();
	if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
	if (encoding === 'quoted-printable') return qpBytes(body);
	return Buffer.from(body, 'latin1');
}

/** Subject, text part and attachments of a multipart/mixed message. */
export function parseMail(raw: string): ParsedMail {
	const split = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, split);
	const subject = decodeWords(Buffer.from(headerOf(head, 'Subject'), 'latin1').toString('utf8'));
	const boundary = /boundary="?([^";]+)"?/i.exec(head.replace(/\r?\n[ \t]+/g, ' '))?.[1];
	const parts = boundary
		? raw
				.slice(split + 4)
				.split(`--${boundary}`)
				.slice(1, -1)
		: [];
	let text = '';
	const attachments: ParsedMail['attachments'] = [];
	for (const part of parts) {
		const at = part.indexOf('\r\n\r\n');
		const headers = part.slice(0, at);
		const body = bodyOf(headers, part.slice(at + 4).replace(/\r\n$/, ''));
		const filename = /filename="?([^";\r\n]+)"?/i.exec(headers.replace(/\r?\n[ \t]+/g, ' '))?.[1];
		if (filename) attachments.push({ filename: decodeWords(filename), content: body });
		else if (/text\/plain/i.test(headerOf(headers, 'Content-Type'))) text = body.toString('utf8');
	}
	return { subject, text, attachments };
}
