import { describe, expect, it } from '@jest/globals';
// @ts-expect-error plain ESM without types: it runs in the load generator's worker thread
import { parseResponse } from '../../../bench/http-response.mjs';

const parse = (text: string) => parseResponse(Buffer.from(text, 'latin1')) as { status: number; end: number } | null;

describe('the load generator reads HTTP/1.1 responses off a keep-alive socket', () => {
  it('frames a response by its Content-Length, and waits for the whole body', () => {
    const ok = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
    expect(parse(ok)).toEqual({ status: 200, end: ok.length });
    expect(parse(ok.slice(0, -1))).toBeNull();
    expect(parse(ok.slice(0, 30))).toBeNull();
  });

  it('leaves the next response on the same socket where it starts', () => {
    const first = 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n';
    expect(parse(`${first}HTTP/1.1 401 Unauthorized\r\n`)).toEqual({ status: 200, end: first.length });
  });

  it('follows chunked bodies to their last chunk, including a chunk that looks like the end', () => {
    const chunked =
      'HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n0\r\n\r\nab\r\n3\r\nxyz\r\n0\r\n\r\n';
    expect(parse(chunked)).toEqual({ status: 500, end: chunked.length });
    expect(parse(chunked.slice(0, -2))).toBeNull();
    expect(parse(chunked.slice(0, 60))).toBeNull();
  });

  it('takes a response with neither header as having no body', () => {
    expect(parse('HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n')).toEqual({ status: 204, end: 36 });
  });
});
