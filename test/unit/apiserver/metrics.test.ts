import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from '../../../src/runtime/metrics.js';

test('counters, gauges and histograms render in the Prometheus text format', () => {
  const m = new Metrics();
  m.inc('requests_total', 'Requests', { verb: 'get' });
  m.inc('requests_total', 'Requests', { verb: 'get' });
  m.gauge('depth', 'Queue depth', () => [{ labels: { q: 'a"b' }, value: 3 }]);
  m.observe('latency_seconds', 'Latency', {}, 0.003, [0.001, 0.01]);
  assert.equal(m.render(), [
    '# HELP requests_total Requests', '# TYPE requests_total counter', 'requests_total{verb="get"} 2',
    '# HELP depth Queue depth', '# TYPE depth gauge', 'depth{q="a\\"b"} 3',
    '# HELP latency_seconds Latency', '# TYPE latency_seconds histogram',
    'latency_seconds_bucket{le="0.001"} 0', 'latency_seconds_bucket{le="0.01"} 1', 'latency_seconds_bucket{le="+Inf"} 1',
    'latency_seconds_sum 0.003', 'latency_seconds_count 1', '',
  ].join('\n'));
});

test('a removed gauge is gone from the text, HELP and TYPE included', () => {
  const m = new Metrics();
  m.gauge('depth', 'Queue depth', () => [{ labels: {}, value: 1 }]);
  m.removeGauge('depth');
  assert.equal(m.render(), '\n');
});
