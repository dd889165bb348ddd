import { InvalidPathError } from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { GcsPod, parseGcsUri } from '../src/index.js';

describe('parseGcsUri', () => {
  it('reads the bucket and prefix of gs:// and gcs:// URIs', () => {
    expect(parseGcsUri('gs://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseGcsUri('gs://my-bucket/')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseGcsUri('gcs://b.example.com/a/b/')).toEqual({
      bucket: 'b.example.com',
      prefix: 'a/b',
    });
    expect(parseGcsUri('gs://b/caf%C3%A9/x%20y').prefix).toBe('café/x y');
  });

  it('reads endpoint, project and key_file from the query', () => {
    expect(
      parseGcsUri('gs://b/p?endpoint=http://127.0.0.1:4443&project=proj&key_file=/k.json'),
    ).toEqual({
      bucket: 'b',
      prefix: 'p',
      apiEndpoint: 'http://127.0.0.1:4443',
      projectId: 'proj',
      keyFilename: '/k.json',
    });
  });

  it('rejects other schemes, missing buckets, ports, dot segments and unknown parameters', () => {
    for (const uri of [
      's3://b/p',
      'gs://',
      'gs:///p',
      'gs://b:80/p',
      'gs://b/a/../c',
      'gs://b/a/%2e%2e/c',
      'gs://b/p?region=eu',
      'not a uri',
    ]) {
      expect(() => parseGcsUri(uri), uri).toThrow(InvalidPathError);
    }
  });
});

describe('GcsPod.fromUri', () => {
  it('builds a pod for the location, options winning over the URI', () => {
    const pod = GcsPod.fromUri('gs://b/root/dir?endpoint=http://127.0.0.1:1');
    expect([pod.bucketName, pod.prefix, pod.uri]).toEqual(['b', 'root/dir', 'gs://b/root/dir']);
    expect(pod.storage.apiEndpoint).toBe('http://127.0.0.1:1');
    expect(GcsPod.fromUri('gcs://b/x', { prefix: 'y' }).prefix).toBe('y');
  });

  it('validates its options', () => {
    expect(() => new GcsPod({ bucket: '' })).toThrow(TypeError);
    expect(() => new GcsPod({ bucket: 'b', prefix: 'a/../b' })).toThrow(InvalidPathError);
    expect(() => new GcsPod({ bucket: 'b', parallelism: 0 })).toThrow(RangeError);
    expect(() => new GcsPod({ bucket: 'b', retry: { retries: -1 } })).toThrow(RangeError);
    expect(new GcsPod({ bucket: 'b', prefix: '/x/y/' }).prefix).toBe('x/y');
  });
});
