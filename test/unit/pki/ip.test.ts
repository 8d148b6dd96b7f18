import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIp, parseIp } from '../../../src/pki/ip.js';

const valid: Record<string, string> = {
  '10.32.0.1': '10.32.0.1',
  '::1': '::1',
  '::': '::',
  '2001:db8::1': '2001:db8::1',
  '2001:DB8:0:0:1:0:0:1': '2001:db8::1:0:0:1',
  'fe80::1:2:3:4': 'fe80::1:2:3:4',
  '::ffff:10.0.0.1': '10.0.0.1',
  '1:2:3:4:5:6:7:8': '1:2:3:4:5:6:7:8',
  '1::': '1::',
};
for (const [input, expected] of Object.entries(valid)) {
  test(`parses and formats ${input} as ${expected}`, () => {
    const octets = parseIp(input);
    assert.ok(octets, 'parsed');
    assert.equal(formatIp(octets), expected);
  });
}

for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', 'worker-0', '', ':::', '1.2.3.4.5', 'g::1']) {
  test(`rejects ${JSON.stringify(bad)} as an IP address`, () => {
    assert.equal(parseIp(bad), undefined);
  });
}
