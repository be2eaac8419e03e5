// One ECharts instance on an element for the life of a component: created on mount, drawn
// again when `option` changes, resized with its element, disposed on unmount. Only the lazily
// loaded chart components import it (the insights charts, the registration stats chart), so
// ECharts stays off other pages.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { init, type ChartOption } from '@/utils/echarts';

export function useChart(host: Ref<HTMLElement | null>, option: () => ChartOption): void {
  let chart: ReturnType<typeof init> | null = null;
  let observer: ResizeObserver | null = null;

  function draw(): void {
    if (!chart) return;
    chart.setOption(option(), { notMerge: true });
    chart.resize();
  }

  onMounted(() => {
    if (!host.value) return;
    chart = init(host.value, undefined, { renderer: 'canvas' });
    draw();
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(host.value);
    }
  });

  watch(option, () => requestAnimationFrame(draw));

  onBeforeUnmount(() => {
    observer?.disconnect();
    chart?.dispose();
    chart = null;
  });
}
