// Registry changes on /Admin/RiskAreas: while a change's re-decisions are pending or running, ask the API for its
// progress every two seconds and move its bar; stop when every change is done or failed.
(function () {
    'use strict';
    const rows = () => Array.from(document.querySelectorAll('[data-testid=registry-change]'))
        .filter(row => row.dataset.status === 'pending' || row.dataset.status === 'running');

    async function refresh() {
        const open = rows();
        if (open.length === 0) {
            return;
        }

        for (const row of open) {
            try {
                const response = await fetch('/api/v1/registry-changes/' + encodeURIComponent(row.dataset.id), { credentials: 'same-origin' });
                if (!response.ok) {
                    continue;
                }

                const change = await response.json();
                const percent = change.candidates === 0 ? (change.status === 'done' ? 100 : 0) : Math.floor(change.processed * 100 / change.candidates);
                row.dataset.status = change.status;
                row.querySelector('[data-bar]').style.width = percent + '%';
                row.querySelector('[role=progressbar]').setAttribute('aria-valuenow', String(percent));
                const text = row.querySelector('[data-progress-text]');
                text.textContent = text.textContent.replace(/\d+ \/ \d+$/, change.processed + ' / ' + change.candidates);
                row.querySelector('[data-changed]').textContent = String(change.changed);
            } catch {
                // Offline for a moment: the next round tries again.
            }
        }

        window.setTimeout(refresh, 2000);
    }

    window.setTimeout(refresh, 1000);
})();
