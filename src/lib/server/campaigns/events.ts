/** In-process notice that campaign settings changed, so the scheduler re-reads snapshot times at once. */
type Listener = () => void;

const listeners = new Set<Listener>();

export function onCampaignsChanged(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function campaignsChanged(): void {
	for (const listener of listeners) listener();
}
