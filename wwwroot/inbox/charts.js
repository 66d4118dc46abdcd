// Chart.js, loaded the first time a page draws a chart: most agents open the inbox and never a report.

let loading = null;

/** Resolves to the Chart constructor, set up to look like the rest of the inbox. */
export function loadCharts() {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/lib/chartjs/chart.umd.min.js';
    script.onload = () => {
      const { Chart } = window;
      Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
      Chart.defaults.font.size = 12;
      Chart.defaults.color = '#5d6679';
      Chart.defaults.borderColor = '#e4e7ec';
      // Drawn at once: a chart that animates in is still blank for whoever looks first, and moves for those who asked it not to.
      Chart.defaults.animation = false;
      Chart.defaults.maintainAspectRatio = false;
      Chart.defaults.plugins.legend.labels.boxWidth = 12;
      Chart.defaults.plugins.legend.labels.boxHeight = 12;
      resolve(Chart);
    };
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(Object.assign(new Error('Chart.js could not be loaded'), { status: 0 }));
    };
    document.head.append(script);
  });
  return loading;
}

/** Colours that stay apart for colour-blind readers too (Okabe–Ito, darkened for text contrast on white). */
export const palette = {
  blue: '#2458d6',
  lightBlue: '#9db5f0',
  teal: '#0e8a7a',
  purple: '#7a4fd8',
  orange: '#d97706',
  red: '#c8281c',
};
