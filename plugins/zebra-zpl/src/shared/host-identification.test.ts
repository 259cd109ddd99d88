import { describe, expect, it } from 'vitest';
import { parseHostIdentification } from './host-identification.ts';

describe('a ~HI answer', () => {
  it.each([
    ['\x02ZD421-203dpi,V84.20.18Z,8,8192KB\x03\r\n', { model: 'ZD421-203dpi', firmware: 'V84.20.18Z', dotsPerMm: 8, memory: '8192KB' }],
    ['\x02ZT410-300dpi,V75.20.01Z,12,4104KB,B\x03', { model: 'ZT410-300dpi', firmware: 'V75.20.01Z', dotsPerMm: 12, memory: '4104KB' }],
    ['\x02GK420d,V61.17.17Z,8,2104KB\x03', { model: 'GK420d', firmware: 'V61.17.17Z', dotsPerMm: 8, memory: '2104KB' }],
    // Without its framing, as some network bridges pass it on.
    ['ZD621-600dpi,V93.21.26Z,24,256MB\r\n', { model: 'ZD621-600dpi', firmware: 'V93.21.26Z', dotsPerMm: 24, memory: '256MB' }],
  ])('%j reads as the model and firmware it reports', (answer, expected) => {
    expect(parseHostIdentification(answer)).toEqual(expected);
    expect(parseHostIdentification(new TextEncoder().encode(answer))).toEqual(expected);
  });

  it.each([
    ['', 'nothing'],
    ['\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n', 'a ~HS line'],
    ['\x02ZD421,firmware,8,8192KB\x03', 'a version that is not one'],
    ['\x02ZD421,V84.20.18Z,7,8192KB\x03', 'a head no Zebra has'],
    ['HTTP/1.1 400 Bad Request\r\n', 'another device on the port'],
  ])('%j (%s) is not one', (answer) => {
    expect(parseHostIdentification(answer)).toBeNull();
  });
});
