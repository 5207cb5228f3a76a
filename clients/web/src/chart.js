// The earnings chart: an account's total earned at each of the last N blocks, kept live.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A chart in `container` of `points` ({ number, earned } in planck, oldest first), at most
 * `capacity` of them. The container's data attributes carry what it draws, exactly: the count,
 * the first and last block numbers, and the last earned figure in planck.
 */
export class EarningsChart {
  constructor(container, { decimals, token }) {
    this.container = container;
    this.scale = 10 ** decimals;
    this.points = [];
    this.capacity = 0;
    this.address = null;
    this.plot = new uPlot({
      width: Math.max(320, container.clientWidth || 640),
      height: 220,
      scales: { x: { time: false } },
      axes: [{ label: 'block', incrs: [1, 2, 5, 10, 20, 50, 100], values: (_, ticks) => ticks.map((t) => `#${t}`) }, { label: `earned (${token})`, size: 80 }],
      series: [{ label: 'block' }, { label: `earned (${token})`, stroke: '#2f6f4f', fill: 'rgba(47,111,79,0.12)', width: 2, points: { show: true } }],
    }, [[], []], container);
  }

  /** Replaces every point with `address`'s `points`, keeping at most `capacity`. */
  reset(address, points, capacity) {
    this.address = address;
    this.capacity = capacity;
    this.points = points.slice(Math.max(0, points.length - capacity));
    this.draw();
  }

  /** Fits the chart to its container's width, once the container is shown. */
  fit() {
    this.plot.setSize({ width: Math.max(320, this.container.clientWidth || 640), height: 220 });
  }

  /** Whether the chart shows `address`'s earnings. */
  follows(address) {
    return this.address === address && this.points.length > 0;
  }

  /** The number of the last block drawn. */
  lastNumber() {
    return this.points[this.points.length - 1]?.number ?? -1;
  }

  /** Adds (or replaces, for a re-announced block) the point of block `point.number`. */
  add(point) {
    this.points = this.points.filter((p) => p.number < point.number);
    this.points.push(point);
    this.points = this.points.slice(Math.max(0, this.points.length - this.capacity));
    this.draw();
  }

  draw() {
    const xs = this.points.map((p) => p.number);
    const ys = this.points.map((p) => Number(p.earned) / this.scale);
    this.plot.setData([xs, ys]);
    const data = this.container.dataset;
    data.points = String(this.points.length);
    data.firstBlock = String(xs[0] ?? '');
    data.lastBlock = String(xs[xs.length - 1] ?? '');
    data.lastEarned = String(this.points[this.points.length - 1]?.earned ?? '');
  }

  destroy() {
    this.plot.destroy();
  }
}

/** Whole blocks between the block axis's ticks. */
const BLOCK_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

/**
 * The all-time chart of the History view: an account's earned and claimed, in all, after each
 * block in which they changed. `points` are { block, earned, claimed } in planck, oldest first.
 * The container's data attributes carry the last point's figures, exactly.
 */
export class HistoryChart {
  constructor(container, { decimals, token }) {
    this.container = container;
    this.scale = 10 ** decimals;
    this.plot = new uPlot({
      width: Math.max(320, container.clientWidth || 640),
      height: 240,
      scales: { x: { time: false } },
      axes: [
        { label: 'block', incrs: BLOCK_STEPS, values: (_, ticks) => ticks.map((t) => `#${t}`) },
        { label: token, size: 80, values: (_, ticks) => ticks.map((t) => t.toLocaleString('en', { maximumSignificantDigits: 6 })) },
      ],
      series: [
        { label: 'block' },
        { label: `earned (${token})`, stroke: '#2f6f4f', width: 2, points: { show: false } },
        { label: `claimed (${token})`, stroke: '#b06a1c', width: 2, points: { show: false } },
      ],
    }, [[], [], []], container);
  }

  show(points) {
    this.plot.setSize({ width: Math.max(320, this.container.clientWidth || 640), height: 240 });
    const toUnits = (planck) => Number(planck) / this.scale;
    this.plot.setData([points.map((p) => p.block), points.map((p) => toUnits(p.earned)), points.map((p) => toUnits(p.claimed))]);
    const last = points[points.length - 1];
    Object.assign(this.container.dataset, {
      points: String(points.length),
      lastBlock: String(last?.block ?? ''),
      lastEarned: String(last?.earned ?? 0n),
      lastClaimed: String(last?.claimed ?? 0n),
    });
  }

  destroy() {
    this.plot.destroy();
  }
}
