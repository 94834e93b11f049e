import { error } from '@sveltejs/kit';
import { mapAssetByFile } from '$lib/server/dashboard/maps';
import type { RequestHandler } from './$types';

/** A map's boundaries: its name holds its content's hash, so it never changes and is cached for good. */
export const GET: RequestHandler = ({ params }) => {
	const asset = mapAssetByFile(params.file);
	if (!asset) error(404);
	return new Response(asset.svg, { headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' } });
};
