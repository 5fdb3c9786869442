// The command center's 14-day chart: the page writes the figures into data-trend; Chart.js is vendored.
(function () {
    'use strict';
    var canvas = document.getElementById('trend');
    if (!canvas || typeof Chart === 'undefined') {
        return;
    }
    var trend = JSON.parse(canvas.dataset.trend);
    new Chart(canvas, {
        type: 'line',
        data: {
            labels: trend.labels,
            datasets: trend.series.map(function (s) {
                return { label: s.label, data: s.data, borderColor: s.color, backgroundColor: s.color, tension: 0.2, pointRadius: 3 };
            })
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            interaction: { mode: 'index', intersect: false },
            scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
        }
    });
})();
