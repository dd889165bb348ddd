import { InvalidPathError } from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { parseS3Uri, S3Pod } from '../src/index.js';
import { emulatorBucket, emulatorEndpoint } from './helpers.js';

describe('parseS3Uri', () => {
  it("reads Python Lakota's s3:///bucket/prefix form", () => {
    expect(parseS3Uri('s3:///my-bucket/some/repo')).toEqual({
      bucket: 'my-bucket',
      prefix: 'some/repo',
      verify: true,
    });
  });

  it('reads the s3://bucket/prefix form', () => {
    expect(parseS3Uri('s3://my.bucket/repo/')).toMatchObject({
      bucket: 'my.bucket',
      prefix: 'repo',
    });
    expect(parseS3Uri('s3://my-bucket')).toMatchObject({ bucket: 'my-bucket', prefix: '' });
  });

  it("reads Python Lakota's s3://host:port/bucket/prefix form as a local server", () => {
    expect(parseS3Uri('s3://127.0.0.1:5300/bkt/pre')).toMatchObject({
      endpoint: 'http://127.0.0.1:5300',
      bucket: 'bkt',
      prefix: 'pre',
    });
    expect(parseS3Uri('s3://localhost/bkt')).toMatchObject({
      endpoint: 'http://localhost',
      bucket: 'bkt',
    });
  });

  it('reads credentials, profile, region, endpoint and flags from the query', () => {
    const loc = parseS3Uri(
      's3:///b/p?key=AK&secret=S%2Bx&token=T&profile=dev&region=eu-west-3&endpoint=https://s3.example.org&verify=false&conditional_write=true',
    );
    expect(loc).toEqual({
      bucket: 'b',
      prefix: 'p',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'S+x', sessionToken: 'T' },
      profile: 'dev',
      region: 'eu-west-3',
      endpoint: 'https://s3.example.org',
      verify: false,
      conditionalWrite: true,
    });
  });

  it('decodes percent-encoded prefixes', () => {
    expect(parseS3Uri('s3:///b/with%20space/x').prefix).toBe('with space/x');
  });

  it('rejects what is not an S3 location', () => {
    for (const bad of [
      'gs://b/p',
      's3:///',
      's3:///b/../x',
      's3:///b/p?key=only',
      's3:///b?verify=maybe',
      'not a uri',
    ]) {
      expect(() => parseS3Uri(bad), bad).toThrow(InvalidPathError);
    }
  });
});

describe('S3Pod.fromUri', () => {
  it('builds a working pod on a local server from a Python Lakota URI', async () => {
    const host = new URL(emulatorEndpoint()).host;
    const pod = S3Pod.fromUri(`s3://${host}/${emulatorBucket()}/from-uri/x?key=k&secret=s`);
    expect(pod.bucket).toBe(emulatorBucket());
    expect(pod.prefix).toBe('from-uri/x');
    expect(pod.uri).toBe(`s3:///${emulatorBucket()}/from-uri/x`);
    expect(pod.capabilities.conditionalWrite).toBe(false);
    await pod.write('f', new Uint8Array([7]), { force: true });
    expect(await pod.read('f')).toEqual(new Uint8Array([7]));
    await pod.rm('', { recursive: true });
    pod.destroy();
  });

  it('lets options override the URI', () => {
    const pod = S3Pod.fromUri('s3:///b/p?conditional_write=false', {
      conditionalWrite: true,
      prefix: 'q',
      clientConfig: { region: 'us-west-2' },
    });
    expect(pod.prefix).toBe('q');
    expect(pod.capabilities.conditionalWrite).toBe(true);
    pod.destroy();
  });
});
