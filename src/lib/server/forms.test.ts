import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, SignInRequiredError, ValidationError } from '$lib/domain/errors';
import { orPageError, pageError } from './forms';

/** What `pageError` throws for `e`: SvelteKit's redirect or HTTP error, as status and text. */
function thrown(e: unknown, url?: URL): unknown {
	try {
		pageError(e, url);
	} catch (out) {
		if (isRedirect(out)) return { status: out.status, to: out.location };
		if (isHttpError(out)) return { status: out.status, message: out.body.message };
		return out;
	}
	throw new Error('pageError returned');
}

describe('pageError: the route layer maps the domain errors', () => {
	it('sends a visitor who must sign in to the login page and back to the page, with its query', () => {
		expect(thrown(new SignInRequiredError(), new URL('http://x/dot/abc/don-vi/344?lan=29'))).toEqual({
			status: 303,
			to: `/dang-nhap?sau=${encodeURIComponent('/dot/abc/don-vi/344?lan=29')}`
		});
	});

	it('answers 401 with the Vietnamese message when there is no page to come back to (a download)', () => {
		expect(thrown(new SignInRequiredError())).toEqual({ status: 401, message: 'Cần đăng nhập.' });
	});

	it('gives 403, 404 and 400 pages with the domain’s message, and rethrows anything else', () => {
		expect(thrown(new ForbiddenError('Không được.'))).toEqual({ status: 403, message: 'Không được.' });
		expect(thrown(new NotFoundError('Không có đợt số hóa mã «x».'))).toEqual({ status: 404, message: 'Không có đợt số hóa mã «x».' });
		expect(thrown(new ValidationError('Sai.'))).toEqual({ status: 400, message: 'Sai.' });
		const bug = new TypeError('boom');
		expect(thrown(bug)).toBe(bug);
	});

	it('orPageError passes a result through and maps a refusal', async () => {
		await expect(orPageError(Promise.resolve(7))).resolves.toBe(7);
		await expect(orPageError(Promise.reject(new SignInRequiredError()), new URL('http://x/dot/abc'))).rejects.toMatchObject({
			status: 303,
			location: '/dang-nhap?sau=%2Fdot%2Fabc'
		});
	});
});
