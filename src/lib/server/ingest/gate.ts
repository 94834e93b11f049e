/**
 * How many uploads are being read at once, by each user and on the whole server. A file
 * beyond the limits is refused at once (HTTP 429) rather than queued: four crafted files
 * sent together by one clerk must not hold four workers and their memory.
 */
import { LimitError } from '$lib/domain/errors';
import { MAX_UPLOADS_AT_ONCE, MAX_UPLOADS_AT_ONCE_PER_USER } from '$lib/domain/limits';

const byUser = new Map<number, number>();
let total = 0;

/** Takes a place for one upload of the user, or refuses; the returned function gives it back. */
export function enterUpload(userId: number): () => void {
	const mine = byUser.get(userId) ?? 0;
	if (mine >= MAX_UPLOADS_AT_ONCE_PER_USER) throw new LimitError('Bạn đang có một tệp đang được đọc; hãy đợi tệp đó xong rồi tải lên tệp tiếp theo.');
	if (total >= MAX_UPLOADS_AT_ONCE) throw new LimitError('Máy chủ đang đọc nhiều tệp tải lên cùng lúc; hãy thử lại sau ít phút.');
	byUser.set(userId, mine + 1);
	total++;
	let left = false;
	return () => {
		if (left) return;
		left = true;
		total--;
		const now = (byUser.get(userId) ?? 1) - 1;
		if (now > 0) byUser.set(userId, now);
		else byUser.delete(userId);
	};
}
